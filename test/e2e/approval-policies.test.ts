// Browser test: finance writes an approval policy in the policy editor (a discount condition over the deal's terms,
// a finance step then a legal step decided by all its approvers); a step without a name is refused at its field
// first; the saved policy reads in words in the list, and a request made under it says why the deal needs it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { adminApi, browserSessionForFile, logIn, screenshots, waitFor, withPage } from './browser.ts';

type Policy = { id: string; key: string; version: number; condition: unknown; steps: { name: string; mode: string; approvers: unknown[] }[] };

const browserSession = browserSessionForFile();
const screenshot = screenshots('approval-policies');

test('finance writes a policy in the editor; the list and the request page say when it applies', { timeout: 180_000 }, async () => {
  const session = browserSession();
  const api = await adminApi(session, 'e2e approval policies');
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'finance@baton.demo');
    await page.goto('/approvals');
    await page.getByRole('link', { name: 'Policies' }).click();
    await page.getByRole('heading', { name: 'Approval policies' }).waitFor();
    await page.getByRole('link', { name: 'New policy' }).click();

    const editor = page.getByTestId('policy-editor');
    await editor.getByLabel('Name', { exact: true }).fill('Deep discounts');
    assert.equal(await editor.getByLabel('Key', { exact: true }).inputValue(), 'deep-discounts', 'the key follows the name');
    await editor.getByLabel('Legal: contract version and every non-standard clause').check();
    await editor.getByLabel('SLA (business hours)').fill('4');
    await editor.getByRole('button', { name: 'Add a condition' }).click();
    await editor.getByLabel('Field 1').selectOption({ label: 'Discount (%)' });
    await editor.getByLabel('Test 1').selectOption({ label: 'is more than' });
    await editor.getByLabel('Value 1').fill('15');

    // Step 1 stays finance (any); step 2: legal, and the deal owner's manager, all of them.
    await editor.getByRole('button', { name: 'Add a step' }).click();
    const step2 = editor.getByTestId('policy-step').nth(1);
    await step2.getByLabel('Step 2 name').fill('');
    await step2.getByLabel('Decided by').selectOption('all');
    await step2.getByLabel('Role').selectOption('legal');
    await step2.getByRole('button', { name: 'Add an approver to step 2' }).click();
    await step2.getByLabel('Approver 2', { exact: true }).selectOption({ label: "The deal owner's manager" });
    await editor.getByTestId('policy-save').click();
    const issues = page.getByTestId('policy-issues');
    await issues.getByText('Step 2, name').waitFor();
    assert.equal(await step2.getByLabel('Step 2 name').getAttribute('aria-invalid'), 'true', 'the empty name is marked');
    await screenshot(page, 'refused');

    await step2.getByLabel('Step 2 name').fill('Legal and manager');
    await editor.getByTestId('policy-save').click();
    await page.waitForURL(/\/approval-policies\/[0-9a-f-]{36}$/);
    await page.getByRole('heading', { name: 'Deep discounts' }).waitFor();
    await page.getByText('Version 1').waitFor();

    const saved = await waitFor('the saved policy', async () =>
      (await api<{ items: Policy[] }>('GET', '/api/approval-policies')).items.find((p) => p.key === 'deep-discounts'),
    );
    assert.deepEqual(saved.condition, { field: 'terms.discountPercent', op: 'gt', value: 15 });
    assert.deepEqual(
      saved.steps.map((s) => [s.name, s.mode, s.approvers]),
      [
        ['Finance', 'any', [{ type: 'role', role: 'finance' }]],
        ['Legal and manager', 'all', [{ type: 'role', role: 'legal' }, { type: 'owner_manager' }]],
      ],
    );

    await page.getByRole('link', { name: 'Policies' }).click();
    const row = page.getByTestId('policy-table').getByRole('row').filter({ hasText: 'Deep discounts' });
    await row.getByText('Discount (%) is more than 15').waitFor();
    await row.getByText("2. Legal and manager: all of everyone with the legal role, the deal owner's manager").waitFor();
    await screenshot(page, 'list');

    // A won deal with a 20 % discount is asked for it; its request page says why.
    const accounts = (await api<{ items: { id: string }[] }>('GET', '/api/accounts?limit=1')).items;
    const deal = await api<{ id: string }>('POST', '/api/opportunities', {
      name: 'Discounted harbour rollout',
      accountId: accounts[0]!.id,
      amountMinor: 900_000,
      currency: 'EUR',
    });
    await api('PATCH', `/api/opportunities/${deal.id}/terms`, { discountPercent: 20 });
    await api('POST', `/api/opportunities/${deal.id}/win`, {});
    const request = await waitFor('the request', async () =>
      (await api<{ items: { id: string; policy: { key: string } }[] }>('GET', `/api/opportunities/${deal.id}/approvals`)).items.find(
        (a) => a.policy.key === 'deep-discounts',
      ),
    );
    await page.goto(`/approvals/${request.id}`);
    await page.getByTestId('approval-reason').getByText('Discount (%) is more than 15').waitFor();
    await page.getByTestId('approval-reason').getByRole('link', { name: 'the policy' }).waitFor();
    await screenshot(page, 'request');
    assert.deepEqual(pageErrors, []);
  });
});
