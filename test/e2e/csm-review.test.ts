// Browser test: the handoff review follows the brief through people's My tasks: the AE has "Review the handoff brief
// of <deal>" from the win; once the AE sends it, the CSM has it in My tasks, with a link that opens the brief.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { adminApi, type Api, browserSessionForFile, logIn, screenshots, waitFor, withPage } from './browser.ts';

type User = { id: string; email: string };
type Account = { id: string; csmId: string | null };

const browserSession = browserSessionForFile();
let api: Api;

const save = screenshots('csm-review');
/** Screenshots of the window at 1440x900, as a person sees it. */
const screenshot = async (page: Page, name: string) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await save(page, name, false);
};

/** My tasks, reloaded until the row is there (the rules run moments after the change). */
async function reviewRow(page: Page, title: string) {
  const row = page.getByTestId('task-row').filter({ hasText: title });
  await waitFor(`"${title}" in My tasks`, async () => {
    await page.goto('/tasks');
    await page.getByRole('heading', { level: 1, name: 'My tasks' }).waitFor();
    await page.getByTestId('task-row').first().waitFor({ timeout: 3_000 });
    return (await row.count()) === 1 ? true : undefined;
  });
  return row;
}

test('the AE reviews the brief from My tasks after the win; once sent, the CSM finds it in My tasks and opens the brief', { timeout: 180_000 }, async () => {
  const session = browserSession();
  api = await adminApi(session, 'e2e csm review set-up');
  const users = (await api<{ items: User[] }>('GET', '/api/users?limit=200')).items;
  const sam = users.find((u) => u.email === 'sales@baton.demo')!;
  const casey = users.find((u) => u.email === 'cs@baton.demo')!;
  const account = (await api<{ items: Account[] }>('GET', '/api/accounts?limit=200')).items.find((a) => a.csmId === casey.id);
  assert.ok(sam && casey && account, 'the demo has its AE, its CSM and an account the CSM looks after');
  const dealName = 'Warehouse scanner rollout';
  const deal = await api<{ id: string }>('POST', '/api/opportunities', {
    name: dealName,
    accountId: account.id,
    ownerId: sam.id,
    amountMinor: 1_200_000,
    currency: 'EUR',
    dealType: 'new_business',
    complexity: 'simple',
  });
  await api('POST', '/api/activities', {
    kind: 'call',
    opportunityId: deal.id,
    subject: 'Scoping call',
    body: 'Ann Berg (Head of Logistics): Our goal is to scan every pallet at the Hamburg warehouse by spring.',
  });
  await api('POST', `/api/opportunities/${deal.id}/win`, {});
  await waitFor('the brief', () => api<{ status: string }>('GET', `/api/opportunities/${deal.id}/brief`));
  const title = `Review the handoff brief of ${dealName}`;

  await withPage(
    session,
    async () => {},
    async (ae) => {
      await ae.goto('/');
      await logIn(ae, 'sales@baton.demo');
      const row = await reviewRow(ae, title);
      await row.scrollIntoViewIfNeeded();
      await screenshot(ae, '1-ae-my-tasks');
      await row.getByRole('link', { name: 'Open the brief' }).click();
      await ae.getByRole('heading', { level: 1, name: `Handoff brief: ${dealName}` }).waitFor();
      await ae.getByRole('button', { name: 'Send to CSM' }).click();
      const send = ae.getByRole('dialog', { name: 'Send the brief to Casey Success' });
      await send.getByRole('button', { name: 'Send to CSM' }).click();
      await send.waitFor({ state: 'hidden' });
      await ae.getByTestId('status-banner').getByText('In CSM review — Casey Success decides').waitFor();
      // Sending it completes the AE's review.
      await ae.goto('/tasks');
      await ae.getByRole('heading', { level: 1, name: 'My tasks' }).waitFor();
      await ae.waitForLoadState('networkidle');
      assert.equal(await ae.getByTestId('task-row').filter({ hasText: title }).count(), 0, "the AE's review left the open tasks");
    },
  );

  await withPage(
    session,
    async () => {},
    async (csm, errors) => {
      await csm.goto('/');
      await logIn(csm, 'cs@baton.demo');
      const row = await reviewRow(csm, title);
      assert.match(await row.innerText(), new RegExp(dealName));
      const link = row.getByRole('link', { name: 'Open the brief' });
      assert.equal(await link.getAttribute('href'), `/opportunities/${deal.id}/brief`);
      await row.scrollIntoViewIfNeeded();
      await screenshot(csm, '2-csm-my-tasks');
      await link.click();
      await csm.getByRole('heading', { level: 1, name: `Handoff brief: ${dealName}` }).waitFor();
      await csm.getByTestId('status-banner').getByText('Your turn').waitFor();
      await screenshot(csm, '3-csm-opens-the-brief');
      assert.deepEqual(errors, []);
    },
  );
});
