// Browser test: Operations turns the traction gate on in Settings (budget confirmed); a new deal's page then says what
// is missing before delivery people can join, a trial task goes to the PM anyway, and confirming the budget meets it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminApi, browserSessionForFile, createDeal, logIn, screenshots, withPage } from './browser.ts';

type User = { id: string; email: string; name: string };
type Account = { id: string };

const browserSession = browserSessionForFile();
const screenshot = screenshots('traction');

test('the deal page names the missing traction signal, takes a trial task before it, then shows it met', { timeout: 180_000 }, async () => {
  const session = browserSession();
  const api = await adminApi(session, 'e2e traction set-up');
  const users = (await api<{ items: User[] }>('GET', '/api/users?limit=200')).items;
  const sales = users.find((u) => u.email === 'sales@baton.demo')!;
  const account = (await api<{ items: Account[] }>('GET', '/api/accounts?limit=200')).items[0]!;
  const dealName = `Traction deal ${Date.now().toString(36)}`;
  const deal = await createDeal(api, { name: dealName, accountId: account.id, ownerId: sales.id });
  // A rule that brings IT in on a win with a condition (one no other test's deal meets); the panel puts it in words.
  const ruleBody = {
    name: `Big wins: involve IT ${Date.now().toString(36)}`,
    trigger: { type: 'event', event: 'deal.won' },
    condition: { field: 'deal.amountMinor', op: 'gt', value: 99_999_999_900 },
    actions: [{ key: 'it', type: 'create_task', params: { title: 'Security review', role: 'it', dueInBusinessDays: 2 } }],
  };
  const rule = await api<{ id: string }>('POST', '/api/rules', ruleBody);

  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'ops@baton.demo');
    await page.goto('/settings/team');
    const gate = page.getByRole('region', { name: 'Traction gate' });
    await gate.getByRole('checkbox', { name: 'Budget confirmed' }).check();
    await gate.getByRole('button', { name: 'Save traction gate' }).click();
    await gate.getByText('The traction gate was saved.').waitFor();
    await gate.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings', false);

    await page.goto(`/opportunities/${deal.id}`);
    await page.getByRole('heading', { level: 1, name: dealName }).waitFor();
    const panel = page.getByRole('region', { name: 'Traction and trials' });
    const headline = panel.getByTestId('traction-headline');
    await headline.getByText('Delivery people can join once: the budget is confirmed.').waitFor();
    await panel.getByText(`brings the IT in when deal won, if Deal amount is more than 999,999,999.00`).waitFor();

    // A trial task is the explicit way to involve the PM before the budget is confirmed.
    await panel.getByLabel('Trial task', { exact: true }).fill('Pilot import of 100 orders');
    await panel.getByLabel('Trial owner').selectOption({ label: 'Pat Manager' });
    await panel.getByLabel('Due', { exact: true }).fill('2027-01-15');
    await panel.getByLabel('Acceptance criteria', { exact: true }).fill('The 100 orders import without errors');
    await panel.getByRole('button', { name: 'Add trial task' }).click();
    const trials = panel.getByRole('list', { name: 'Trial tasks' });
    await trials.getByText('Pilot import of 100 orders').waitFor();
    assert.match(await trials.innerText(), /Trial[\s\S]*Pat Manager[\s\S]*Acceptance: The 100 orders import without errors/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'missing', false);

    await panel.getByLabel('Acceptance note for Pilot import of 100 orders').fill('All 100 in');
    await panel.getByRole('button', { name: 'Accept', exact: true }).click();
    await trials.getByText('Accepted', { exact: true }).waitFor();

    // Ops may not change deals: the sales rep confirms the budget, and the gate is met.
    await page.context().clearCookies();
    await page.goto('/');
    await logIn(page, 'sales@baton.demo');
    await page.goto(`/opportunities/${deal.id}`);
    const salesPanel = page.getByRole('region', { name: 'Traction and trials' });
    await salesPanel.getByText('Delivery people can join once: the budget is confirmed.').waitFor();
    await salesPanel.getByRole('checkbox', { name: 'Budget confirmed by the buyer' }).check();
    await salesPanel.getByText('Traction: met (the budget is confirmed).').waitFor();
    await salesPanel.scrollIntoViewIfNeeded();
    await screenshot(page, 'met', false);
    assert.deepEqual(pageErrors, []);
  });
  await api('PUT', `/api/rules/${rule.id}`, { ...ruleBody, enabled: false });
});
