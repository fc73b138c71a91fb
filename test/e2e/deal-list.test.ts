// Browser test: a sales rep filters the deals list, sorts it, saves the view and opens it again, then searches from
// the top bar and opens an account with the keyboard.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSessionForFile, eventually, getJson, logIn, screenshots, withPage } from './browser.ts';

type Opportunity = { id: string; name: string; amountMinor: number; ownerName: string | null; stageCategory: string };

const browserSession = browserSessionForFile();

const screenshot = screenshots('deal-list');
/** Where the screenshots to look at go besides test-results (SCREENSHOT_DIR=/some/dir). */
const extraShots = process.env.SCREENSHOT_DIR;

async function shoot(page: Page, name: string, fullPage = false): Promise<void> {
  await screenshot(page, name, fullPage);
  if (extraShots) await page.screenshot({ path: `${extraShots}-${name}.png`, fullPage });
}

/** The deal names in the table, top to bottom, once the list has settled. */
async function tableNames(page: Page): Promise<string[]> {
  await page.locator('.deal-list[aria-busy="false"]').waitFor();
  return page.locator('.deal-table tbody tr td:first-child > a').allInnerTexts();
}

test('a sales rep filters and sorts the deals, saves the view, opens it again and searches from the top bar', { timeout: 120_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'sales@baton.demo');

    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deals' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
    const all = await tableNames(page);
    assert.ok(all.length >= 50, `the first page shows 50 deals, got ${all.length}`);
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.waitForFunction(() => document.querySelectorAll('.deal-table tbody tr').length > 50);

    // Filters: the rep's own open deals of at least 10,000 (the amount is typed in currency units).
    await page.getByLabel('Owner').selectOption({ label: 'Sam Seller' });
    await page.getByLabel('Status').selectOption('open');
    await page.getByLabel('Amount at least').fill('10000');
    await page.waitForURL(/amountMin=10000/);
    await page
      .getByRole('columnheader', { name: /Amount/ })
      .getByRole('button')
      .click();
    await page.waitForURL(/sort=-amount/);
    const url = new URL(page.url());
    assert.equal(url.pathname, '/deals');
    const me = (await getJson<{ user: { id: string } }>(page, '/api/auth/me')).user.id;
    assert.equal(url.searchParams.get('ownerId'), me);
    const expected = await getJson<{ items: Opportunity[] }>(page, `/api/opportunities?ownerId=${me}&status=open&amountMin=10000&sort=-amount`);
    assert.ok(expected.items.length > 0 && expected.items.length < all.length, `some deals match: ${expected.items.length}`);
    assert.ok(expected.items.every((d) => d.amountMinor >= 1_000_000 && d.ownerName === 'Sam Seller' && d.stageCategory === 'open'));
    assert.deepEqual(
      await tableNames(page),
      expected.items.map((d) => d.name),
    );
    assert.equal(await page.getByRole('columnheader', { name: /Amount/ }).getAttribute('aria-sort'), 'descending');

    // Save the view, shared with the team.
    await page.getByRole('button', { name: 'Save view' }).click();
    const dialog = page.getByRole('dialog', { name: 'Save view' });
    await dialog.getByLabel('Name').fill('My big open deals');
    await dialog.getByLabel('Share with everyone in the workspace').check();
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await page.waitForURL(/view=/);
    await eventually(() => page.getByLabel('Saved views').locator('option:checked').innerText(), 'My big open deals (shared)');
    await shoot(page, 'deals');

    // A name used already is refused in the dialog.
    await page.getByRole('button', { name: 'Save view' }).click();
    await dialog.getByLabel('Name').fill('my big open deals');
    await dialog.getByRole('button', { name: 'Save view' }).click();
    await dialog.getByText('Name is taken').waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    // Open the list afresh: every deal; choosing the view brings its filters back.
    await page.goto('/deals');
    assert.equal((await tableNames(page)).length, 50);
    await page.getByLabel('Saved views').selectOption({ label: 'My big open deals (shared)' });
    await page.waitForURL(/amountMin=10000/);
    assert.deepEqual(
      await tableNames(page),
      expected.items.map((d) => d.name),
    );
    assert.equal(await page.getByLabel('Owner').locator('option:checked').innerText(), 'Sam Seller');
    assert.equal(await page.getByLabel('Amount at least').inputValue(), '10000');

    // Search from the top bar: results grouped by kind; arrows and Enter open the account.
    const search = page.getByRole('combobox', { name: 'Search deals, accounts, contacts and projects' });
    await search.fill('northwind');
    const results = page.getByRole('listbox', { name: 'Search results' });
    await results
      .getByRole('group', { name: 'Accounts' })
      .getByRole('option', { name: /Northwind Logistics/ })
      .waitFor();
    await results.getByRole('group', { name: 'Deals' }).waitFor();
    await shoot(page, 'search');
    const options = await results.getByRole('option').allInnerTexts();
    const accountAt = options.findIndex((o) => o.startsWith('Northwind Logistics'));
    assert.ok(accountAt >= 0, options.join(' | '));
    for (let i = 0; i <= accountAt; i++) await search.press('ArrowDown');
    assert.equal(
      await results
        .getByRole('option', { selected: true })
        .innerText()
        .then((t) => t.split('\n')[0]),
      'Northwind Logistics',
    );
    await search.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Northwind Logistics' }).waitFor();
    assert.match(new URL(page.url()).pathname, /^\/accounts\//);

    assert.deepEqual(pageErrors, []);
  });
});

test("at 1440 px an admin's fourteen entries take a row of their own under the search box and the user menu, none cut off", { timeout: 60_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/deals');
    await logIn(page, 'admin@baton.demo');
    await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
    const box = async (selector: string) => (await page.locator(selector).first().boundingBox())!;
    const nav = await page.locator('.nav').evaluate((el) => ({ scroll: el.scrollWidth, client: el.clientWidth }));
    assert.ok(nav.scroll <= nav.client + 1, `the navigation overflows: ${nav.scroll} > ${nav.client}`);
    const [search, user, topbar] = [await box('.global-search'), await box('.topbar-user'), await box('.topbar')];
    assert.ok(search.width >= 140, `the search box is ${search.width}px wide`);
    assert.ok(search.x + search.width <= user.x, 'the search box ends before the user menu');
    assert.ok(topbar.height <= 90, `the top bar is two lines at most (${topbar.height}px)`);
    // Every entry shows whole, inside the window and below the search box (none runs into it).
    const links = await page.locator('.nav .nav-link').all();
    assert.ok(links.length >= 13, `an admin has ${links.length} entries`);
    for (const link of links) {
      const b = (await link.boundingBox())!;
      assert.ok(b.x >= 0 && b.x + b.width <= 1440, `${await link.innerText()} is inside the window`);
      assert.ok(b.y >= search.y + search.height - 1, `${await link.innerText()} is on the row below the search box`);
    }
    await shoot(page, 'admin-topbar');
  });
});
