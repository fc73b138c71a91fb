// Browser test: on a won deal's page the handoff call shows its owner, required attendees and free times; the
// invitation is sent for a proposed time, then the call is recorded as held with who attended.
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

const screenshot = screenshots('handoff-call');

test('a won deal’s handoff call is sent for a proposed time and recorded as held', { timeout: 180_000 }, async () => {
  assert.ok(session?.server && session.browser);
  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'admin@baton.demo');
    const won = (await (await page.request.get('/api/opportunities?stageCategory=won&limit=200')).json()) as { items: { id: string; name: string }[] };
    let deal: { id: string; name: string } | undefined;
    for (const d of won.items) {
      const { meeting } = (await (await page.request.get(`/api/opportunities/${d.id}/handoff-call`)).json()) as { meeting: { status: string } | null };
      if (!meeting || meeting.status === 'proposed') {
        deal = d;
        break;
      }
    }
    assert.ok(deal, 'the demo has a won deal whose handoff call is not sent yet');
    await page.goto(`/opportunities/${deal.id}`);
    await page.getByRole('heading', { level: 1, name: deal.name }).waitFor();
    const panel = page.getByRole('region', { name: 'Handoff call' });
    const propose = panel.getByRole('button', { name: 'Propose the handoff call' });
    if (await propose.isVisible()) await propose.click();
    await panel.getByText('Sales rep').waitFor();
    assert.match(await panel.innerText(), /PM/);
    assert.match(await panel.innerText(), /proposed/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'proposed', false);

    await panel
      .getByRole('button', { name: /^Send for / })
      .first()
      .click();
    await panel.getByText('invited', { exact: true }).waitFor();
    assert.match(await panel.innerText(), /invitation version 0/);
    for (const box of await panel.getByRole('checkbox').all()) await box.check();
    await panel.getByLabel('Outcome notes').fill('Scope and first milestone agreed');
    await panel.getByRole('button', { name: 'Record: held' }).click();
    await panel.getByText(/Outcome: held/).waitFor();
    assert.match(await panel.innerText(), /Scope and first milestone agreed/);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'held', false);

    // The sales rep now watches the account, and the account page says so.
    const { accountId } = (await (await page.request.get(`/api/opportunities/${deal.id}`)).json()) as { accountId: string };
    await page.goto(`/accounts/${accountId}`);
    const watchers = page.getByRole('region', { name: 'Watchers' });
    await watchers
      .getByText(/never given delivery tasks/)
      .first()
      .waitFor();
    assert.match(await watchers.innerText(), /sales rep after the handoff call/);
    await watchers.scrollIntoViewIfNeeded();
    await screenshot(page, 'watchers', false);
    assert.deepEqual(pageErrors, []);
  });
});
