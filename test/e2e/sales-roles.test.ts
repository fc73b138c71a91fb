// Browser test: the team page shows each role's kind and lets ops choose it; the member picker offers sales people
// only to a sales role, and a role with sales people is not made a delivery role.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSessionForFile, getJson, logIn, screenshots, withPage } from './browser.ts';

const session = browserSessionForFile();
const screenshot = screenshots('sales-roles');

test('ops add a sales role with a sales person; a delivery role is offered no sales people', { timeout: 120_000 }, async () => {
  await withPage(session(), screenshot, async (page, pageErrors) => {
    await page.goto('/');
    await logIn(page, 'ops@baton.demo');
    const users = await getJson<{ items: { id: string; name: string; role: string; active: boolean }[] }>(page, '/api/users');
    const seller = users.items.find((u) => u.role === 'sales' && u.active);
    assert.ok(seller, 'the demo has a sales person');

    await page.goto('/settings/team');
    const add = page.getByRole('region', { name: 'Add a team role' });
    await add.getByLabel('Key', { exact: true }).fill('sales_handoff');
    await add.getByLabel('Name', { exact: true }).fill('Sales handoff');
    const picker = add.getByLabel('Person to add');
    const offered = () => picker.locator('option').allInnerTexts();
    assert.equal(await add.getByLabel('Kind').inputValue(), 'delivery', 'a new role is a delivery role unless chosen');
    assert.ok(!(await offered()).some((o) => o.includes(seller.name)), 'a delivery role is offered no sales people');

    await add.getByLabel('Kind').selectOption('sales');
    assert.ok(
      (await offered()).some((o) => o.includes(seller.name)),
      'a sales role is offered sales people',
    );
    await picker.selectOption(seller.id);
    await add.getByRole('button', { name: 'Add member' }).click();
    await add.getByRole('button', { name: 'Add role' }).click();
    await add.getByText('The role was added.').waitFor();

    const roles = page.getByRole('region', { name: 'Team roles' });
    const block = roles.getByRole('form', { name: 'Sales role Sales handoff' });
    await block.waitFor();
    assert.match(await roles.getByRole('heading', { name: /Sales handoff/ }).innerText(), /\(sales role\)/);
    assert.match(await block.innerText(), new RegExp(seller.name));
    await screenshot(page, '1-sales-role');

    // Back to delivery with a sales person in it: refused, saying who.
    await block.getByLabel('Kind').selectOption('delivery');
    await block.getByRole('button', { name: 'Save role' }).click();
    await block.getByText(`${seller.name} sells: a delivery role has no sales people.`, { exact: false }).waitFor();
    const stored = await getJson<{ items: { key: string; kind: string }[] }>(page, '/api/team/roles');
    assert.equal(stored.items.find((r) => r.key === 'sales_handoff')?.kind, 'sales');
    await screenshot(page, '2-kind-refused');
    assert.deepEqual(pageErrors, []);
  });
});
