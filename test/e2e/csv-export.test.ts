// Browser test: a sales rep filters the deals list and downloads exactly those deals as CSV; the accounts list and an
// account's contacts download theirs.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { parseCsv } from '../../src/domain/csv.ts';
import { browserSessionForFile, getJson, logIn, screenshots, withPage } from './browser.ts';

const browserSession = browserSessionForFile();
const screenshot = screenshots('csv-export');

/** Clicks the link and reads the file it downloads: its suggested name and its records. */
async function download(page: Page, name: RegExp) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name }).click()]);
  const text = fs.readFileSync(await file.path(), 'utf8');
  const table = parseCsv(text);
  return { fileName: file.suggestedFilename(), header: table.header, rows: table.rows.map((r) => r.cells) };
}

test('a sales rep downloads the filtered deals, the accounts and an account’s contacts as CSV', { timeout: 120_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'sales@baton.demo');

    await page.goto('/deals');
    await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
    await page.getByLabel('Status').selectOption('won');
    await page.waitForURL(/status=won/);
    await screenshot(page, 'deals-filtered');
    const deals = await download(page, /Export these deals \(CSV\)/);
    assert.match(deals.fileName, /^baton-deals-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.equal(deals.header[1], 'Deal Name');
    let expected: string[] = [];
    for (let cursor: string | null = null, first = true; first || cursor; first = false) {
      const pageOf: { items: { id: string }[]; next: string | null } = await getJson(
        page,
        `/api/opportunities?status=won&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
      );
      expected = expected.concat(pageOf.items.map((d) => d.id));
      cursor = pageOf.next;
    }
    assert.ok(expected.length > 0, 'the demo has won deals');
    assert.deepEqual(deals.rows.map((r) => r[0]).sort(), expected.sort(), 'exactly the deals the list shows');

    await page.goto('/accounts');
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    const accounts = await download(page, /^Export CSV$/);
    assert.match(accounts.fileName, /^baton-accounts-/);
    assert.equal(accounts.header[1], 'Account Name');
    assert.ok(accounts.rows.length > 0);

    const withContacts = accounts.rows.map((r) => r[0]!);
    for (const id of withContacts) {
      const contacts = await getJson<{ items: unknown[] }>(page, `/api/contacts?accountId=${id}`);
      if (contacts.items.length === 0) continue;
      await page.goto(`/accounts/${id}`);
      const file = await download(page, /^Export CSV$/);
      assert.match(file.fileName, /^baton-contacts-/);
      assert.equal(file.rows.length, contacts.items.length);
      assert.ok(
        file.rows.every((r) => r[8] === id),
        "only this account's contacts",
      );
      await screenshot(page, 'account-contacts');
      return;
    }
    assert.fail('the demo has an account with contacts');
  });
});
