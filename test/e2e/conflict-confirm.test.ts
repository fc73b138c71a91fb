// Browser test: a conflict the comparison is unsure of (a system the signed scope does not name) shows on the brief page
// as "To confirm" with its reason in words; the AE confirms it there, and the handoff pauses until it is settled.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Brief, Conflict } from '../../src/schemas/brief.ts';
import { adminApi, browserSessionForFile, createDeal, eventually, logIn, screenshots, waitFor, withPage } from './browser.ts';

type User = { id: string; email: string };
type Account = { id: string; csmId: string | null };

const browserSession = browserSessionForFile();
const screenshot = screenshots('conflict-confirm');

test('the AE confirms a weak conflict from the brief page, and the handoff pauses until it is settled', { timeout: 180_000 }, async () => {
  const session = browserSession();

  // The data, through the API: a call promising an integration the signed scope does not name, then the win.
  const api = await adminApi(session, 'e2e conflict set-up');
  const users = (await api<{ items: User[] }>('GET', '/api/users?limit=200')).items;
  const sam = users.find((u) => u.email === 'sales@baton.demo');
  assert.ok(sam, 'the demo has its sales rep');
  const accounts = (await api<{ items: Account[] }>('GET', '/api/accounts?limit=200')).items;
  const account = accounts.find((a) => a.csmId);
  assert.ok(account, 'a demo account has a CSM');
  const dealName = 'Ridgeway field app';
  const deal = await createDeal(api, { name: dealName, accountId: account.id, ownerId: sam.id });
  await api('POST', '/api/activities', {
    kind: 'call',
    opportunityId: deal.id,
    subject: 'Demo with Ridgeway',
    body: [
      'Participants: Sam Seller (Baton), Jordan Pike (Ridgeway Foods)',
      'Sam Seller: We will build the Procore integration for you, included in the standard package.',
    ].join('\n'),
  });
  await api('POST', `/api/opportunities/${deal.id}/scope-documents`, {
    kind: 'sow',
    title: 'Signed SOW',
    signedOn: '2026-09-10',
    body: [
      'Scope',
      '- Configuration of Baton for six depots.',
      '- Mobile app for drivers.',
      '- Two remote training sessions.',
      '- Data import from spreadsheets.',
      '- Monthly usage report.',
      '- Email support during business hours.',
    ].join('\n'),
  });
  await api('POST', `/api/opportunities/${deal.id}/win`, {});
  const prepared = await waitFor('the brief', () => api<Brief>('GET', `/api/opportunities/${deal.id}/brief`));
  const weak = prepared.conflicts.find((c: Conflict) => c.needsConfirmation);
  assert.ok(weak, `a conflict to confirm: ${JSON.stringify(prepared.conflicts)}`);
  assert.notEqual(prepared.status, 'paused', 'a weak conflict alone does not pause the handoff');

  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'sales@baton.demo');
    await page.goto(`/opportunities/${deal.id}/brief`);
    await page.getByRole('heading', { level: 1, name: `Handoff brief: ${dealName}` }).waitFor();

    const card = page.getByTestId('conflict').filter({ hasText: weak.summary });
    await card.getByText('To confirm').waitFor();
    assert.match(
      await card.getByTestId('conflict-basis').innerText(),
      /not named in the signed scope: it does not pause the handoff until the AE confirms it/i,
    );
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, '1-to-confirm', false);

    await card.getByRole('button', { name: /^Confirm/ }).click();
    await card.getByTestId('confirmed-mark').waitFor();
    assert.match(await card.getByTestId('confirmed-mark').innerText(), /^Confirmed by Sam Seller/);
    assert.equal(await card.getByText('To confirm').count(), 0, 'no longer marked "To confirm"');
    assert.equal(await card.getByRole('button', { name: /^Confirm/ }).count(), 0, 'no second "Confirm"');
    await eventually(async () => (await api<Brief>('GET', `/api/opportunities/${deal.id}/brief`)).status, 'paused', 'confirmed, it pauses the handoff');
    await card.scrollIntoViewIfNeeded();
    await screenshot(page, '2-confirmed', false);

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
