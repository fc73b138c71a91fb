import assert from 'node:assert/strict';
import { test } from 'node:test';
import { composeDigest, digestHtml, digestText, formatAmount, type DigestFacts } from './digest.ts';

const facts: DigestFacts = {
  workspaceName: 'Acme Ops',
  date: '2026-12-10',
  wins: [{ opportunityId: 'o1', name: 'Rollout', account: 'Globex', amountMinor: 1_250_000, currency: 'EUR' }],
  handoffs: [
    { opportunityId: 'o2', name: 'Pilot', status: 'csm_review', since: '2026-12-07' },
    { opportunityId: 'o3', name: 'Add-on', status: 'paused', since: '2026-12-09' },
  ],
  overdueTasks: [
    { ownerId: 'u1', owner: 'Pat', count: 2, oldestDue: '2026-12-01' },
    { ownerId: null, owner: 'Nobody', count: 1, oldestDue: '2026-12-08' },
  ],
  withoutProject: [{ opportunityId: 'o4', name: 'Renewal', account: 'Initech' }],
  withoutOwner: [],
  approvalsPastSla: [{ requestId: 'r1', policy: 'Finance review', deal: 'Rollout', since: '2026-12-08' }],
  healthChanges: [{ projectId: 'p1', name: 'Globex onboarding', from: 'on_track', to: 'at_risk' }],
};

test('the digest lists each section, its lines sorted, each with its link', () => {
  const text = digestText(composeDigest(facts), 'https://baton.example');
  assert.equal(
    text,
    [
      'Operations digest for Acme Ops, 2026-12-10',
      '',
      'New wins (1)',
      '  - Rollout (Globex), 12,500.00 EUR: https://baton.example/opportunities/o1',
      '',
      'Handoffs waiting or paused (2)',
      '  - Add-on: paused for 1 day: https://baton.example/opportunities/o3/brief',
      '  - Pilot: csm review for 3 days: https://baton.example/opportunities/o2/brief',
      '',
      'Overdue onboarding tasks by owner (2)',
      '  - Nobody: 1 task overdue, the oldest due 2026-12-08: https://baton.example/warnings',
      '  - Pat: 2 tasks overdue, the oldest due 2026-12-01: https://baton.example/tasks?ownerId=u1',
      '',
      'Clients without a project or project owner (1)',
      '  - Initech: Renewal has no project: https://baton.example/opportunities/o4',
      '',
      'Approvals pending past their SLA (1)',
      '  - Finance review for Rollout, waiting since 2026-12-08: https://baton.example/approvals/r1',
      '',
      'Projects that changed health (1)',
      '  - Globex onboarding: on track to at risk: https://baton.example/projects/p1',
      '',
    ].join('\n'),
  );
});

test('the same facts give the same digest, whatever order they come in', () => {
  const shuffled = { ...facts, handoffs: [...facts.handoffs].reverse(), overdueTasks: [...facts.overdueTasks].reverse() };
  assert.deepEqual(composeDigest(shuffled), composeDigest(facts));
});

test('an empty section says none; names are escaped in the HTML', () => {
  const digest = composeDigest({ ...facts, wins: [{ ...facts.wins[0]!, name: '<script>x</script>' }], healthChanges: [] });
  const html = digestHtml(digest, '');
  assert.ok(html.includes('&lt;script&gt;x&lt;/script&gt;'));
  assert.ok(!html.includes('<script>'));
  assert.ok(html.includes('<h2>Projects that changed health (0)</h2>\n<p>None.</p>'));
  assert.match(digestText(digest, ''), /Projects that changed health \(0\)\n {2}none/);
});

test('amounts read with thousands separators and two decimals', () => {
  assert.equal(formatAmount(123_456_789, 'USD'), '1,234,567.89 USD');
  assert.equal(formatAmount(5, 'EUR'), '0.05 EUR');
});
