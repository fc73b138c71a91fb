// Browser test: the project-template editor names team roles (the roster's words), and the audit log names the
// person a deal was given to; the stored values stay the keys and ids.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserSessionForFile, getJson, logIn, screenshots, withPage } from './browser.ts';

const session = browserSessionForFile();
const screenshot = screenshots('template-roles');

test('the template editor shows team roles by name; the audit log shows a new deal owner by name', { timeout: 120_000 }, async () => {
  await withPage(session(), screenshot, async (page, pageErrors) => {
    await page.goto('/');
    await logIn(page, 'admin@baton.demo');

    const templates = await getJson<{ items: { id: string; key: string }[] }>(page, '/api/templates');
    const onboarding = templates.items.find((t) => t.key !== 'expansion') ?? templates.items[0]!;
    await page.goto(`/settings/templates/${onboarding.id}`);
    const task = page.getByTestId('template-task').first();
    await task.waitFor();
    const summary = await task.locator('.editor-item-head').innerText();
    assert.doesNotMatch(summary, /\b[a-z]+_[a-z_]+\b · /, `the summary names the role, not its key: ${summary}`);
    await task.locator('button.disclosure').click();
    const role = task.getByLabel('Team role');
    const chosen = await role.locator('option:checked').innerText();
    assert.ok(chosen.length > 0 && !/_/.test(chosen), `the role picker shows a name (${chosen})`);
    assert.doesNotMatch(await role.inputValue(), / /, 'the stored value stays the key');
    assert.ok(summary.includes(chosen), `the summary line and the picker agree (${summary} / ${chosen})`);
    await screenshot(page, '1-task-role');

    // A deal given to another person: the audit log says who, by name, linked nowhere secret (the id in the tooltip).
    const deals = await getJson<{ items: { id: string; name: string; ownerId: string | null }[] }>(page, '/api/opportunities?limit=5');
    const users = await getJson<{ items: { id: string; name: string; role: string }[] }>(page, '/api/users');
    const deal = deals.items[0]!;
    const next = users.items.find((u) => u.id !== deal.ownerId && u.role === 'sales') ?? users.items.find((u) => u.id !== deal.ownerId)!;
    await page.goto(`/opportunities/${deal.id}`);
    const owner = page.getByRole('button', { name: /Edit owner/i });
    await owner.click();
    await page.getByLabel('Owner', { exact: true }).selectOption(next.id);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(next.name).first().waitFor();

    await page.goto(`/audit?entityId=${deal.id}`);
    const row = page.getByTestId('audit-row').filter({ hasText: 'Deal updated' }).first();
    await row.waitFor();
    const changed = row.locator(`[data-ref-id="${next.id}"]`);
    assert.equal(await changed.innerText(), next.name, 'the new owner by name');
    assert.match((await changed.getAttribute('title')) ?? '', new RegExp(next.id), 'the id in the tooltip');
    assert.ok(!(await row.innerText()).includes(next.id), 'no raw id in the row');
    await screenshot(page, '2-audit-owner');
    assert.deepEqual(pageErrors, []);
  });
});
