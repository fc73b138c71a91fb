// Browser test: an admin adds a HubSpot connection whose custom pipeline's won stage is not mapped yet; HubSpot events
// arrive over HTTP (one with a forged signature); the connection page shows them with their outcome; the admin maps
// the stage and re-processes the event: the deal is won.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import { adminApi, browserSessionForFile, logIn, screenshots, withPage } from './browser.ts';

const browserSession = browserSessionForFile();
const screenshot = screenshots('inbound');
const secret = 'e2e-hubspot-client-secret';

test('an admin adds a HubSpot connection, sees its events, maps a stage and re-processes the event: the deal is won', { timeout: 120_000 }, async () => {
  const session = browserSession();
  const api = await adminApi(session, 'e2e inbound check');

  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.goto('/');
    await logIn(page, 'admin@baton.demo');
    await page.goto('/settings');
    await page.getByRole('navigation', { name: 'Settings' }).getByRole('link', { name: 'Inbound CRMs' }).click();
    await page.getByRole('button', { name: 'Add a connection' }).click();
    await page.getByLabel('Name').fill('HubSpot (sales team)');
    await page.getByLabel('Sender').selectOption('hubspot');
    await page.getByLabel("App's client secret").fill(secret);
    // The default pipeline's row is there already; the custom pipeline 5544 loses on 5549, its won stage left for later.
    await page.getByRole('button', { name: 'Add a pipeline' }).click();
    await page.getByLabel('Pipeline, row 2').fill('5544');
    await page.getByLabel('Lost stages, row 2').fill('5549');
    await screenshot(page, 'new-connection');
    await page.getByRole('button', { name: 'Add the connection' }).click();
    await page.getByRole('heading', { name: 'HubSpot (sales team)' }).waitFor();
    const connectionId = new URL(page.url()).pathname.split('/').pop()!;

    const url = `${session.server.url}/api/inbound/${connectionId}/hubspot`;
    const send = async (events: unknown[], sign = secret) => {
      const body = JSON.stringify(events);
      const timestamp = String(Date.now());
      const signature = createHmac('sha256', sign).update(`POST${url}${body}${timestamp}`).digest('base64');
      return fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hubspot-signature-v3': signature, 'x-hubspot-request-timestamp': timestamp },
        body,
      });
    };
    const now = Date.now();
    const base = { portalId: 881, appId: 4040, subscriptionId: 7, attemptNumber: 0, changeSource: 'CRM' };
    const created = await send([{ ...base, eventId: 1, occurredAt: now - 60_000, subscriptionType: 'deal.creation', objectId: 31337 }]);
    assert.equal(created.status, 200, await created.text());
    const named = await send([
      {
        ...base,
        eventId: 2,
        occurredAt: now - 50_000,
        subscriptionType: 'deal.propertyChange',
        objectId: 31337,
        propertyName: 'dealname',
        propertyValue: 'Northwind rollout',
      },
      {
        ...base,
        eventId: 3,
        occurredAt: now - 40_000,
        subscriptionType: 'deal.propertyChange',
        objectId: 31337,
        propertyName: 'dealstage',
        propertyValue: '5547',
      },
    ]);
    assert.equal(named.status, 200, await named.text());
    const forged = await send([{ ...base, eventId: 4, occurredAt: now, subscriptionType: 'deal.creation', objectId: 666 }], 'not-the-secret');
    assert.equal(forged.status, 401);

    await page.getByRole('button', { name: 'Refresh' }).click();
    const rows = page.getByTestId('inbound-row');
    await rows.nth(3).waitFor();
    assert.equal(await rows.count(), 4);
    await page.getByText('stage 5547 is not mapped to won or lost').waitFor();
    await page.getByText(/Signature refused: X-HubSpot-Signature-v3 does not match/).waitFor();
    await screenshot(page, 'events');

    await page.getByLabel('Won stages, row 2').fill('5547');
    await page.getByRole('button', { name: 'Save the connection' }).click();
    await page.getByText('Saved.').waitFor();
    const stageEvent = page.getByTestId('inbound-row').filter({ hasText: 'stage 5547 is not mapped' });
    await stageEvent.getByRole('button', { name: /Re-process/ }).click();
    await page.getByRole('status').filter({ hasText: 'Re-processed: processed' }).waitFor();
    await page
      .getByTestId('inbound-row')
      .filter({ hasText: /Won \(stage 5547 is won in pipeline 5544\)/ })
      .waitFor();
    await screenshot(page, 'reprocessed');
    assert.deepEqual(pageErrors, []);
  });

  const deals = await api<{ items: { name: string; stageCategory: string }[] }>('GET', '/api/opportunities?limit=200&q=Northwind');
  assert.equal(deals.items.find((d) => d.name === 'Northwind rollout')?.stageCategory, 'won');
});
