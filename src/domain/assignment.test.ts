import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assignTask, type AssignmentContext, type AssignmentState, type RosterRole } from './assignment.ts';

const member = (userId: string, isLead = false) => ({ userId, name: userId, active: true, isLead });
const role = (over: Partial<RosterRole>): RosterRole => ({
  key: 'it',
  name: 'IT',
  kind: 'delivery',
  strategy: 'round_robin',
  fixedUserId: null,
  members: [member('ivy', true), member('ian')],
  ...over,
});
const ctx = (over: Partial<AssignmentContext> = {}): AssignmentContext => ({
  dealOwnerId: 'sam',
  csmId: 'casey',
  salesIds: new Set(['sam', 'riley']),
  activeIds: new Set(['ivy', 'ian', 'casey', 'pat', 'petra', 'sam', 'riley', 'am']),
  ...over,
});
const fresh = (): AssignmentState => ({ cursors: new Map(), openTasks: new Map() });

test('round robin takes turns and the turn carries over to the next task', () => {
  const state = fresh();
  const owners = [1, 2, 3].map(() => assignTask(role({}), 'it', ctx(), state).ownerId);
  assert.deepEqual(owners, ['ivy', 'ian', 'ivy']);
  assert.equal(state.cursors.get('it'), 1);
});

test('fewest open tasks picks the least busy person, ties by roster order', () => {
  const state: AssignmentState = {
    cursors: new Map(),
    openTasks: new Map([
      ['pat', 4],
      ['petra', 1],
    ]),
  };
  const lead = role({ key: 'project_lead', name: 'Project lead', strategy: 'least_open', members: [member('pat', true), member('petra')] });
  assert.equal(assignTask(lead, 'project_lead', ctx(), state).ownerId, 'petra');
  assert.equal(assignTask(lead, 'project_lead', ctx(), state).ownerId, 'petra');
  assert.equal(state.openTasks.get('petra'), 3);
  const tie: AssignmentState = { cursors: new Map(), openTasks: new Map() };
  assert.equal(assignTask(lead, 'project_lead', ctx(), tie).ownerId, 'pat');
});

test("the deal's own people: the account CSM, and the deal owner when the owner does not sell", () => {
  const am = role({ key: 'account_manager', name: 'Account manager', strategy: 'deal_csm', members: [member('am', true)] });
  assert.deepEqual(assignTask(am, 'account_manager', ctx(), fresh()), {
    ownerId: 'casey',
    strategy: 'deal_csm',
    flagged: false,
    reason: 'Account CSM for Account manager',
  });
  const owner = role({ strategy: 'deal_owner' });
  assert.equal(assignTask(owner, 'it', ctx({ dealOwnerId: 'pat' }), fresh()).ownerId, 'pat');
});

test('a fixed person takes every task of the role', () => {
  const fixed = role({ strategy: 'fixed', fixedUserId: 'ian' });
  assert.equal(assignTask(fixed, 'it', ctx(), fresh()).ownerId, 'ian');
});

test('the sales rep is never given a delivery task: the task goes to the role lead, flagged', () => {
  const owner = role({ strategy: 'deal_owner' });
  const a = assignTask(owner, 'it', ctx({ dealOwnerId: 'sam' }), fresh());
  assert.equal(a.ownerId, 'ivy');
  assert.equal(a.flagged, true);
  assert.match(a.reason, /sales rep, who takes no delivery tasks/);
  // A salesperson listed in a role is skipped by round robin too.
  const mixed = role({ members: [member('riley'), member('ian', true)] });
  assert.deepEqual(
    [1, 2].map(() => assignTask(mixed, 'it', ctx(), fresh()).ownerId),
    ['ian', 'ian'],
  );
});

test('a task nobody can take goes to the lead and is flagged; with no lead it has no owner and says why', () => {
  const nobody = role({ strategy: 'fixed', fixedUserId: 'gone', members: [member('pat', true)] });
  const toLead = assignTask(nobody, 'it', ctx(), fresh());
  assert.match(toLead.reason, /Given to the IT lead: the fixed person is inactive or sells/);
  assert.deepEqual([toLead.ownerId, toLead.strategy, toLead.flagged], ['pat', 'lead', true]);
  const noLead = assignTask(role({ members: [] }), 'it', ctx(), fresh());
  assert.equal(noLead.ownerId, null);
  assert.match(noLead.reason, /IT has no lead/);
  assert.match(assignTask(undefined, 'legal_review', ctx(), fresh()).reason, /No team role "legal_review"/);
});

test('a sales role shares its work among its people, sales people included; a delivery role never picks them', () => {
  const distributors = role({ key: 'lead_distributors', name: 'Lead distributors', kind: 'sales', members: [member('sam'), member('riley'), member('ian')] });
  const state = fresh();
  assert.deepEqual(
    [1, 2, 3, 4].map(() => assignTask(distributors, 'lead_distributors', ctx(), state).ownerId),
    ['sam', 'riley', 'ian', 'sam'],
  );
  const busy: AssignmentState = {
    cursors: new Map(),
    openTasks: new Map([
      ['sam', 3],
      ['ian', 1],
    ]),
  };
  assert.equal(assignTask({ ...distributors, strategy: 'least_open' }, 'lead_distributors', ctx(), busy).ownerId, 'riley');
  assert.equal(assignTask({ ...distributors, strategy: 'fixed', fixedUserId: 'riley' }, 'lead_distributors', ctx(), fresh()).ownerId, 'riley');
  assert.equal(assignTask({ ...distributors, strategy: 'deal_owner' }, 'lead_distributors', ctx(), fresh()).ownerId, 'sam');
  // The same people on a delivery role: only the one who does not sell is picked.
  const delivery = { ...distributors, kind: 'delivery' as const };
  const again = fresh();
  assert.deepEqual(
    [1, 2].map(() => assignTask(delivery, 'lead_distributors', ctx(), again).ownerId),
    ['ian', 'ian'],
  );
  assert.equal(assignTask({ ...delivery, strategy: 'fixed', fixedUserId: 'riley' }, 'lead_distributors', ctx(), fresh()).ownerId, null);
});
