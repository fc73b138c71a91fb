// Browser test: an operations user builds "won and amount above 100,000 -> notify finance" with the pickers, no JSON,
// saves it, and the dry run on a won deal above 100,000 says it would run (and on a smaller one that it would not).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { browserSessionForFile, getJson, logIn, screenshots, withPage } from './browser.ts';

type Opportunity = { id: string; name: string; stageCategory: string; amountMinor: number; currency: string };
type Rule = {
  id: string;
  key: string;
  name: string;
  enabled: boolean;
  trigger: unknown;
  condition: unknown;
  actions: { type: string; params: Record<string, unknown> }[];
};

const browserSession = browserSessionForFile();

const screenshot = screenshots('rule-pickers');

/** Chooses a deal in the dry run and runs it; answers the draft's result block. */
async function dryRunOn(page: Page, deal: Opportunity) {
  const dryRun = page.getByRole('region', { name: 'Dry run' });
  await dryRun.getByLabel('Find a deal').fill(deal.name);
  const select = dryRun.getByLabel('Deal', { exact: true });
  await select.locator('option', { hasText: deal.name }).first().waitFor({ state: 'attached' });
  await select.selectOption({ value: deal.id });
  await dryRun.getByTestId('dry-run').click();
  const result = dryRun.getByTestId('dry-run-rule').filter({ hasText: 'Big win: tell finance' });
  await result.waitFor();
  return result;
}

test('an ops user builds "won and amount above 100,000 -> notify finance" with pickers and the dry run says it would run', { timeout: 120_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'ops@baton.demo');
    const won = (await getJson<{ items: Opportunity[] }>(page, '/api/opportunities?stageCategory=won&limit=100')).items;
    const big = won.find((o) => o.amountMinor > 10_000_000);
    const small = won.find((o) => o.amountMinor <= 10_000_000);
    assert.ok(big && small, `the demo has won deals above and below 100,000: ${won.map((o) => o.amountMinor).join(', ')}`);

    await page.goto('/rules');
    await page.getByRole('link', { name: 'New rule' }).click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name').fill('Big win: tell finance');
    // The key follows the name.
    assert.equal(await form.getByLabel('Key').inputValue(), 'big-win-tell-finance');
    await form.getByLabel('Rule is on').check();
    await form.getByTestId('rule-state').getByText('This rule will be on').waitFor();

    // Trigger: chosen by its name, not its key.
    await form.getByLabel('When').selectOption({ label: 'Deal won' });

    // Condition: the amount, in currency units, with the pickers.
    await form.getByRole('button', { name: 'Add a condition' }).click();
    await form.getByLabel('Field 1').selectOption({ label: 'Deal amount' });
    await form.getByLabel('Test 1').selectOption({ label: 'is more than' });
    await form.getByLabel('Value 1 (amount in currency units)').fill('100,000');

    // Action: notify everyone with the finance role, all by name.
    await form.getByLabel('Action to add').selectOption({ label: 'Notify people' });
    await form.getByRole('button', { name: 'Add action' }).click();
    const action = form.getByTestId('rule-action');
    await action.getByLabel('Who').selectOption({ label: 'Everyone with a role' });
    await action.getByLabel('Role').selectOption({ label: 'Finance' });
    await action.getByLabel('Channel').selectOption({ label: 'In the app' });
    await action.getByLabel(/^Title/).fill('Big win: {{deal.name}}');
    await action.getByLabel('Message').fill('{{account.name}} signed {{deal.amount}}.');
    await form.getByRole('heading', { name: 'Trigger' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'editor', false);
    assert.equal(await form.locator('textarea.input-mono').count(), 0, 'no JSON was shown');

    await form.getByTestId('rule-save').click();
    await page.waitForURL(/\/rules\/[0-9a-f-]{36}$/);
    const ruleId = page.url().split('/').at(-1)!;
    const rule = await getJson<Rule>(page, `/api/rules/${ruleId}`);
    assert.equal(rule.key, 'big-win-tell-finance');
    assert.equal(rule.enabled, true);
    assert.deepEqual(rule.trigger, { type: 'event', event: 'deal.won' });
    assert.deepEqual(rule.condition, { field: 'deal.amountMinor', op: 'gt', value: 10_000_000 });
    assert.deepEqual(rule.actions[0]?.params, {
      recipientType: 'role',
      recipient: 'finance',
      channel: 'in_app',
      title: 'Big win: {{deal.name}}',
      body: '{{account.name}} signed {{deal.amount}}.',
    });

    // Reopened, the saved rule shows in the pickers again, and says it is on.
    const edit = page.getByRole('form', { name: 'Edit the rule' });
    await edit.getByTestId('rule-state').getByText('This rule is on').waitFor();
    assert.equal(await edit.getByLabel('Value 1 (amount in currency units)').inputValue(), '100000');

    const fires = await dryRunOn(page, big);
    await fires.getByText('would run', { exact: true }).waitFor();
    assert.match(await fires.innerText(), /condition met/);
    await fires.scrollIntoViewIfNeeded();
    await screenshot(page, 'dry-run', false);
    const quiet = await dryRunOn(page, small);
    await quiet.getByText('would not run', { exact: true }).waitFor();
    assert.match(await quiet.innerText(), /condition not met/);
    assert.deepEqual(pageErrors, []);
  });
});

test('a condition on a field the server does not know is shown on that row', { timeout: 60_000 }, async () => {
  const session = browserSession();
  await withPage(session, screenshot, async (page) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'ops@baton.demo');
    await page.goto('/rules/new');
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name').fill('Typo in JSON');
    await form.getByRole('button', { name: 'Advanced: edit as JSON' }).click();
    await form
      .getByLabel('Condition (JSON)')
      .fill('{"all": [{"field": "deal.amountMinor", "op": "gt", "value": 1}, {"field": "deal.ammount", "op": "gt", "value": 1}]}');
    await form.getByRole('button', { name: 'Back to the pickers' }).click();
    await form.getByTestId('rule-save').click();
    const row = form.getByTestId('condition-row').nth(1);
    await row.getByText('"deal.ammount" is not a field rules can read').waitFor();
    assert.equal(await row.getByLabel('Field 2').getAttribute('aria-invalid'), 'true');
    assert.equal(await form.getByTestId('condition-row').first().locator('.field-error').count(), 0);
    await row.scrollIntoViewIfNeeded();
    await screenshot(page, 'refused-field', false);
  });
});
