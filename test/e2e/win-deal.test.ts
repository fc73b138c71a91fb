// Browser test: a sales rep marks a deal won in the UI and Operations sees the notification.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSessionForFile, getJson, logIn, markWonOnPage, screenshots, withPage } from './browser.ts';

type Opportunity = { id: string; name: string; accountId: string; accountName: string; accountStatus: string };
type Enrolment = { id: string; sequenceName: string; contactName: string; status: string };
type ListPage<T> = { items: T[]; next: string | null };

const browserSession = browserSessionForFile();

/** An open deal whose account is a prospect still in an active nurture sequence (the demo data has one). */
async function findDealToWin(page: Page): Promise<{ opportunity: Opportunity; enrolments: Enrolment[] }> {
  const open = await getJson<ListPage<Opportunity>>(page, '/api/opportunities?stageCategory=open&limit=200');
  for (const opportunity of open.items.filter((o) => o.accountStatus === 'prospect')) {
    const enrolments = await getJson<ListPage<Enrolment>>(page, `/api/enrolments?accountId=${encodeURIComponent(opportunity.accountId)}&status=active`);
    if (enrolments.items.length > 0) return { opportunity, enrolments: enrolments.items };
  }
  throw new Error('The demo data has no open opportunity on a prospect account with an active enrolment');
}

const screenshot = screenshots('win-deal');

test('a sales rep marks a deal won: sequences stop, the client is active and Operations is notified', { timeout: 120_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
    await screenshot(page, '1-login');
    await logIn(page, 'sales@baton.demo');
    await page.locator('.card').first().waitFor();
    await screenshot(page, '2-pipeline');

    const { opportunity, enrolments } = await findDealToWin(page);
    const panel = await markWonOnPage(page, opportunity);
    const panelText = await panel.innerText();
    assert.match(panelText, /now an active client/, panelText);
    assert.match(panelText, /deal won/, panelText);
    for (const enrolment of enrolments)
      assert.ok(panelText.includes(enrolment.sequenceName), `the panel names the stopped sequence "${enrolment.sequenceName}"`);
    assert.equal(await page.getByRole('button', { name: 'Reopen' }).count(), 1, 'a won deal offers Reopen');
    // Operations is notified by the engine a moment later; the panel refreshes its delivered count.
    await panel.getByText(/Delivered to [1-9]\d* of \d+/).waitFor({ timeout: 15_000 });
    await screenshot(page, '3-opportunity-won');

    await panel.getByRole('link', { name: opportunity.accountName }).click();
    await page.getByRole('heading', { level: 1, name: opportunity.accountName }).waitFor();
    assert.equal((await page.getByTestId('account-status').first().innerText()).trim(), 'active');
    const enrolmentSection = page.getByRole('region', { name: 'Sequence enrolments' });
    await enrolmentSection.getByRole('table').waitFor();
    for (const enrolment of enrolments) {
      const row = enrolmentSection.getByRole('row').filter({ hasText: enrolment.sequenceName }).filter({ hasText: enrolment.contactName });
      const text = await row.first().innerText();
      assert.match(text, /stopped/, text);
      assert.match(text, /deal won/, text);
    }
    await screenshot(page, '4-account-active');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await logIn(page, 'ops@baton.demo');
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: /Notifications/ })
      .click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const link = page.locator(`.notifications a[href="/opportunities/${opportunity.id}"]`);
    await link.first().waitFor({ timeout: 15_000 });
    await screenshot(page, '5-ops-notifications');
    await link.first().click();
    await page.getByRole('heading', { level: 1, name: opportunity.name }).waitFor();

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
