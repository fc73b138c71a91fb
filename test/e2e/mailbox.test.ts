// Browser test: a client document is sent, and the mailbox shows it: the nav entry, the row with its document and
// delivery (sent to the mail folder by the worker), the message with its body and its PDF; a filter with nothing in it
// shows the empty state.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { adminApi, eventually, logIn, screenshots, startBrowserSession, withPage, type BrowserSession } from './browser.ts';

let session: BrowserSession | undefined;

before(async () => {
  session = await startBrowserSession();
});

after(async () => {
  await session?.close();
});

const screenshot = screenshots('mailbox');

type Deal = { id: string; name: string; amountMinor: number; currency: string };
type Doc = { id: string; number: string; title: string; status: string };

test('a document is sent -> it shows in the mailbox with its delivery, its body and its PDF', { timeout: 180_000 }, async () => {
  assert.ok(session?.server && session.browser);
  const api = await adminApi(session, 'mailbox e2e');
  const deals = await api<{ items: Deal[] }>('GET', '/api/opportunities?stageCategory=open&limit=200');
  const deal = deals.items.find((d) => d.amountMinor > 1000);
  assert.ok(deal, 'the demo has an open deal with an amount');
  await api('PATCH', `/api/opportunities/${deal.id}/terms`, {
    billingSchedule: { kind: 'upfront', amountMinor: deal.amountMinor },
    paymentTerms: 'net 30',
    contractVersion: 'MSA v4.0',
  });
  const doc = await api<Doc>('POST', '/api/documents', { opportunityId: deal.id, templateKey: 'service_agreement_summary' });
  await api('POST', `/api/documents/${doc.id}/submit`);
  await api('POST', `/api/documents/${doc.id}/approve`, {});
  await api('POST', `/api/documents/${doc.id}/send`, { to: 'client.finance@example.com' });
  // The in-process worker sends it to the mail folder (no SMTP server in tests).
  await eventually(
    async () => (await api<{ items: { document: { id: string } | null; status: string }[] }>('GET', `/api/mail?documentId=${doc.id}`)).items[0]?.status,
    'sent',
    'the worker sent the message',
  );

  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'ops@baton.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Mailbox' }).waitFor();
    const row = page.getByTestId('mail-row').filter({ hasText: doc.number });
    await row.waitFor();
    const text = await row.innerText();
    assert.match(text, /client\.finance@example\.com/);
    assert.match(text, new RegExp(deal.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(text, /Sent/);
    assert.match(text, /Mail folder/);
    assert.match(text, new RegExp(`${doc.number}\\.pdf`));
    await screenshot(page, 'list', false);

    await row.getByRole('link', { name: new RegExp(doc.title) }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(doc.title) }).waitFor();
    assert.match(await page.getByTestId('mail-body').innerText(), new RegExp(`Please find attached ${doc.title}`));
    const download = page.getByRole('link', { name: 'Download the PDF' });
    const pdf = await page.request.get((await download.getAttribute('href')) ?? '');
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    await screenshot(page, 'detail', false);

    await page.goto('/mail?status=failed');
    await page.getByText('No mail matches').waitFor();
    await screenshot(page, 'empty', false);
    assert.deepEqual(pageErrors, []);
  });

  await withPage(session, screenshot, async (page) => {
    await page.goto('/');
    await logIn(page, 'finance@baton.demo');
    assert.equal(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Mailbox' }).count(), 0, 'finance has no mailbox');
  });
});
