// Leads handed to sales through the API: entering "handoff to sales" gives the distributor one handoff task (never
// two), the task is completed with one of five results that each set the lead's stage and need maturity, write its
// history, the audit log and an event rules start on; converting a lead links or creates its account, contact and
// deal without duplicates, also under repeated and concurrent calls.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { createSession } from '../src/adapters/db/auth.repo.ts';
import { createAccount } from '../src/flows/crm.flow.ts';
import { createRule } from '../src/flows/rules.flow.ts';
import type { Role } from '../src/domain/roles.ts';
import { addDelivery, bearer, type Fixture } from './helpers/fixtures.ts';
import { winDeal } from '../src/flows/close-deal.flow.ts';
import { useTestServer } from './helpers/test-server.ts';

const { inject, db, deps, drain, workspace, setUp } = useTestServer();
let f: Fixture;

setUp(async () => {
  f = await workspace();
});

type Session = { cookies: Record<string, string>; csrf: string };
const sessions = new Map<string, Session>();

/** A request as a person (the handoff task is theirs), by role. */
async function as(who: Role, method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) {
  const id = f.users[who].id;
  let s = sessions.get(id);
  if (!s) {
    const { token, csrfToken } = await createSession(db(), { id, workspace_id: f.workspace.id }, 3_600_000);
    s = { cookies: { baton_session: token }, csrf: csrfToken };
    sessions.set(id, s);
  }
  return inject({ method, url, cookies: s.cookies, headers: { 'x-csrf-token': s.csrf }, ...(payload && { payload }) });
}

type Ref = { id: string; name: string };
type Task = {
  id: string;
  title: string;
  status: string;
  owner: Ref | null;
  reporter: Ref | null;
  dueDate: string | null;
  startsAt: string | null;
  priority: string | null;
  category: string | null;
  result: string | null;
  lead: Ref | null;
  contact: Ref | null;
  account: Ref | null;
};
type Lead = {
  id: string;
  title: string;
  stage: string;
  needMaturity: string;
  handoff: Record<string, unknown> | null;
  opportunity: Ref | null;
  account: Ref | null;
  contact: Ref | null;
  history: { kind: string; data: Record<string, unknown>; actor: string }[];
  tasks: Task[];
};

let counter = 0;
/** A lead distributed by the sales person, with the fixture's account and sponsor, in handoff to sales. */
async function leadInHandoff(extra: object = {}): Promise<{ lead: Lead; task: Task }> {
  counter += 1;
  const created = await as('admin', 'POST', '/api/leads', {
    title: `Lead ${counter}`,
    source: 'website',
    accountId: f.account.id,
    contactId: f.contacts.sponsor.id,
    distributorId: f.users.sales.id,
    expectedSaleDate: '2027-03-31',
    priority: 'high',
    ...extra,
  });
  assert.equal(created.statusCode, 201, created.body);
  const moved = await as('admin', 'POST', `/api/leads/${created.json().id}/stage`, { stage: 'handoff_to_sales' });
  assert.equal(moved.statusCode, 200, moved.body);
  const lead = await getLead(created.json().id);
  const open = lead.tasks.filter((t) => t.status === 'todo');
  assert.equal(open.length, 1);
  return { lead, task: open[0]! };
}

async function getLead(id: string): Promise<Lead> {
  const res = await as('admin', 'GET', `/api/leads/${id}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const complete = (taskId: string, body: object, who: Role = 'sales') => as(who, 'POST', `/api/tasks/${taskId}/complete`, body);

async function outboxTypes(leadId: string): Promise<string[]> {
  const rows = await db().selectFrom('outbox_events').select('type').where('subject_id', '=', leadId).orderBy('id').execute();
  return rows.map((r) => r.type);
}

async function auditActions(entityId: string): Promise<string[]> {
  const rows = await db().selectFrom('audit_log').select('action').where('entity_id', '=', entityId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

const handoffForm = () => ({
  needType: 'Field service scheduling',
  budgetMinor: 4_800_000,
  salesOwnerId: f.users.admin.id,
  salesDivision: 'Enterprise North',
  firstMeetingAt: '2027-01-12T09:30:00Z',
  decisionTimeline: 'Board decides in February',
  notes: 'The COO signs; IT wants SSO',
});

describe('the handoff task', () => {
  test('entering handoff to sales gives the distributor the handoff task, due the expected sale date, on their task list', async () => {
    const before = Date.now();
    const { lead, task } = await leadInHandoff();
    assert.equal(lead.stage, 'handoff_to_sales');
    assert.equal(task.title, 'Contact the customer and specify the need, budget, and customer decision-making role');
    assert.deepEqual(task.owner, { id: f.users.sales.id, name: 'sales person' });
    assert.deepEqual(task.reporter, { id: f.users.admin.id, name: 'admin person' });
    assert.equal(task.dueDate, '2027-03-31');
    assert.ok(task.startsAt && Date.parse(task.startsAt) >= before - 1000, 'starts now');
    assert.equal(task.priority, 'high');
    assert.equal(task.category, 'lead_handoff');
    assert.equal(task.lead?.id, lead.id);
    assert.equal(task.contact?.id, f.contacts.sponsor.id);
    assert.equal(task.account?.id, f.account.id);
    const mine = await as('sales', 'GET', '/api/tasks?mine=true&limit=200');
    assert.ok(
      mine.json().items.some((t: Task) => t.id === task.id),
      "the task is on the distributor's list",
    );
    assert.ok(lead.history.some((h) => h.kind === 'handoff_task_created' && h.data.taskId === task.id));
    assert.ok((await auditActions(task.id)).includes('task.created'));
    assert.ok((await outboxTypes(lead.id)).includes('lead.stage_changed'));
  });

  test('a lead without a distributor gives the handoff task to its author', async () => {
    const { task } = await leadInHandoff({ distributorId: null });
    assert.equal(task.owner?.id, f.users.admin.id);
  });

  test('a lead without an account or contact gets a handoff task without them', async () => {
    const { task } = await leadInHandoff({ accountId: null, contactId: null, companyName: 'Nobody yet' });
    assert.equal(task.account, null);
    assert.equal(task.contact, null);
  });

  test('entering handoff to sales again, one after another or 20 at once, never gives a second open handoff task', async () => {
    const { lead, task } = await leadInHandoff();
    assert.equal((await as('admin', 'POST', `/api/leads/${lead.id}/stage`, { stage: 'handoff_to_sales' })).statusCode, 200);
    const all = await Promise.all(Array.from({ length: 20 }, () => as('admin', 'POST', `/api/leads/${lead.id}/stage`, { stage: 'handoff_to_sales' })));
    assert.deepEqual(new Set(all.map((r) => r.statusCode)), new Set([200]));
    const after = await getLead(lead.id);
    assert.deepEqual(
      after.tasks.map((t) => t.id),
      [task.id],
    );
  });

  test("a new distributor takes over the lead's open handoff task", async () => {
    const { lead, task } = await leadInHandoff();
    const res = await as('admin', 'PATCH', `/api/leads/${lead.id}`, { distributorId: f.users.cs.id });
    assert.equal(res.statusCode, 200, res.body);
    const after = (await as('admin', 'GET', `/api/tasks/${task.id}`)).json();
    assert.equal(after.owner.id, f.users.cs.id);
    assert.ok((await getLead(lead.id)).history.some((h) => h.kind === 'updated'));
  });

  test('leaving handoff to sales by hand cancels the open handoff task; coming back gives a new one', async () => {
    const { lead, task } = await leadInHandoff();
    await as('admin', 'POST', `/api/leads/${lead.id}/stage`, { stage: 'qualification' });
    await as('admin', 'POST', `/api/leads/${lead.id}/stage`, { stage: 'handoff_to_sales' });
    const after = await getLead(lead.id);
    assert.equal(after.tasks.find((t) => t.id === task.id)?.status, 'cancelled');
    assert.equal(after.tasks.filter((t) => t.status === 'todo').length, 1);
  });

  test('entering handoff to sales without an expected sale date is a 400 naming it', async () => {
    const created = await as('admin', 'POST', '/api/leads', { title: 'No date', distributorId: f.users.sales.id });
    const res = await as('admin', 'POST', `/api/leads/${created.json().id}/stage`, { stage: 'handoff_to_sales' });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.fields[0].path, 'body:/expectedSaleDate');
    assert.equal((await getLead(created.json().id)).tasks.length, 0);
  });

  test('the handoff task is not completed without a result, and the result needs what it needs', async () => {
    const { task } = await leadInHandoff();
    const patched = await as('sales', 'PATCH', `/api/tasks/${task.id}`, { status: 'done' });
    assert.equal(patched.statusCode, 400);
    assert.equal(patched.json().error.fields[0].path, 'body:/status');
    const none = await complete(task.id, {});
    assert.equal(none.statusCode, 400);
    assert.equal(none.json().error.fields[0].path, 'body:/result');
    const wrong = await complete(task.id, { result: 'maybe_later' });
    assert.equal(wrong.statusCode, 400);
    const noForm = await complete(task.id, { result: 'proceed_to_handoff' });
    assert.equal(noForm.statusCode, 400);
    assert.equal(noForm.json().error.fields[0].path, 'body:/details');
    const badForm = await complete(task.id, { result: 'proceed_to_handoff', details: { ...handoffForm(), budgetMinor: -1 } });
    assert.equal(badForm.statusCode, 400);
    assert.match(JSON.stringify(badForm.json().error.fields), /budgetMinor/);
    const noDate = await complete(task.id, { result: 'rescheduled' });
    assert.equal(noDate.statusCode, 400);
    assert.equal(noDate.json().error.fields[0].path, 'body:/dueDate');
    const past = await complete(task.id, { result: 'rescheduled', dueDate: '2020-01-01' });
    assert.equal(past.statusCode, 400);
    const notOwner = await complete(task.id, { result: 'proceed_to_order' }, 'finance');
    assert.equal(notOwner.statusCode, 403);
    const still = await as('admin', 'GET', `/api/tasks/${task.id}`);
    assert.equal(still.json().status, 'todo');
  });

  test('any other task is completed without a result, and refuses one', async () => {
    const { project } = await addDeliveryProject();
    const other = project.tasks.find((t: Task) => t.status === 'todo' && !t.category)!;
    const withResult = await complete(other.id, { result: 'proceed_to_order' }, 'admin');
    assert.equal(withResult.statusCode, 400);
    assert.equal(withResult.json().error.fields[0].path, 'body:/result');
    const done = await complete(other.id, { override: true }, 'admin');
    assert.equal(done.statusCode, 200, done.body);
    assert.equal(done.json().status, 'done');
    assert.equal(done.json().result, null);
  });
});

async function addDeliveryProject() {
  await addDelivery(deps(), f);
  const won = await winDeal(deps(), { workspaceId: f.workspace.id, opportunityId: f.opportunity.id, actor: f.users.sales.actor });
  assert.ok(won);
  await drain();
  const projects = await as('admin', 'GET', `/api/projects?limit=200`);
  const summary = projects.json().items.find((p: { opportunity: Ref | null }) => p.opportunity?.id === f.opportunity.id);
  const project = (await as('admin', 'GET', `/api/projects/${summary.id}`)).json();
  return { project };
}

describe('the five results', () => {
  test('proceed to order: awaiting sale, sales-ready, no open task, its event and audit entry', async () => {
    const { lead, task } = await leadInHandoff();
    const res = await complete(task.id, { result: 'proceed_to_order' });
    assert.equal(res.statusCode, 200, res.body);
    assert.equal(res.json().status, 'done');
    assert.equal(res.json().result, 'proceed_to_order');
    const after = await getLead(lead.id);
    assert.equal(after.stage, 'awaiting_sale');
    assert.equal(after.needMaturity, 'sales_ready');
    assert.equal(after.tasks.filter((t) => t.status === 'todo').length, 0);
    const entry = after.history.find((h) => h.kind === 'handoff_result')!;
    assert.equal(entry.data.result, 'proceed_to_order');
    assert.equal(entry.actor, 'sales person');
    assert.ok((await outboxTypes(lead.id)).includes('lead.proceeded_to_order'));
    assert.ok((await auditActions(lead.id)).includes('lead.handoff_proceed_to_order'));
    // The audit log names the lead and the people its entries point at.
    const audit = (await as('admin', 'GET', `/api/audit?entityId=${lead.id}`)).json().items as {
      action: string;
      references: Record<string, { type: string; name: string }>;
    }[];
    const created = audit.find((e) => e.action === 'lead.created')!;
    assert.deepEqual(created.references[lead.id], { type: 'lead', name: lead.title });
    assert.deepEqual(created.references[f.users.sales.id], { type: 'user', name: 'sales person' });
  });

  test('proceed to handoff: the form is saved on the lead and in its history, awaiting sale, sales-ready; it stays editable', async () => {
    const { lead, task } = await leadInHandoff();
    const res = await complete(task.id, { result: 'proceed_to_handoff', details: handoffForm() });
    assert.equal(res.statusCode, 200, res.body);
    const after = await getLead(lead.id);
    assert.equal(after.stage, 'awaiting_sale');
    assert.equal(after.needMaturity, 'sales_ready');
    assert.deepEqual(after.handoff, {
      ...handoffForm(),
      firstMeetingAt: '2027-01-12T09:30:00.000Z',
      currency: 'USD',
      salesOwnerName: 'admin person',
    });
    const entry = after.history.find((h) => h.kind === 'handoff_result')!;
    assert.equal((entry.data.handoff as { needType: string }).needType, 'Field service scheduling');
    assert.ok((await outboxTypes(lead.id)).includes('lead.proceeded_to_handoff'));

    const edited = await as('sales', 'PATCH', `/api/leads/${lead.id}/handoff`, { budgetMinor: 5_000_000, decisionTimeline: 'Board decides in March' });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().handoff.budgetMinor, 5_000_000);
    assert.equal(edited.json().handoff.needType, 'Field service scheduling');
    const history = (await getLead(lead.id)).history.find((h) => h.kind === 'handoff_edited')!;
    assert.deepEqual(history.data, {
      before: { budgetMinor: 4_800_000, decisionTimeline: 'Board decides in February' },
      after: { budgetMinor: 5_000_000, decisionTimeline: 'Board decides in March' },
    });
    const blank = await as('sales', 'PATCH', `/api/leads/${lead.id}/handoff`, { needType: '   ' });
    assert.equal(blank.statusCode, 400);
    assert.equal(blank.json().error.fields[0].path, 'body:/needType');
  });

  test('back to distribution: distribution, discovered', async () => {
    const { lead, task } = await leadInHandoff({ needMaturity: 'sales_ready' });
    const res = await complete(task.id, { result: 'back_to_distribution' });
    assert.equal(res.statusCode, 200, res.body);
    const after = await getLead(lead.id);
    assert.equal(after.stage, 'distribution');
    assert.equal(after.needMaturity, 'discovered');
    assert.equal(after.tasks.filter((t) => t.status === 'todo').length, 0);
    assert.ok(after.history.some((h) => h.kind === 'handoff_result' && h.data.result === 'back_to_distribution'));
    assert.ok((await outboxTypes(lead.id)).includes('lead.returned_to_distribution'));
  });

  test('rescheduled: stays in handoff to sales with a new handoff task due on the new date', async () => {
    const { lead, task } = await leadInHandoff();
    const res = await complete(task.id, { result: 'rescheduled', dueDate: '2027-04-15' });
    assert.equal(res.statusCode, 200, res.body);
    const after = await getLead(lead.id);
    assert.equal(after.stage, 'handoff_to_sales');
    assert.equal(after.needMaturity, 'discovered');
    const open = after.tasks.filter((t) => t.status === 'todo');
    assert.equal(open.length, 1);
    assert.notEqual(open[0]!.id, task.id);
    assert.equal(open[0]!.dueDate, '2027-04-15');
    assert.equal(open[0]!.owner?.id, f.users.sales.id);
    assert.equal(after.tasks.find((t) => t.id === task.id)?.result, 'rescheduled');
    const entry = after.history.find((h) => h.kind === 'handoff_result')!;
    assert.equal(entry.data.nextTaskId, open[0]!.id);
    assert.ok((await outboxTypes(lead.id)).includes('lead.handoff_rescheduled'));
  });

  test('not interested: need maturity not interested, the stage stays', async () => {
    const { lead, task } = await leadInHandoff();
    const res = await complete(task.id, { result: 'not_interested' });
    assert.equal(res.statusCode, 200, res.body);
    const after = await getLead(lead.id);
    assert.equal(after.stage, 'handoff_to_sales');
    assert.equal(after.needMaturity, 'not_interested');
    assert.equal(after.tasks.filter((t) => t.status === 'todo').length, 0);
    assert.ok((await outboxTypes(lead.id)).includes('lead.not_interested'));
    assert.ok((await auditActions(lead.id)).includes('lead.handoff_not_interested'));
  });

  test('20 concurrent completions of one handoff task: one result counts, one new task, the others are refused', async () => {
    const { lead, task } = await leadInHandoff();
    const all = await Promise.all(Array.from({ length: 20 }, () => complete(task.id, { result: 'rescheduled', dueDate: '2027-05-02' })));
    assert.deepEqual(all.map((r) => r.statusCode).sort(), [200, ...Array<number>(19).fill(409)]);
    const after = await getLead(lead.id);
    assert.equal(after.tasks.filter((t) => t.status === 'todo').length, 1);
    assert.equal(after.history.filter((h) => h.kind === 'handoff_result').length, 1);
    assert.equal((await outboxTypes(lead.id)).filter((t) => t === 'lead.handoff_rescheduled').length, 1);
  });

  test('a completed handoff task is not completed again', async () => {
    const { task } = await leadInHandoff();
    assert.equal((await complete(task.id, { result: 'proceed_to_order' })).statusCode, 200);
    const again = await complete(task.id, { result: 'not_interested' });
    assert.equal(again.statusCode, 409);
  });

  test('a rule starts on a result: "when a lead from the website is not interested, tell ops" (not for a lead from elsewhere)', async () => {
    await drain();
    await createRule(
      deps(),
      { workspaceId: f.workspace.id, actor: f.users.admin.actor },
      {
        key: 'lead-not-interested',
        name: 'Lead not interested: tell the manager',
        trigger: { type: 'event', event: 'lead.not_interested' },
        condition: { field: 'lead.source', op: 'eq', value: 'website' },
        actions: [
          {
            key: 'tell',
            type: 'notify',
            params: { recipientType: 'user', recipient: f.users.ops.id, channel: 'in_app', title: 'A lead is not interested', body: 'See the lead' },
          },
        ],
      },
    );
    const catalog = await as('admin', 'GET', '/api/rules/catalog');
    const triggers = (catalog.json().triggers as { event: string }[]).map((t) => t.event);
    for (const e of [
      'lead.proceeded_to_order',
      'lead.proceeded_to_handoff',
      'lead.returned_to_distribution',
      'lead.handoff_rescheduled',
      'lead.not_interested',
    ])
      assert.ok(triggers.includes(e), e);
    const { task } = await leadInHandoff();
    await complete(task.id, { result: 'not_interested' });
    const other = await leadInHandoff({ source: 'trade fair' });
    await complete(other.task.id, { result: 'not_interested' });
    await drain();
    const notes = await db()
      .selectFrom('notifications')
      .select('title')
      .where('user_id', '=', f.users.ops.id)
      .where('title', '=', 'A lead is not interested')
      .execute();
    assert.equal(notes.length, 1);
  });
});

describe('conversion', () => {
  async function freshLead(body: object) {
    counter += 1;
    const res = await as('admin', 'POST', '/api/leads', {
      title: `Converted ${counter}`,
      distributorId: f.users.sales.id,
      expectedSaleDate: '2027-02-28',
      ...body,
    });
    assert.equal(res.statusCode, 201, res.body);
    return res.json() as Lead;
  }
  const count = async (table: 'accounts' | 'contacts' | 'opportunities', column: string, value: string) =>
    (
      await db()
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as('n'))
        .where('workspace_id', '=', f.workspace.id)
        .where(sql<boolean>`lower(${sql.ref(column)}) = ${value}`)
        .executeTakeFirstOrThrow()
    ).n;

  test('converting a handed-off lead creates the account, contact and deal with the handoff details, and the deal reaches the lead', async () => {
    const lead = await freshLead({ companyName: 'Northwind Traders', contactName: 'Dana Scully', email: 'dana@northwind.example' });
    await as('admin', 'POST', `/api/leads/${lead.id}/stage`, { stage: 'handoff_to_sales' });
    const task = (await getLead(lead.id)).tasks[0]!;
    assert.equal((await complete(task.id, { result: 'proceed_to_handoff', details: handoffForm() })).statusCode, 200);
    const res = await as('sales', 'POST', `/api/leads/${lead.id}/convert`);
    assert.equal(res.statusCode, 201, res.body);
    const body = res.json();
    assert.equal(body.created, true);
    assert.equal(body.accountCreated, true);
    assert.equal(body.contactCreated, true);
    assert.equal(body.lead.stage, 'converted');
    const deal = (await as('admin', 'GET', `/api/opportunities/${body.opportunityId}`)).json();
    assert.equal(deal.name, lead.title);
    assert.equal(deal.amountMinor, 4_800_000);
    assert.equal(deal.currency, 'USD');
    assert.equal(deal.closeDate, '2027-02-28');
    assert.equal(deal.ownerId ?? deal.owner?.id, f.users.admin.id);
    const account = (await as('admin', 'GET', `/api/accounts/${body.lead.account.id}`)).json();
    assert.equal(account.name, 'Northwind Traders');
    assert.equal(account.domain, 'northwind.example');
    const note = await db().selectFrom('activities').select(['body']).where('opportunity_id', '=', body.opportunityId).executeTakeFirstOrThrow();
    assert.match(note.body, /Need type: Field service scheduling/);
    assert.match(note.body, /Budget: \$48,000\.00/);
    assert.match(note.body, /Sales division: Enterprise North/);
    assert.match(note.body, /Decision timeline: Board decides in February/);
    assert.match(note.body, /Notes: The COO signs; IT wants SSO/);
    const fromDeal = (await as('admin', 'GET', `/api/leads?opportunityId=${body.opportunityId}`)).json();
    assert.deepEqual(
      fromDeal.items.map((l: Lead) => l.id),
      [lead.id],
    );
    const history = (await getLead(lead.id)).history;
    assert.ok(history.some((h) => h.kind === 'handoff_result'));
    assert.ok(history.some((h) => h.kind === 'converted' && h.data.opportunityId === body.opportunityId));
    assert.ok((await outboxTypes(lead.id)).includes('lead.converted'));
  });

  test('converting again answers the same deal and creates nothing', async () => {
    const lead = await freshLead({ companyName: 'Again Ltd', contactName: 'Ann Again', email: 'ann@again.example' });
    const first = await as('admin', 'POST', `/api/leads/${lead.id}/convert`);
    assert.equal(first.statusCode, 201);
    const second = await as('admin', 'POST', `/api/leads/${lead.id}/convert`);
    assert.equal(second.statusCode, 200);
    assert.equal(second.json().created, false);
    assert.equal(second.json().opportunityId, first.json().opportunityId);
    assert.equal(await count('accounts', 'domain', 'again.example'), 1);
    assert.equal(await count('contacts', 'email', 'ann@again.example'), 1);
  });

  test('20 concurrent conversions of one lead make one deal, one account and one contact', async () => {
    const lead = await freshLead({ companyName: 'Rush Inc', contactName: 'Ray Rush', email: 'ray@rush.example' });
    const all = await Promise.all(Array.from({ length: 20 }, () => as('admin', 'POST', `/api/leads/${lead.id}/convert`)));
    assert.deepEqual(all.map((r) => r.statusCode).sort(), [...Array<number>(19).fill(200), 201]);
    assert.equal(new Set(all.map((r) => r.json().opportunityId)).size, 1);
    const deals = await db().selectFrom('opportunities').select('id').where('workspace_id', '=', f.workspace.id).where('name', '=', lead.title).execute();
    assert.equal(deals.length, 1);
    assert.equal(await count('accounts', 'domain', 'rush.example'), 1);
    assert.equal(await count('contacts', 'email', 'ray@rush.example'), 1);
  });

  test('20 leads of one company converted at once share one account; leads of one person share one contact', async () => {
    const leads = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        freshLead({
          companyName: 'Globex',
          contactName: i % 2 ? 'Hank Scorpio' : `Person ${i}`,
          email: i % 2 ? 'hank@globex.example' : `p${i}@globex.example`,
        }),
      ),
    );
    const all = await Promise.all(leads.map((l) => as('admin', 'POST', `/api/leads/${l.id}/convert`)));
    assert.deepEqual(new Set(all.map((r) => r.statusCode)), new Set([201]));
    assert.equal(await count('accounts', 'domain', 'globex.example'), 1);
    assert.equal(await count('contacts', 'email', 'hank@globex.example'), 1);
    assert.equal(new Set(all.map((r) => r.json().lead.account.id)).size, 1);
    assert.equal(new Set(all.map((r) => r.json().opportunityId)).size, 20);
  });

  test('an account with the e-mail domain and a contact with the address are linked, not duplicated', async () => {
    const account = await createAccount(deps(), { workspaceId: f.workspace.id, actor: f.users.admin.actor }, { name: 'Initech', domain: 'initech.example' });
    const first = await freshLead({ companyName: 'Initech Corp', contactName: 'Peter Gibbons', email: 'Peter@Initech.example' });
    const one = (await as('admin', 'POST', `/api/leads/${first.id}/convert`)).json();
    assert.equal(one.lead.account.id, account.id);
    assert.equal(one.accountCreated, false);
    assert.equal(one.contactCreated, true);
    const second = await freshLead({ contactName: 'Peter G.', email: 'peter@initech.example' });
    const two = (await as('admin', 'POST', `/api/leads/${second.id}/convert`)).json();
    assert.equal(two.lead.account.id, account.id);
    assert.equal(two.contactCreated, false);
    assert.equal(two.lead.contact.id, one.lead.contact.id);
    assert.equal(await count('accounts', 'domain', 'initech.example'), 1);
  });

  test('a lead with no account, company or company e-mail is not converted: a 400 naming what is missing', async () => {
    const lead = await freshLead({ contactName: 'Free Mailer', email: 'someone@gmail.com' });
    const res = await as('admin', 'POST', `/api/leads/${lead.id}/convert`);
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.fields[0].path, 'lead:/companyName');
    assert.equal((await getLead(lead.id)).stage, 'new');
  });

  test('a disqualified lead is not converted, and a converted lead does not move', async () => {
    const lead = await freshLead({ companyName: 'Nope' });
    await as('admin', 'POST', `/api/leads/${lead.id}/stage`, { stage: 'disqualified' });
    assert.equal((await as('admin', 'POST', `/api/leads/${lead.id}/convert`)).statusCode, 409);
    await as('admin', 'POST', `/api/leads/${lead.id}/stage`, { stage: 'qualification' });
    assert.equal((await as('admin', 'POST', `/api/leads/${lead.id}/convert`)).statusCode, 201);
    const move = await as('admin', 'POST', `/api/leads/${lead.id}/stage`, { stage: 'new' });
    assert.equal(move.statusCode, 409);
    const toConverted = await as('admin', 'POST', `/api/leads/${lead.id}/stage`, { stage: 'converted' });
    assert.equal(toConverted.statusCode, 400);
  });
});

describe('the list and the edges', () => {
  test('the list pages with a cursor and filters by stage, maturity, source and words', async () => {
    const page1 = (await as('admin', 'GET', '/api/leads?limit=3')).json();
    assert.equal(page1.items.length, 3);
    assert.ok(page1.next);
    const page2 = (await as('admin', 'GET', `/api/leads?limit=3&cursor=${page1.next}`)).json();
    assert.ok(page2.items.every((l: Lead) => !page1.items.some((p: Lead) => p.id === l.id)));
    const awaiting = (await as('admin', 'GET', '/api/leads?stage=awaiting_sale&limit=200')).json();
    assert.ok(awaiting.items.length > 0 && awaiting.items.every((l: Lead) => l.stage === 'awaiting_sale'));
    const cold = (await as('admin', 'GET', '/api/leads?needMaturity=not_interested&limit=200')).json();
    assert.ok(cold.items.length > 0 && cold.items.every((l: Lead) => l.needMaturity === 'not_interested'));
    const words = (await as('admin', 'GET', '/api/leads?q=northwind')).json();
    assert.equal(words.items.length, 1);
    const mine = (await as('sales', 'GET', '/api/leads?mine=true&limit=200')).json();
    assert.ok(mine.items.length > 0);
  });

  test('bad input is a 400 naming the field', async () => {
    const noTitle = await as('admin', 'POST', '/api/leads', { title: '' });
    assert.equal(noTitle.statusCode, 400);
    assert.match(noTitle.json().error.fields[0].path, /title/);
    const badStage = await as('admin', 'POST', '/api/leads', { title: 'x', stage: 'won' });
    assert.equal(badStage.statusCode, 400);
    const strangerAccount = await as('admin', 'POST', '/api/leads', { title: 'x', accountId: '0190a0a0-0000-7000-8000-000000000000' });
    assert.equal(strangerAccount.statusCode, 400);
    assert.equal(strangerAccount.json().error.fields[0].path, 'body:/accountId');
    const emptyPatch = await as('admin', 'PATCH', `/api/leads/${(await as('admin', 'GET', '/api/leads?limit=1')).json().items[0].id}`, {});
    assert.equal(emptyPatch.statusCode, 400);
    const missing = await as('admin', 'GET', '/api/leads/0190a0a0-0000-7000-8000-000000000000');
    assert.equal(missing.statusCode, 404);
    const token = await inject({ method: 'POST', url: '/api/leads', headers: bearer(f.tokens.finance), payload: { title: 'No rights' } });
    assert.equal(token.statusCode, 403);
  });

  test('the OpenAPI document describes the lead routes and the task completion', async () => {
    const doc = (await inject({ method: 'GET', url: '/api/openapi.json' })).json();
    for (const path of [
      '/api/leads',
      '/api/leads/{id}',
      '/api/leads/{id}/stage',
      '/api/leads/{id}/convert',
      '/api/leads/{id}/handoff',
      '/api/tasks/{id}/complete',
    ])
      assert.ok(doc.paths[path], path);
    assert.match(JSON.stringify(doc.paths['/api/tasks/{id}/complete'].post), /proceed_to_handoff/);
  });
});
