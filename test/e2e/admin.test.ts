// Browser test: an admin creates an API token, uses and revokes it, then reads the outbox and the audit log.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { logIn, screenshots, startBrowserSession, withPage, type BrowserSession } from './browser.ts';

let session: BrowserSession | undefined;

before(async () => {
  session = await startBrowserSession();
});

after(async () => {
  await session?.close();
});

const screenshot = screenshots('admin');

/** Calls the API the way a script would: a bearer token, no cookie. */
async function listOpportunitiesWith(secret: string): Promise<number> {
  assert.ok(session?.server);
  const response = await fetch(`${session.server.url}/api/opportunities?limit=1`, {
    headers: { authorization: `Bearer ${secret}`, accept: 'application/json' },
  });
  await response.body?.cancel();
  return response.status;
}

test('an admin creates an API token, uses it, revokes it, and reads the outbox and the audit log', { timeout: 120_000 }, async () => {
  assert.ok(session?.server && session.browser);
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
    await logIn(page, 'admin@baton.demo');
    const nav = page.getByRole('navigation', { name: 'Main' });

    // Settings → API tokens: create one and read its secret, shown this once.
    await nav.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'People' }).waitFor();
    await page.getByRole('table').waitFor();
    await screenshot(page, '1-people');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'API tokens' }).click();
    await page.getByRole('heading', { level: 1, name: 'API tokens' }).waitFor();
    const tokenName = `e2e script ${Date.now()}`;
    await page.getByLabel('Token name').fill(tokenName);
    await page.getByLabel('Acts as role').selectOption('sales');
    await page.getByRole('button', { name: 'Create token' }).click();
    const issued = page.getByTestId('issued-token');
    await issued.waitFor();
    assert.match(await issued.innerText(), /you will not see it again/i);
    const secret = await issued.getByLabel('Secret', { exact: true }).inputValue();
    assert.match(secret, /^\S{20,}$/, `a secret is shown (${secret})`);
    const example = await issued.getByLabel(/Example/).inputValue();
    assert.ok(example.includes(`BATON_TOKEN=${secret}`) && example.includes('npx baton win'), example);
    const row = page.getByRole('row').filter({ hasText: tokenName });
    await row.waitFor();
    assert.match(await row.innerText(), /active/);
    await screenshot(page, '2-token-created');

    assert.equal(await listOpportunitiesWith(secret), 200, 'the new token reads opportunities');

    // Revoke it through the confirm dialog; the same call is then refused.
    await row.getByRole('button', { name: /Revoke/ }).click();
    const dialog = page.getByRole('dialog', { name: /Revoke/ });
    await dialog.waitFor();
    await screenshot(page, '3-revoke-dialog');
    await dialog.getByRole('button', { name: 'Revoke token' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await row.getByText('revoked').waitFor();
    assert.equal(await page.getByTestId('issued-token').count(), 0, 'the secret is gone once the token is revoked');
    assert.equal(await listOpportunitiesWith(secret), 401, 'the revoked token is refused');
    await screenshot(page, '4-token-revoked');

    // Outbox: the demo data closed deals, so delivered deal.won events are listed.
    await nav.getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { level: 1, name: 'Outbox' }).waitFor();
    await page.getByRole('button', { name: 'Delivered' }).click();
    // Notes, handoffs and wins all pass through the outbox: narrow it to the wins.
    await page.getByLabel('Event type').selectOption({ label: 'Deal won' });
    await page.waitForURL((url) => url.searchParams.get('type') === 'deal.won');
    // Events read as words, their subjects as the records' names.
    const won = page.getByTestId('outbox-row').filter({ hasText: 'Deal won' });
    await won.first().waitFor();
    assert.match(await won.first().innerText(), /delivered/);
    await screenshot(page, '5-outbox');
    await page.getByRole('button', { name: 'Failed' }).click();
    await page.getByText('Nothing is waiting: every event was delivered.').waitFor();
    await page.getByRole('button', { name: 'Delivered' }).click();
    await won.first().getByRole('link', { name: 'Deal won' }).click();
    await page.getByRole('heading', { level: 1, name: 'Deal won' }).waitFor();
    const attempts = page.getByRole('region', { name: 'Attempt log' });
    await attempts.getByRole('table').waitFor();
    assert.ok((await attempts.getByRole('row').count()) >= 2, 'the attempt log has at least one attempt');
    assert.ok(await page.getByRole('button', { name: 'Retry now' }).isDisabled(), 'a delivered event cannot be retried');
    await screenshot(page, '6-outbox-event');

    // From the event to its deal, and from the deal to its audit trail.
    const dealName = (await page.getByRole('region', { name: 'Event' }).getByRole('link').first().innerText()).trim();
    await page.getByRole('region', { name: 'Event' }).getByRole('link').first().click();
    await page.getByRole('heading', { level: 1, name: dealName }).waitFor();
    const dealId = new URL(page.url()).pathname.split('/').pop() ?? '';
    await page.getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    assert.equal(new URL(page.url()).searchParams.get('entityId'), dealId);
    const trail = page.getByTestId('audit-row');
    await trail.first().waitFor();
    const actions = await trail.locator('td:nth-child(3)').allInnerTexts();
    assert.ok(actions.includes('Deal won'), `the deal's trail has its win, in words: ${actions.join(', ')}`);
    await screenshot(page, '7-audit-trail');

    // The whole audit log: entries, the newest being the token revoked just now.
    await nav.getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL((url) => url.pathname === '/audit' && !url.searchParams.has('entityId'));
    // The deal's rows stay on screen until the whole log has arrived: wait for the newest entry, the revocation.
    const entries = page.getByTestId('audit-row');
    await entries.first().filter({ hasText: 'API token revoked' }).waitFor();
    assert.ok((await entries.count()) > 2, 'the audit log shows entries');
    assert.match(await entries.first().innerText(), /Ada Admin/);
    await screenshot(page, '8-audit', false);

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
