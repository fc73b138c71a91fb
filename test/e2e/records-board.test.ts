// Browser test: a sales rep creates an account, a contact and a deal in the UI, drags the deal across the board
// and wins it by dropping it on "Closed won".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSessionForFile, getJson, logIn, screenshots, withPage } from './browser.ts';

type Opportunity = { id: string; name: string; stageName: string; stageCategory: string; amountMinor: number; accountStatus: string };

const browserSession = browserSessionForFile();

const screenshot = screenshots('records-board');

/** Drags the deal's card onto a column of the board and waits until the board shows it there. */
async function dragToStage(page: Page, dealName: string, stage: string): Promise<void> {
  const card = page.locator('.card', { hasText: dealName });
  await card.locator('.card-amount').dragTo(page.getByRole('region', { name: stage, exact: true }).getByRole('heading', { name: stage }));
}

/** Waits until the board has reloaded from the server (a drag during a reload would start on a card being replaced). */
async function boardSettled(page: Page): Promise<void> {
  await page.locator('[aria-busy="false"] > .board-scroll').waitFor();
}

test('a sales rep creates an account, a contact and a deal, drags the deal across two stages and wins it on the board', { timeout: 120_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'sales@baton.demo');

    // The account.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Accounts' }).click();
    await page.getByRole('button', { name: 'New account' }).click();
    const accountDialog = page.getByRole('dialog', { name: 'New account' });
    await accountDialog.getByLabel('Name').fill('Fjord Freight');
    await accountDialog.getByLabel('Domain').fill('fjordfreight.example');
    await accountDialog.getByLabel('Industry').fill('Logistics');
    await accountDialog.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fjord Freight' }).waitFor();

    // The contact: the API's reason for a bad e-mail shows next to the field, then a good one is saved.
    const contacts = page.getByRole('region', { name: 'Contacts' });
    await contacts.getByRole('button', { name: 'Add contact' }).click();
    const form = contacts.getByRole('form', { name: 'Add a contact' });
    await form.getByLabel('First name').fill('Ingrid');
    await form.getByLabel('Last name').fill('Solberg');
    await form.getByLabel('Title').fill('Head of Operations');
    await form.getByLabel('E-mail').fill('ingrid-at-fjord');
    await form.getByLabel('Buying role').selectOption({ label: 'Champion' });
    await form.getByRole('button', { name: 'Add contact' }).click();
    await form
      .locator('.field-error')
      .getByText(/E-mail must be a valid email/)
      .waitFor();
    await form.getByLabel('E-mail').fill('ingrid@fjordfreight.example');
    await form.getByRole('button', { name: 'Add contact' }).click();
    const contactRow = contacts.getByRole('row').filter({ hasText: 'Ingrid Solberg' });
    await contactRow.waitFor();
    assert.match(await contactRow.innerText(), /Champion/);
    // Edited in place: a bad e-mail is refused next to its input, then the new title is saved.
    await contacts.getByRole('button', { name: 'Edit Ingrid Solberg' }).click();
    await contacts.getByLabel('Title').fill('Chief Operating Officer');
    await contacts.getByLabel('E-mail').fill('ingrid@');
    await contacts.getByRole('button', { name: 'Save' }).click();
    await contacts
      .locator('.field-error')
      .getByText(/E-mail must be a valid email/)
      .waitFor();
    await contacts.getByLabel('E-mail').fill('ingrid@fjordfreight.example');
    await contacts.getByRole('button', { name: 'Save' }).click();
    await contactRow.getByText('Chief Operating Officer').waitFor();

    // The deal, from the account page.
    await page.getByRole('region', { name: 'Opportunities' }).getByRole('button', { name: 'New deal' }).click();
    const dealDialog = page.getByRole('dialog', { name: 'New deal for Fjord Freight' });
    await dealDialog.getByLabel('Deal name').fill('Fjord Freight fleet rollout');
    await dealDialog.getByLabel('Amount').fill('48,000');
    await dealDialog.getByLabel('Expected close date').fill('2030-03-31');
    await dealDialog.getByRole('button', { name: 'Create deal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fjord Freight fleet rollout' }).waitFor();
    const dealId = new URL(page.url()).pathname.split('/').pop()!;
    // The deal page lists the account's contacts, and the amount is edited in place.
    await page.getByRole('region', { name: 'Contacts' }).getByRole('row').filter({ hasText: 'Ingrid Solberg' }).waitFor();
    await page.getByRole('button', { name: 'Edit amount (usd)' }).click();
    await page.getByLabel('Amount (USD)').fill('52000');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.headline-amount').getByText('$52,000.00').waitFor();
    let deal = await getJson<Opportunity>(page, `/api/opportunities/${dealId}`);
    assert.equal(deal.amountMinor, 5_200_000);
    assert.equal(deal.stageName, 'Lead in');

    // The board: drag across two open stages, then onto "Closed won".
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipeline' }).click();
    await page.getByLabel('Search deals', { exact: true }).fill('Fjord');
    await page.getByText('1 deal matching “Fjord”').waitFor();
    await boardSettled(page);
    await page.getByRole('region', { name: 'Lead in', exact: true }).locator('.card', { hasText: 'Fjord Freight fleet rollout' }).waitFor();
    await dragToStage(page, 'Fjord Freight fleet rollout', 'Qualified');
    await page.getByRole('region', { name: 'Qualified', exact: true }).locator('.card', { hasText: 'Fjord Freight fleet rollout' }).waitFor();
    await page.waitForFunction(async (id) => (await (await fetch(`/api/opportunities/${id}`)).json()).stageName === 'Qualified', dealId);
    await boardSettled(page);
    await dragToStage(page, 'Fjord Freight fleet rollout', 'Discovery');
    await page.getByRole('region', { name: 'Discovery', exact: true }).locator('.card', { hasText: 'Fjord Freight fleet rollout' }).waitFor();
    await page.waitForFunction(async (id) => (await (await fetch(`/api/opportunities/${id}`)).json()).stageName === 'Discovery', dealId);
    await boardSettled(page);
    await screenshot(page, '1-board-discovery', false);

    await dragToStage(page, 'Fjord Freight fleet rollout', 'Closed won');
    const winDialog = page.getByRole('dialog', { name: 'Mark "Fjord Freight fleet rollout" won' });
    await winDialog.waitFor();
    await screenshot(page, '2-win-dialog', false);
    await winDialog.getByRole('button', { name: 'Mark won' }).click();
    await page
      .getByRole('status')
      .getByText(/was marked won/)
      .waitFor();
    await page.getByRole('region', { name: 'Closed won', exact: true }).locator('.card', { hasText: 'Fjord Freight fleet rollout' }).waitFor();

    await page.getByRole('link', { name: 'Open the deal' }).click();
    await page.getByRole('heading', { level: 1, name: 'Fjord Freight fleet rollout' }).waitFor();
    assert.equal((await page.locator('.headline').innerText()).includes('Closed won'), true, await page.locator('.headline').innerText());
    await page.getByRole('button', { name: 'Reopen' }).waitFor();
    await screenshot(page, '3-deal-won', false);
    deal = await getJson<Opportunity>(page, `/api/opportunities/${dealId}`);
    assert.equal(deal.stageCategory, 'won');
    assert.equal(deal.accountStatus, 'active');

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
