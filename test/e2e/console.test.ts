// Browser test: normal use leaves the browser console clean: signed out, the board, a deal without a brief, a
// won deal with one, its brief, the deals list and the projects.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { logIn, screenshots, startBrowserSession, withPage, type BrowserSession } from './browser.ts';

type ListPage<T> = { items: T[] };
type Opportunity = { id: string; name: string };

let session: BrowserSession | undefined;

before(async () => {
  session = await startBrowserSession();
});

after(async () => {
  await session?.close();
});

const screenshot = screenshots('console');

test(
  'signed out, then working through the board, deals with and without a brief, the deals list and projects: no console errors',
  { timeout: 120_000 },
  async () => {
    assert.ok(session);
    await withPage(session, screenshot, async (page, pageErrors) => {
      const consoleErrors: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error') consoleErrors.push(`${page.url()}: ${message.text()}`);
      });
      await page.goto('/');
      await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
      await logIn(page, 'cs@baton.demo');
      await page.locator('.card').first().waitFor();

      const open = (await (await page.request.get('/api/opportunities?stageCategory=open&limit=50')).json()) as ListPage<Opportunity>;
      const won = (await (await page.request.get('/api/opportunities?stageCategory=won&limit=50')).json()) as ListPage<Opportunity>;
      const withoutBrief = open.items[0]!;
      assert.equal(((await (await page.request.get(`/api/opportunities/${withoutBrief.id}/handoff`)).json()) as { brief: unknown }).brief, null);
      await page.goto(`/opportunities/${withoutBrief.id}`);
      await page.getByRole('heading', { level: 1, name: withoutBrief.name }).waitFor();
      await page.waitForLoadState('networkidle');

      const wonDeal = won.items[0]!;
      await page.goto(`/opportunities/${wonDeal.id}`);
      await page.getByRole('heading', { level: 1, name: wonDeal.name }).waitFor();
      await page.waitForLoadState('networkidle');
      await page.goto(`/opportunities/${wonDeal.id}/brief`);
      await page.waitForLoadState('networkidle');
      for (const path of ['/deals', '/leads', '/leads?view=board', '/reactivation', '/projects', '/tasks', '/handoffs', '/warnings']) {
        await page.goto(path);
        await page.waitForLoadState('networkidle');
      }
      await screenshot(page, 'last-page');
      assert.deepEqual(pageErrors, []);
      assert.deepEqual(consoleErrors, []);
    });
  },
);
