// Browser test: a deal above the finance threshold, with a milestone billing schedule and a non-standard clause, is
// marked won; finance approves it in the approvals inbox with the billing schedule in front of them (after the API
// refused a rejection without a comment), legal approves the clause, and the deal's statement of work is approved
// and sent; the mailbox shows it went out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminApi, browserSessionForFile, logIn, markWonOnPage, screenshots, waitFor, withPage } from './browser.ts';

type User = { id: string; email: string };
type Account = { id: string; name: string };
type Approval = { id: string; status: string; policy: { key: string; name: string } };
type ClientDocument = { id: string; number: string; status: string; templateName: string };

const browserSession = browserSessionForFile();
const screenshot = screenshots('approvals');

const dealName = 'Harbour analytics platform';
const clause = {
  title: 'Uncapped liability for data loss',
  text: 'The supplier accepts liability for loss of client data without the cap of clause 9.2 of the master agreement.',
};

test('finance and legal approve a won deal in their inbox, then its statement of work is approved and sent', { timeout: 300_000 }, async () => {
  const session = browserSession();
  const api = await adminApi(session, 'e2e approvals set-up');
  const users = (await api<{ items: User[] }>('GET', '/api/users?limit=200')).items;
  const sam = users.find((u) => u.email === 'sales@baton.demo');
  const accounts = (await api<{ items: Account[] }>('GET', '/api/accounts?limit=200')).items;
  const account = accounts[0];
  assert.ok(sam && account, 'the demo has its seller and an account');
  // EUR 72,000: above the demo's finance threshold of 50,000; two milestones that add up to it.
  const deal = await api<{ id: string; name: string }>('POST', '/api/opportunities', {
    name: dealName,
    accountId: account.id,
    ownerId: sam.id,
    amountMinor: 7_200_000,
    currency: 'EUR',
    dealType: 'new_business',
    complexity: 'simple',
  });
  await api('PATCH', `/api/opportunities/${deal.id}`, {
    customFields: { scope: 'Analytics platform for the harbour operations: data feeds, dashboards, training.' },
  });
  await api('PATCH', `/api/opportunities/${deal.id}/terms`, {
    billingSchedule: {
      kind: 'milestones',
      milestones: [
        { name: 'Data feeds live', amountMinor: 4_000_000 },
        { name: 'Dashboards accepted', amountMinor: 3_200_000 },
      ],
    },
    paymentTerms: 'net 45',
    discountPercent: 8,
    contractVersion: 'MSA v4.1',
    clauses: [clause],
  });
  const dealApprovals = () => api<{ items: Approval[] }>('GET', `/api/opportunities/${deal.id}/approvals`).then((r) => r.items);

  // The seller wins the deal; the automation requests the finance approval (the legal one waits on the clause).
  let sowId = '';
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'sales@baton.demo');
    await markWonOnPage(page, deal);
    await waitFor('the finance and legal requests', async () => {
      const items = await dealApprovals();
      return items.some((a) => a.policy.key === 'finance-large-deals') && items.some((a) => a.policy.key === 'legal-non-standard-clauses') ? items : undefined;
    });
    await page.reload();
    const section = page.getByRole('region', { name: 'Approvals' });
    const financeRow = section.getByRole('row').filter({ hasText: 'Finance approval of large deals' });
    await financeRow.getByText('Waiting', { exact: true }).waitFor();
    await financeRow.getByText('Waiting on Fin Ledger').waitFor();
    await section.getByRole('row').filter({ hasText: 'Legal review of non-standard clauses' }).getByText('Waiting', { exact: true }).waitFor();

    // The seller generates the statement of work and submits it for review.
    const documents = page.getByRole('region', { name: 'Documents' });
    await documents.getByLabel('Template').selectOption({ label: 'Statement of work (v1)' });
    await documents.getByRole('button', { name: 'Generate' }).click();
    const sow = documents.getByRole('row').filter({ hasText: 'Statement of work' });
    await sow.getByRole('button', { name: 'Submit for review' }).click();
    await sow.getByText('In review').waitFor();
    const docs = await api<{ items: ClientDocument[] }>('GET', `/api/documents?opportunityId=${deal.id}`);
    sowId = docs.items.find((d) => d.templateName === 'Statement of work')?.id ?? '';
    assert.ok(sowId, 'the SOW exists');
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '1-deal-waiting', false);
    assert.deepEqual(pageErrors, []);
  });

  // Finance finds the request in the inbox, reads the billing schedule, is told a rejection needs a comment, approves.
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'finance@baton.demo');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Approvals/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    const row = page.getByRole('row').filter({ hasText: dealName });
    assert.match(await row.innerText(), /Finance approval of large deals/);
    assert.match(await row.innerText(), /€72,000\.00/);
    await screenshot(page, '2-finance-inbox', false);
    await row.getByRole('link', { name: /^Review: Finance approval/ }).click();

    const finance = page.getByRole('region', { name: 'Finance' });
    const schedule = finance.getByRole('table', { name: 'Billing schedule' });
    await schedule.waitFor();
    const scheduleText = await schedule.innerText();
    assert.match(scheduleText, /Data feeds live\s+€40,000\.00/);
    assert.match(scheduleText, /Dashboards accepted\s+€32,000\.00/);
    assert.match(scheduleText, /Total\s+€72,000\.00/i);
    assert.match(await finance.innerText(), /net 45/);
    assert.match(await finance.innerText(), /8 %/);

    const decision = page.getByRole('region', { name: 'Your decision' });
    await decision.getByRole('button', { name: 'Reject' }).click();
    const refusal = decision.getByRole('alert');
    await refusal.waitFor();
    assert.match(await refusal.innerText(), /comment/i, 'the API says a rejection needs its comment');
    await screenshot(page, '3-finance-request');

    await decision.getByLabel(/^Comment/).fill('Milestones match the amount; net 45 is fine at this size.');
    await decision.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'Approved.' }).waitFor();
    await page.getByRole('region', { name: 'Approval chain' }).getByText('Milestones match the amount').waitFor();
    assert.equal(await page.getByRole('region', { name: 'Your decision' }).count(), 0, 'nothing is left to decide');

    await page.getByRole('link', { name: 'Approvals', exact: true }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Approvals' }).waitFor();
    await page.getByRole('button', { name: 'Decided' }).click();
    await page.getByRole('row').filter({ hasText: dealName }).getByText('Approved', { exact: true }).waitFor();
    assert.deepEqual(pageErrors, []);
  });

  // Legal reads the clause in full and approves it; then approves the SOW, which the finance and legal approvals held.
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'legal@baton.demo');
    await page.goto('/approvals');
    const row = page.getByRole('row').filter({ hasText: dealName });
    await row.getByRole('link', { name: /^Review: Legal review/ }).click();
    const legal = page.getByRole('region', { name: 'Legal' });
    await legal.getByRole('heading', { name: clause.title }).waitFor();
    assert.match(await legal.innerText(), /MSA v4\.1/);
    assert.ok((await legal.innerText()).includes(clause.text), 'the clause shows in full');
    await screenshot(page, '4-legal-request');
    await page.getByRole('region', { name: 'Your decision' }).getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('status').filter({ hasText: 'Approved.' }).waitFor();

    await page.getByRole('link', { name: 'Open the deal' }).click();
    await page.getByRole('heading', { level: 1, name: dealName }).waitFor();
    const section = page.getByRole('region', { name: 'Approvals' });
    for (const policy of ['Finance approval of large deals', 'Legal review of non-standard clauses'])
      await section.getByRole('row').filter({ hasText: policy }).getByText('Approved', { exact: true }).waitFor();
    const sow = page.getByRole('region', { name: 'Documents' }).getByRole('row').filter({ hasText: 'Statement of work' });
    await sow.getByRole('button', { name: 'Approve' }).click();
    await sow.getByText('Approved', { exact: true }).waitFor();
    await section.scrollIntoViewIfNeeded();
    await screenshot(page, '5-deal-approved', false);
    assert.deepEqual(pageErrors, []);
  });

  // The seller sends the approved SOW to the client.
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'sales@baton.demo');
    await page.goto(`/opportunities/${deal.id}`);
    const sow = page.getByRole('region', { name: 'Documents' }).getByRole('row').filter({ hasText: 'Statement of work' });
    await sow.getByRole('button', { name: 'Send to the client' }).click();
    await sow.getByText('Sent', { exact: true }).waitFor();
    const sent = await api<{ document: ClientDocument }>('GET', `/api/documents/${sowId}`);
    assert.equal(sent.document.status, 'sent');
    await screenshot(page, '6-sent', false);

    // The worker delivers it (to the mail folder here) and the mailbox shows it, with its PDF attached.
    await waitFor('the SOW mailed', async () => {
      const mail = await api<{ items: { status: string }[] }>('GET', `/api/mail?documentId=${sowId}`);
      return mail.items[0]?.status === 'sent' ? true : undefined;
    });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mailbox' }).waitFor();
    const row = page.getByTestId('mail-row').filter({ hasText: sent.document.number });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /Sent/);
    assert.match(text, new RegExp(`${sent.document.number}\\.pdf`));
    await screenshot(page, '7-mailbox', false);
    assert.deepEqual(pageErrors, []);
  });
});

test('finance, away for a week, hands their approvals to the admin, who finds them in their inbox', { timeout: 180_000 }, async () => {
  const session = browserSession();
  const api = await adminApi(session, 'e2e approvals delegation');
  const admin = (await api<{ items: User[] }>('GET', '/api/users?limit=200')).items.find((u) => u.email === 'admin@baton.demo');
  assert.ok(admin, 'the demo has its admin');
  let dealOf = '';
  let waiting = 0;
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'finance@baton.demo');
    await page.goto('/approvals');
    // A demo deal above the threshold waits for finance (the first test's deal was approved).
    const row = page.getByRole('row').filter({ hasText: 'Finance approval of large deals' }).first();
    await row.waitFor();
    dealOf = await row.getByRole('link').first().innerText();
    waiting = await page.getByRole('row').filter({ hasText: 'Finance approval of large deals' }).count();
    await row.getByRole('link', { name: /^Review: / }).click();
    const decision = page.getByRole('region', { name: 'Your decision' });
    await decision.getByLabel('Hand this approval to').selectOption(admin.id);
    // Away for a week: every approval of finance's goes to the admin until then, not only this one.
    const inAWeek = new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10);
    await decision.getByLabel(/Every approval of yours until/).fill(inAWeek);
    await decision.getByRole('button', { name: 'Delegate' }).click();
    await page.getByRole('status').filter({ hasText: 'Handed over' }).waitFor();
    assert.deepEqual(pageErrors, []);
  });
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'admin@baton.demo');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /^Approvals/ })
      .click();
    const row = page.getByRole('row').filter({ hasText: dealOf });
    await row.getByRole('link', { name: /^Review: Finance approval/ }).waitFor();
    assert.equal(
      await page.getByRole('link', { name: /^Review: Finance approval/ }).count(),
      waiting,
      "every approval finance had waiting is the admin's while finance is away",
    );
    assert.deepEqual(pageErrors, []);
  });
});
