// Browser test: a sales rep marks a deal won in the UI and Operations sees the notification.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSessionForFile, getJson, logIn, screenshots, withPage } from './browser.ts';

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

test('a sales rep marks a deal won: sequences stop, the client is active and Operations is notified', { timeout: 180_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
    await screenshot(page, '1-login');
    await logIn(page, 'sales@baton.demo');
    await page.locator('.card').first().waitFor();
    await screenshot(page, '2-pipeline');

    const { opportunity, enrolments } = await findDealToWin(page);
    await page.goto(`/opportunities/${opportunity.id}`);
    await page.getByRole('heading', { level: 1, name: opportunity.name }).waitFor();

    // Set on this document only: still there at the end, the page was never reloaded.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    // The panel's refreshes wait until its first state is read (on a busy machine the engine may finish first).
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/opportunities/*/outcome', async (route) => {
      await released;
      await route.continue();
    });
    await page.getByRole('button', { name: 'Mark won' }).click();
    // Mark won asks first, in the same dialog a drop on the won column opens.
    await page.getByRole('dialog', { name: /won$/ }).getByRole('button', { name: 'Mark won' }).click();
    const panel = page.getByRole('region', { name: 'What happened' });
    await panel.waitFor();
    const progress = panel.getByTestId('rule-progress');
    assert.equal(await progress.innerText(), 'Starting the rules…', 'the win answers before its rules have run');
    release();
    const panelText = await panel.innerText();
    assert.match(panelText, /now an active client/, panelText);
    assert.match(panelText, /deal won/, panelText);
    for (const enrolment of enrolments)
      assert.ok(panelText.includes(enrolment.sequenceName), `the panel names the stopped sequence "${enrolment.sequenceName}"`);
    assert.equal(await page.getByRole('button', { name: 'Reopen' }).count(), 1, 'a won deal offers Reopen');
    // Operations is notified by the engine a moment later; the panel refreshes its delivered count.
    await panel.getByText(/Delivered to [1-9]\d* of \d+/).waitFor({ timeout: 15_000 });
    // The panel follows the rule runs until every one has finished, without a reload.
    await progress.getByText(/^All \d+ rule runs? finished/).waitFor({ timeout: 30_000 });
    const runRows = panel.getByRole('row').filter({ has: page.getByTestId('run-status') });
    const panelRuns = new Map<string, string>();
    for (const row of await runRows.all()) {
      const [rule, status] = await row.getByRole('cell').allInnerTexts();
      panelRuns.set(rule!.split('\n')[0]!.trim(), status!.trim());
    }
    assert.ok(panelRuns.size > 0, 'the win started rules');
    assert.ok(![...panelRuns.values()].some((s) => /pending|running|retrying/.test(s)), `no run left running: ${[...panelRuns.entries()].join('; ')}`);
    // The timeline, reloaded as the runs finished, tells the same: each rule with the status the panel shows.
    const timeline = page.getByRole('region', { name: 'Timeline' });
    for (const [rule, status] of panelRuns) await timeline.getByText(`Rule "${rule}" ${status}`).first().waitFor();
    assert.equal(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument), true, 'the page was not reloaded');
    await screenshot(page, '3-opportunity-won');

    await panel.getByRole('link', { name: opportunity.accountName }).click();
    await page.getByRole('heading', { level: 1, name: opportunity.accountName }).waitFor();
    assert.equal((await page.getByTestId('account-status').first().innerText()).trim(), 'Active');
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
