// Browser test: an admin adds a webhook in Settings → Webhooks; a won deal is POSTed to it, signed; the receiver was
// down at first, so the log shows the delivery retrying with the 503; "Send again" delivers it, and the log says so.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { verifyMessage } from '../../src/domain/standard-webhooks.ts';
import { adminApi, browserSessionForFile, logIn, screenshots, waitFor, withPage } from './browser.ts';

const browserSession = browserSessionForFile();
const screenshot = screenshots('webhooks');

test('an admin adds a webhook, sees a failed attempt in its log and sends it again', { timeout: 180_000 }, async () => {
  const session = browserSession();
  const api = await adminApi(session, 'e2e webhooks');
  const received: { headers: Record<string, string | undefined>; body: string }[] = [];
  const statuses = [503, 200];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      received.push({ headers: req.headers as Record<string, string | undefined>, body });
      res.writeHead(statuses[Math.min(received.length - 1, statuses.length - 1)]!).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/baton`;
  try {
    await api('PUT', '/api/settings/webhooks', { allowedHosts: ['127.0.0.1'] });
    await withPage(session, screenshot, async (page, pageErrors) => {
      await page.goto('/');
      await logIn(page, 'admin@baton.demo');
      await page.goto('/settings/webhooks');
      const form = page.getByTestId('subscription-form');
      await form.getByRole('button', { name: 'Add the webhook' }).click();
      await form.getByText('enter the URL that receives the events').waitFor();
      await form.getByLabel('URL').fill('http://10.0.0.1/hook');
      await form.getByRole('button', { name: 'Add the webhook' }).click();
      await form.getByText(/webhooks call public addresses only/).waitFor();
      await form.getByLabel('URL').fill(url);
      await form.getByLabel('Event types').fill('deal.won');
      await form.getByLabel('Description (optional)').fill('Our ERP');
      await form.getByRole('button', { name: 'Add the webhook' }).click();
      await page.waitForURL(/\/settings\/webhooks\/[0-9a-f-]{36}$/);
      const secret = await page.getByLabel('Signing secret').inputValue();
      assert.match(secret, /^whsec_/);

      const accounts = (await api<{ items: { id: string }[] }>('GET', '/api/accounts?limit=1')).items;
      const deal = await api<{ id: string }>('POST', '/api/opportunities', {
        name: 'Webhook harbour deal',
        accountId: accounts[0]!.id,
        amountMinor: 100_000,
        currency: 'EUR',
      });
      await api('POST', `/api/opportunities/${deal.id}/win`, {});
      await waitFor('the first attempt', async () => (received.length >= 1 ? true : undefined));
      await page.reload();
      const row = page.getByTestId('delivery-table').getByRole('row').filter({ hasText: 'deal.won' });
      await row.getByText('retrying').waitFor();
      await row.getByText('HTTP 503').waitFor();
      await screenshot(page, 'retrying');

      await row.getByRole('button', { name: 'Send again' }).click();
      await page.getByText('Sent again').waitFor();
      await waitFor('the second attempt', async () => (received.length >= 2 ? true : undefined));
      await page.reload();
      await page.getByTestId('delivery-table').getByRole('row').filter({ hasText: 'deal.won' }).getByText('delivered').waitFor();
      await screenshot(page, 'delivered');
      const last = received.at(-1)!;
      assert.equal(JSON.parse(last.body).data.subject.id, deal.id);
      assert.deepEqual(verifyMessage(secret, last.headers, last.body, new Date()), { ok: true });
      assert.equal(received[0]!.headers['webhook-id'], last.headers['webhook-id'], 'the same message id on both attempts');
      assert.deepEqual(pageErrors, []);
    });
  } finally {
    await new Promise((r) => server.close(r));
  }
});
