// Browser test: on a deal's page an admin sets the terms (a milestone billing schedule that adds up to the amount,
// payment terms, contract version), sees the statement of work refused with what the deal lacks, generates the
// agreement summary, previews it, submits it and approves it.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { logIn, screenshots, startBrowserSession, withPage, type BrowserSession } from './browser.ts';

let session: BrowserSession | undefined;

before(async () => {
  session = await startBrowserSession();
});

after(async () => {
  await session?.close();
});

const screenshot = screenshots('documents');

test('terms on the deal page, then a document generated, previewed, submitted and approved', { timeout: 180_000 }, async () => {
  assert.ok(session?.server && session.browser);
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'admin@baton.demo');
    const deals = (await (await page.request.get('/api/opportunities?stageCategory=open&limit=200')).json()) as {
      items: { id: string; name: string; amountMinor: number; currency: string }[];
    };
    const deal = deals.items.find((d) => d.amountMinor > 1000 && d.amountMinor % 2 === 0 && ['USD', 'EUR', 'GBP'].includes(d.currency));
    assert.ok(deal, 'the demo has an open deal with an even amount');
    await page.goto(`/opportunities/${deal.id}`);
    await page.getByRole('heading', { level: 1, name: deal.name }).waitFor();

    const terms = page.getByRole('region', { name: 'Terms' });
    await terms.getByRole('button', { name: 'Edit terms' }).click();
    await terms.getByLabel('Billing schedule').selectOption('milestones');
    const half = deal.amountMinor / 2 / 100;
    for (const name of ['Kickoff', 'Go-live']) {
      await terms.getByRole('button', { name: 'Add a milestone' }).click();
      await terms.getByLabel('Milestone').last().fill(name);
      await terms
        .getByLabel(/^Amount/)
        .last()
        .fill(String(half));
    }
    await terms.getByLabel('Payment terms').fill('net 30');
    await terms.getByLabel('Contract version').fill('MSA v4.0');
    await terms.getByRole('button', { name: 'Save the terms' }).click();
    await terms.getByRole('button', { name: 'Edit terms' }).waitFor();
    assert.match(await terms.innerText(), /Milestones/);
    assert.match(await terms.innerText(), /Go-live/);
    await screenshot(page, 'terms', false);

    const documents = page.getByRole('region', { name: 'Documents' });
    await documents.getByLabel('Template').selectOption({ label: 'Statement of work (v1)' });
    await documents.getByRole('button', { name: 'Generate' }).click();
    await documents.getByRole('alert').waitFor();
    assert.match(await documents.getByRole('alert').innerText(), /scope\.summary/);

    await documents.getByLabel('Template').selectOption({ label: 'Service agreement summary (v1)' });
    await documents.getByRole('button', { name: 'Generate' }).click();
    const row = documents.getByRole('row').filter({ hasText: 'Service agreement summary' });
    await row.getByText('Draft').waitFor();
    await row.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('article', { name: /Preview of Service agreement summary/ });
    await preview.getByRole('heading', { name: 'Commercial terms' }).waitFor();
    assert.match(await preview.innerText(), /net 30/);
    await row.getByRole('button', { name: 'Submit for review' }).click();
    await row.getByText('In review').waitFor();
    await row.getByRole('button', { name: 'Approve' }).click();
    await row.getByText('Approved', { exact: true }).waitFor();
    await screenshot(page, 'approved', false);
    const pdf = await page.request.get(
      await row
        .getByRole('link', { name: 'PDF' })
        .getAttribute('href')
        .then((h) => h ?? ''),
    );
    assert.equal(pdf.headers()['content-type'], 'application/pdf');
    assert.deepEqual(pageErrors, []);
  });
});

test('the template editor previews a change live on a chosen deal and saves it as a new version', { timeout: 180_000 }, async () => {
  assert.ok(session?.server && session.browser);
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'admin@baton.demo');
    await page.goto('/settings/document-templates');
    await page.getByRole('heading', { level: 1, name: 'Document templates' }).waitFor();
    await page.getByLabel('Template', { exact: true }).selectOption({ label: 'Service agreement summary (v1)' });
    const body = page.getByLabel(/^Body/);
    await body.fill('# Summary for {{ account.name }}\n\nDeal: {{ deal.name }}, {{ deal.amount }}.');
    await page.getByLabel('Required fields').fill('deal.amount');
    const preview = page.getByRole('region', { name: 'Preview' });
    const deal = preview.getByLabel('Preview on');
    await deal.locator('option').nth(1).waitFor({ state: 'attached' });
    await deal.selectOption({ index: 1 });
    const article = preview.getByRole('article', { name: 'Document preview' });
    await article.getByRole('heading', { name: /^Summary for / }).waitFor();
    assert.match(await article.innerText(), /Deal: .+, \$[\d,.]+\./);
    await body.fill('# Summary\n\n{{ deal.nonexistent_field }}');
    await preview.getByText('This deal lacks what the template needs').waitFor();
    assert.match(await preview.innerText(), /deal\.nonexistent_field/);
    await screenshot(page, 'editor-missing', false);
    await body.fill('# Summary for {{ account.name }}');
    await page.getByRole('button', { name: 'Save as a new version' }).click();
    await page.getByRole('option', { name: 'Service agreement summary (v2)' }).waitFor({ state: 'attached' });
    assert.deepEqual(pageErrors, []);
  });
});
