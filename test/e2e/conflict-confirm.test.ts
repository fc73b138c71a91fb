// Browser test: a conflict the comparison is unsure of (a sync said in real time, signed nightly) shows on the brief page
// as "To confirm" with its reason in words; the AE confirms it there, and the handoff pauses until it is settled. The
// source column says it is loading while the sources are on their way, not that there are none.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Brief, Conflict } from '../../src/schemas/brief.ts';
import { adminApi, type Api, browserSessionForFile, createDeal, eventually, logIn, screenshots, waitFor, withPage } from './browser.ts';

type User = { id: string; email: string };
type Account = { id: string; csmId: string | null };

const browserSession = browserSessionForFile();
const screenshot = screenshots('conflict-confirm');

/** A won deal whose call promises a real-time sync the signed scope makes nightly: its brief and that weak conflict. */
async function wonDealWithWeakConflict(api: Api, deal: { name: string; accountId: string; ownerId: string }) {
  const { id } = await createDeal(api, deal);
  await api('POST', '/api/activities', {
    kind: 'call',
    opportunityId: id,
    subject: 'Demo with Ridgeway',
    body: [
      'Participants: Sam Seller (Baton), Jordan Pike (Ridgeway Foods)',
      'Sam Seller: We will build the Procore integration for you, and it syncs in real time.',
    ].join('\n'),
  });
  await api('POST', `/api/opportunities/${id}/scope-documents`, {
    kind: 'sow',
    title: 'Signed SOW',
    signedOn: '2026-09-10',
    body: [
      'Scope',
      '- Configuration of Baton for six depots.',
      '- Mobile app for drivers.',
      '- Two remote training sessions.',
      '- Procore integration: nightly batch export of job costs.',
      '- Monthly usage report.',
      '- Email support during business hours.',
    ].join('\n'),
  });
  await api('POST', `/api/opportunities/${id}/win`, {});
  const brief = await waitFor('the brief', () => api<Brief>('GET', `/api/opportunities/${id}/brief`));
  const conflict = brief.conflicts.find((c: Conflict) => c.needsConfirmation);
  assert.ok(conflict, `a conflict to confirm: ${JSON.stringify(brief.conflicts)}`);
  assert.notEqual(brief.status, 'paused', 'a weak conflict alone does not pause the handoff');
  return { deal: { id }, brief, conflict };
}

test('the AE confirms a weak conflict from the brief page, and the handoff pauses until it is settled', { timeout: 180_000 }, async () => {
  const session = browserSession();

  // The data, through the API: two won deals, each with a weak conflict.
  const api = await adminApi(session, 'e2e conflict set-up');
  const users = (await api<{ items: User[] }>('GET', '/api/users?limit=200')).items;
  const sam = users.find((u) => u.email === 'sales@baton.demo');
  assert.ok(sam, 'the demo has its sales rep');
  const accounts = (await api<{ items: Account[] }>('GET', '/api/accounts?limit=200')).items;
  const account = accounts.find((a) => a.csmId);
  assert.ok(account, 'a demo account has a CSM');
  const first = await wonDealWithWeakConflict(api, { name: 'Ridgeway field app', accountId: account.id, ownerId: sam.id });
  const second = await wonDealWithWeakConflict(api, { name: 'Ridgeway depot app', accountId: account.id, ownerId: sam.id });
  const { deal, conflict: weak } = first;
  const dealName = 'Ridgeway field app';

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
      /said one way and signed another: it does not pause the handoff until the AE confirms it/i,
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

    // On the other deal the conflict is settled behind the page's back: "Confirm" shows the API's reason.
    await page.goto(`/opportunities/${second.deal.id}/brief`);
    const otherCard = page.getByTestId('conflict').filter({ hasText: second.conflict.summary });
    await otherCard.getByText('To confirm').waitFor();
    await api('POST', `/api/briefs/${second.brief.id}/conflicts/${second.conflict.id}/resolve`, {
      resolution: 'scope_prevails',
      note: 'Jordan agreed on the call: no Procore link.',
    });
    await otherCard.getByRole('button', { name: /^Confirm/ }).click();
    await otherCard.getByText('This conflict is already settled').waitFor();
    await screenshot(page, '3-error', false);

    // The sources answer slowly: the panel says it is loading them, never "No sources yet" beside the count of sources.
    let release = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/brief/sources', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`/opportunities/${deal.id}/brief`);
    await page.getByRole('heading', { level: 1, name: `Handoff brief: ${dealName}` }).waitFor();
    await page.getByText('Loading the sources…').waitFor();
    assert.equal(await page.getByText(/No sources yet/).count(), 0, 'no "No sources yet" while the sources load');
    release();
    await page.getByRole('list', { name: 'Sources of the brief' }).waitFor();
    assert.equal(await page.getByText(/No sources yet/).count(), 0);
    await page.unroute('**/brief/sources');

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });
});
