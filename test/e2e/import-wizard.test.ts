// Browser test: a sales rep imports deals from a spreadsheet export with the wizard: a column the header does not
// name is mapped by hand, US dates are chosen, the dry run names exactly the bad row, the import shows its progress
// to the end and offers the error report; importing the same file again (its mapping now saved for the source)
// changes nothing.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSessionForFile, eventually, logIn, screenshots, withPage } from './browser.ts';

const browserSession = browserSessionForFile();
const screenshot = screenshots('import-wizard');

const csv = [
  'Title,Company,Value,Closing',
  'Wizard alpha rollout,Wizard Widgets Inc,"1,200.00",03/04/2026',
  'Wizard beta pilot,Wizard Widgets Inc,900,11/15/2026',
  'Wizard gamma seats,Wizard Widgets Inc,lots,12/01/2026',
].join('\n');

async function chooseFile(page: Page) {
  await page.getByLabel('Source').fill('e2e-sheet');
  await page.getByLabel('CSV file').setInputFiles({ name: 'wizard-deals.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-form').waitFor();
}

test(
  'import deals with the wizard: map a column, dry run, import with progress, the bad row in the report; again changes nothing',
  { timeout: 180_000 },
  async () => {
    const session = browserSession();
    await withPage(session, screenshot, async (page, pageErrors) => {
      await page.goto('/');
      await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
      await logIn(page, 'sales@baton.demo');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Deals' }).click();
      await page.getByRole('link', { name: 'Import from CSV' }).click();
      await page.getByRole('heading', { level: 1, name: 'Import deals' }).waitFor();
      await page.getByText('No import yet').waitFor();

      await chooseFile(page);
      assert.match(await page.getByTestId('mapping-origin').innerText(), /wizard-deals\.csv: 3 rows\. The columns are suggested from the file's header/);
      assert.equal(await page.getByLabel('Deal name').inputValue(), 'Title');
      assert.equal(await page.getByLabel('Account', { exact: true }).inputValue(), 'Company');
      assert.equal(await page.getByLabel('Close date').inputValue(), '', '"Closing" is not a header word the import knows');
      await page.getByLabel('Close date').selectOption('Closing');
      await page.getByLabel('Dates like 03/04/2026').selectOption('mdy');
      const preview = page.getByTestId('import-preview');
      assert.match(await preview.innerText(), /Close date\s+Closing/i);
      assert.match(await preview.getByRole('row').nth(1).innerText(), /Wizard alpha rollout\s+Wizard Widgets Inc\s+1,200\.00\s+03\/04\/2026/);
      await screenshot(page, '1-columns');

      await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
      await page.getByTestId('dry-run-counts').waitFor();
      assert.equal(await page.getByTestId('dry-run-counts').innerText(), '3 rows: 2 would be created, 0 updated, 0 unchanged, 1 not imported.');
      const dryProblems = page.getByTestId('import-problems').getByRole('row');
      assert.equal(await dryProblems.count(), 2, 'a header and exactly one problem');
      assert.match(await dryProblems.nth(1).innerText(), /^4\s+Value\s+lots\s+is not an amount$/);

      await page.getByRole('button', { name: 'Import 2 rows' }).click();
      const status = page.getByTestId('import-status');
      await status.getByText(/done: 2 created, 0 updated, 0 unchanged, 1 not imported/).waitFor();
      assert.match(await status.innerText(), /^3 of 3 rows \(100%\)/);
      assert.equal(await page.getByTestId('import-progress').getAttribute('value'), '3');
      const problems = page.getByRole('region', { name: 'Result' }).getByTestId('import-problems').getByRole('row');
      assert.equal(await problems.count(), 2);
      assert.match(await problems.nth(1).innerText(), /^4\s+Value\s+lots\s+is not an amount$/);
      await screenshot(page, '2-result');

      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-report').click()]);
      const report = await readFile((await download.path())!, 'utf8');
      assert.equal(report, 'row,column,value,reason\r\n4,Value,lots,is not an amount\r\n');
      // The history: the import, and the dry run before it.
      const history = page.getByTestId('import-history').getByRole('row');
      await eventually(() => history.count(), 3);
      await eventually(async () => /wizard-deals\.csv\s+e2e-sheet\s+done\s+3 \/ 3\s+2\s+0\s+0\s+1/.test(await history.nth(1).innerText()), true);
      assert.match(await history.nth(2).innerText(), /wizard-deals\.csv\s+e2e-sheet\s+done\s+dry run\s+3 \/ 3\s+2\s+0\s+0\s+1/);

      // The same file again: the mapping comes back from the last import of this source, and nothing changes.
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Import deals' }).waitFor();
      await chooseFile(page);
      assert.match(await page.getByTestId('mapping-origin').innerText(), /mapped as in the last import from "e2e-sheet"/);
      assert.equal(await page.getByLabel('Close date').inputValue(), 'Closing');
      await page.getByLabel('Dates like 03/04/2026').selectOption('mdy');
      await page.getByRole('button', { name: 'Check every row (dry run)' }).click();
      await page.getByTestId('dry-run-counts').getByText('3 rows: 0 would be created, 0 updated, 2 unchanged, 1 not imported.').waitFor();
      await page.getByRole('button', { name: 'Import 2 rows' }).click();
      await page
        .getByTestId('import-status')
        .getByText(/done: 0 created, 0 updated, 2 unchanged, 1 not imported/)
        .waitFor();
      await screenshot(page, '3-again');

      // The deals are there once each, with the US date read as March 4.
      await page.goto('/deals');
      await page.getByRole('heading', { level: 1, name: 'Deals' }).waitFor();
      const deals = (await (await page.request.get('/api/opportunities?q=Wizard')).json()) as { items: { name: string; closeDate: string | null }[] };
      const names = deals.items.map((d) => d.name).sort();
      assert.deepEqual(names, ['Wizard alpha rollout', 'Wizard beta pilot']);
      assert.equal(deals.items.find((d) => d.name === 'Wizard alpha rollout')!.closeDate, '2026-03-04');
      assert.deepEqual(pageErrors, []);
    });
  },
);
