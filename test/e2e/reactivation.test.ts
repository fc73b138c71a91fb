// Browser test: a seller opens the lost deals from the deal list, starts a reactivation sequence for one and reopens
// two at once; each goes back to the stage it was lost from.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSessionForFile, getJson, logIn, screenshots, withPage } from './browser.ts';

const browserSession = browserSessionForFile();
const screenshot = screenshots('reactivation');

type LostDeal = { id: string; name: string; lostFrom: { name: string } | null };

test('a seller starts a reactivation sequence for a lost deal and reopens two into the stages they were lost from', { timeout: 120_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
    await logIn(page, 'sales@baton.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deals' }).click();
    await page.getByRole('link', { name: 'Lost deals to bring back' }).click();
    await page.getByRole('heading', { level: 1, name: 'Lost deals to bring back' }).waitFor();
    const table = page.getByTestId('reactivation-table');
    await table.waitFor();
    const lost = (await getJson<{ items: LostDeal[] }>(page, '/api/reactivation?limit=200')).items;
    assert.ok(lost.length >= 3, `the demo has lost deals (${lost.length})`);
    const [first, second, third] = lost as [LostDeal, LostDeal, LostDeal];

    // One deal: a reactivation sequence.
    const sequences = await page.getByLabel('Sequence').locator('option').allInnerTexts();
    await page.getByLabel('Sequence').selectOption({ label: sequences[1]! });
    await table.getByRole('row').filter({ hasText: third.name }).getByRole('button', { name: 'Start sequence' }).click();
    const outcomes = page.getByTestId('reactivation-outcomes');
    await outcomes.getByText(new RegExp(`${third.name}.*(enrolled|already in|no contact)`)).waitFor();

    // Two deals at once: reopened.
    await page.getByLabel(`Tick ${first.name}`).check();
    await page.getByLabel(`Tick ${second.name}`).check();
    await screenshot(page, '1-list');
    await page.getByRole('group', { name: 'With the deals ticked' }).getByRole('button', { name: 'Reopen' }).click();
    await outcomes.getByText(`${first.name}: Reopened into ${first.lostFrom?.name ?? ''}`).waitFor();
    await outcomes.getByText(`${second.name}: Reopened into ${second.lostFrom?.name ?? ''}`).waitFor();
    await table.getByRole('row').filter({ hasText: third.name }).waitFor();
    assert.equal(await table.getByRole('row').filter({ hasText: first.name }).count(), 0, 'a reopened deal leaves the list');
    await screenshot(page, '2-reopened');
    const deal = await getJson<{ stageName: string }>(page, `/api/opportunities/${first.id}`);
    assert.equal(deal.stageName, first.lostFrom?.name);
    assert.deepEqual(pageErrors, []);
  });
});
