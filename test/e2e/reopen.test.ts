// Browser test: a won deal is reopened in the UI; its project waits on hold and its page shows the warning.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSessionForFile, getJson, logIn, markWonOnPage, screenshots, withPage } from './browser.ts';

type Opportunity = { id: string; name: string; pipelineId: string };
type ListPage<T> = { items: T[]; next: string | null };
type DealProject = { project: { id: string; status: string } | null; creation: 'automatic' | 'manual' };

const browserSession = browserSessionForFile();

const screenshot = screenshots('reopen');
/** The pages this test changed, as a person sees them in a 1440x900 window. */
const look = async (page: Page, name: string) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await screenshot(page, `look-${name}`, false);
};

test('a won deal reopened in the UI puts its project on hold, with the warning on the deal and the project', { timeout: 180_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
    await logIn(page, 'sales@baton.demo');
    await page.locator('.card').first().waitFor();

    // An open deal on a pipeline whose rules create the project on a win.
    const open = await getJson<ListPage<Opportunity>>(page, '/api/opportunities?stageCategory=open&limit=200');
    let deal: Opportunity | undefined;
    for (const o of open.items) {
      const status = await getJson<DealProject>(page, `/api/opportunities/${o.id}/project-status`);
      if (status.creation === 'automatic' && !status.project) {
        deal = o;
        break;
      }
    }
    assert.ok(deal, 'the demo data has an open deal whose win creates a project');

    await markWonOnPage(page, deal);
    const projectLink = page.getByTestId('project-link');
    await projectLink.waitFor({ timeout: 30_000 });

    await page.getByRole('button', { name: 'Reopen' }).click();
    const onHold = page.getByTestId('delivery-on-hold');
    await onHold.waitFor({ timeout: 15_000 });
    const delivery = page.getByRole('region', { name: 'Delivery' });
    assert.match(await delivery.innerText(), /On hold/);
    await delivery.scrollIntoViewIfNeeded();
    await look(page, 'deal');
    await screenshot(page, '1-deal-reopened');

    await projectLink.click();
    await page.getByTestId('project-heading').waitFor();
    const headline = await page.locator('.headline').first().innerText();
    assert.match(headline, /On hold/, headline);
    const warning = page.getByTestId('reopen-hold-warning');
    await warning.waitFor();
    assert.match(await warning.innerText(), new RegExp(`“${deal.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}” was reopened`));
    await look(page, 'project');
    await screenshot(page, '2-project-on-hold');

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
