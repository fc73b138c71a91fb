// Browser test: a sales rep loses a deal with a reason from the workspace list ("Other" needs a note) and the deal
// page shows it; an admin requires a contract version to win, and "Mark won" then lists the missing field in its dialog.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { logIn, screenshots, startBrowserSession, withPage, type BrowserSession } from './browser.ts';

type Opportunity = { id: string; name: string; stageCategory: string; paymentTerms: string | null; contractVersion: string | null; pipelineId: string };

let session: BrowserSession | undefined;

before(async () => {
  session = await startBrowserSession();
});

after(async () => {
  await session?.close();
});

const screenshot = screenshots('loss-reasons');

async function openDeals(page: Page): Promise<Opportunity[]> {
  const response = await page.request.get('/api/opportunities?stageCategory=open&limit=200');
  assert.equal(response.status(), 200, await response.text());
  return ((await response.json()) as { items: Opportunity[] }).items;
}

test('a sales rep loses a deal with "Other" and a note; the deal page shows the reason', { timeout: 120_000 }, async () => {
  assert.ok(session?.server && session.browser);
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'sales@baton.demo');
    const [deal] = await openDeals(page);
    assert.ok(deal, 'the demo has an open deal');
    await page.goto(`/opportunities/${deal.id}`);
    await page.getByRole('heading', { level: 1, name: deal.name }).waitFor();

    await page.getByRole('button', { name: 'Mark lost' }).click();
    const dialog = page.getByRole('dialog', { name: `Mark "${deal.name}" lost` });
    const reason = dialog.getByLabel('Reason (required)');
    await reason.waitFor();
    const offered = await reason.locator('option').allInnerTexts();
    assert.deepEqual(offered, ['Choose a reason…', 'Price', 'Chose a competitor', 'No budget', 'No decision', 'Timing', 'Other']);
    await dialog.getByRole('button', { name: 'Mark lost' }).click();
    await dialog.getByText('Choose why the deal was lost.').waitFor();

    await reason.selectOption({ label: 'Other' });
    await dialog.getByRole('button', { name: 'Mark lost' }).click();
    await dialog.getByText('Say what the other reason was.').waitFor();
    await screenshot(page, 'lose-dialog-other-needs-note', false);
    await dialog.getByLabel('Note (required with “Other”)').fill('They built it in-house');
    await dialog.getByRole('button', { name: 'Mark lost' }).click();

    const panel = page.getByRole('region', { name: 'What happened' });
    await panel.waitFor();
    assert.match(await panel.innerText(), /reason: Other: They built it in-house/);
    await page.getByText('Loss reason:').waitFor();
    assert.match(await page.locator('.loss-reason').innerText(), /Other: They built it in-house/);
    await screenshot(page, 'deal-lost-with-reason', false);
    assert.deepEqual(pageErrors, []);
  });
});

test('an admin requires a contract version to win; Mark won then names the missing field and leads to it', { timeout: 120_000 }, async () => {
  assert.ok(session?.server && session.browser);
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'admin@baton.demo');
    const pipelines = (await (await page.request.get('/api/pipelines')).json()) as { items: { id: string; name: string }[] };
    const sales = pipelines.items.find((p) => p.name === 'Sales pipeline');
    const deal = (await openDeals(page)).find((o) => o.pipelineId === sales?.id);
    assert.ok(deal, 'the demo has an open deal in the sales pipeline');

    await page.goto('/settings/pipelines');
    const form = page.getByRole('form', { name: 'Pipeline Sales pipeline' });
    await form.getByRole('group', { name: 'Required to win' }).getByLabel('Contract version').check();
    await form.getByRole('button', { name: 'Save pipeline' }).click();
    await form.getByRole('status').getByText('Saved').waitFor();
    await page.getByRole('table', { name: 'Loss reasons' }).waitFor();
    await screenshot(page, 'settings-pipelines');

    await page.goto(`/opportunities/${deal.id}`);
    await page.getByRole('heading', { level: 1, name: deal.name }).waitFor();
    const details = page.getByRole('region', { name: 'Details' });
    const setContractVersion = async (value: string) => {
      await details.getByRole('button', { name: /^Edit contract version/ }).click();
      await details.getByLabel(/^Contract version/).fill(value);
      await details.getByRole('button', { name: 'Save' }).click();
      await details.getByRole('button', { name: /^Edit contract version/ }).waitFor();
    };
    await setContractVersion('');
    await page.getByRole('button', { name: 'Mark won' }).click();
    const dialog = page.getByRole('dialog', { name: `Mark "${deal.name}" won` });
    await dialog.getByRole('button', { name: 'Mark won' }).click();
    await dialog.getByText('This pipeline needs these fields before a deal is won:').waitFor();
    assert.deepEqual(await dialog.getByRole('listitem').allInnerTexts(), ['Contract version']);
    await screenshot(page, 'win-dialog-missing-fields', false);
    await dialog.getByRole('button', { name: 'Fill them in' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const current = await (await page.request.get(`/api/opportunities/${deal.id}`)).json();
    assert.equal(current.stageCategory, 'open');

    await setContractVersion('MSA v4.0');
    await page.getByRole('button', { name: 'Mark won' }).click();
    await dialog.getByRole('button', { name: 'Mark won' }).click();
    await page.getByRole('region', { name: 'What happened' }).waitFor();
    const won = await (await page.request.get(`/api/opportunities/${deal.id}`)).json();
    assert.equal(won.stageCategory, 'won');
    assert.deepEqual(pageErrors, []);
  });
});
