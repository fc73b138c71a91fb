// Browser test: a deal and an account with 120-character names and a call with a 300-character sentence, won, keep the
// deal page and its handoff brief inside a 1440-pixel-wide window (no sideways scrolling, no word broken letter by letter).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { adminApi, type Api, browserSessionForFile, createDeal, logIn, screenshots, waitFor, withPage } from './browser.ts';

type User = { id: string; email: string };

const browserSession = browserSessionForFile();
let api: Api;

const screenshot = screenshots('long-names');

/** Exactly `length` characters: words, then one unbroken run (a URL or a product code does not wrap by itself). */
const ofLength = (start: string, length: number) => {
  const words = `${start} ${'Northern Regional Logistics and Distribution Services '.repeat(4)}`.slice(0, length - 30);
  return `${words}${'X'.repeat(length - words.length)}`;
};
const dealName = ofLength('Long deal', 120);
const accountName = ofLength('Long account', 120);
const longQuote = `Our goal is to ${'cut the time our dispatchers spend planning routes across every depot and region '.repeat(4)}`.slice(0, 299) + '.';

/**
 * Elements that reach past the window or past the card they sit in (a section, the source panel), unless a scroll
 * box of their own holds them; and whether the page scrolls sideways.
 */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width) out.push(`document ${document.documentElement.scrollWidth} > ${width}`);
    for (const el of Array.from(document.querySelectorAll<HTMLElement>('main *'))) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || el.closest('.visually-hidden')) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o === 'auto' || o === 'scroll' || o === 'hidden' || o === 'clip') clipped = true;
      }
      if (clipped) continue;
      const card = el.parentElement?.closest<HTMLElement>('.section, .source-panel, .page-header') ?? null;
      const right = Math.min(width, card ? card.getBoundingClientRect().right : width);
      if (box.right > right + 1) {
        const name = `${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`;
        out.push(`${name} "${(el.textContent ?? '').slice(0, 30)}" right ${Math.round(box.right)} > ${Math.round(right)}`);
      }
    }
    return out.slice(0, 12);
  });
}

test('a 120-character deal and account name and a 300-character quote keep the deal page and the brief inside the window', { timeout: 180_000 }, async () => {
  const session = browserSession();
  assert.equal(dealName.length, 120);
  assert.equal(accountName.length, 120);
  assert.equal(longQuote.length, 300);
  api = await adminApi(session, 'e2e long names');
  const users = (await api<{ items: User[] }>('GET', '/api/users?limit=200')).items;
  const sam = users.find((u) => u.email === 'sales@baton.demo');
  const casey = users.find((u) => u.email === 'cs@baton.demo');
  assert.ok(sam && casey);
  const account = await api<{ id: string }>('POST', '/api/accounts', { name: accountName, csmId: casey.id, ownerId: sam.id });
  const deal = await createDeal(api, { name: dealName, accountId: account.id, ownerId: sam.id });
  const notes = [
    `Nora Lindqvist-Abernathy-Castellanos (Head of Dispatch, Regional Operations and Continuous Improvement): ${longQuote}`,
    'Nora Lindqvist-Abernathy-Castellanos: The main risk is that our IT team is busy with the ERP migration until March.',
  ].join('\n');
  await api('POST', '/api/activities', { kind: 'call', opportunityId: deal.id, subject: ofLength('Scoping call', 120), body: notes });
  await api('POST', `/api/opportunities/${deal.id}/win`, {});
  await waitFor('the brief', () => api<{ id: string }>('GET', `/api/opportunities/${deal.id}/brief`));

  await withPage(session, screenshot, async (page, pageErrors) => {
    await page.setViewportSize({ width: 1440, height: 900 });
    await page.goto('/');
    await logIn(page, 'sales@baton.demo');

    await page.goto(`/opportunities/${deal.id}`);
    await page.getByRole('heading', { level: 1, name: dealName }).waitFor();
    await page.getByRole('region', { name: 'Timeline' }).getByText('Marked won').waitFor();
    await screenshot(page, 'deal');
    assert.deepEqual(await overflowing(page), [], 'nothing on the deal page reaches past the window');
    // "Edit" next to the long name stays one word on one line (it used to wrap letter by letter).
    const edit = page.getByRole('button', { name: 'Edit name', exact: true });
    const editBox = await edit.boundingBox();
    assert.ok(editBox && editBox.height < 24 && editBox.width > 20, `the Edit button is one short line: ${JSON.stringify(editBox)}`);

    // The timeline's filter: communications only (the call), then automation only (the rules, no call, no win).
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByRole('button', { name: 'Communications' }).click();
    await timeline.getByText('Marked won').waitFor({ state: 'detached' });
    assert.deepEqual(await timeline.locator('.timeline-item').evaluateAll((els) => els.map((e) => e.className)), ['timeline-item timeline-activity']);
    await timeline.getByRole('button', { name: 'Automation' }).click();
    await timeline.locator('.timeline-rule_run').first().waitFor();
    assert.equal(await timeline.locator('.timeline-activity, .timeline-won').count(), 0);
    await screenshot(page, 'deal-timeline-automation', false);

    await page.goto(`/opportunities/${deal.id}/brief`);
    await page.getByRole('heading', { level: 1, name: `Handoff brief: ${dealName}` }).waitFor();
    await page.getByTestId('source-view').waitFor();
    await screenshot(page, 'brief');
    assert.deepEqual(await overflowing(page), [], 'nothing on the brief page reaches past the window');
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    for (const el of [...(await page.getByTestId('stakeholder-row').all()), ...(await page.locator('.evidence-chip').all())]) {
      const box = await el.boundingBox();
      assert.ok(box && box.x >= 0 && box.x + box.width <= width + 1, `inside the window: ${JSON.stringify(box)}`);
    }
    assert.ok((await page.locator('.evidence-chip').count()) > 0, 'the brief shows evidence chips');
    assert.deepEqual(pageErrors, []);
  });
});
