// Browser test: a sales rep marks a deal won in the UI and Operations sees the notification.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';

const chromiumPath = '/usr/bin/chromium';
const indexHtml = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));
const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
const password = 'baton-demo';

type Opportunity = { id: string; name: string; accountId: string; accountName: string; accountStatus: string };
type Enrolment = { id: string; sequenceName: string; contactName: string; status: string };
type ListPage<T> = { items: T[]; next: string | null };

let server: { url: string; close(): Promise<void> } | undefined;
let browser: Browser | undefined;

before(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
  if (!existsSync(indexHtml)) throw new Error(`The web UI is not built (${indexHtml} is missing): run npm run build first`);
  mkdirSync(resultsDir, { recursive: true });
  server = await startTestServer();
  browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

async function logIn(page: Page, email: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  assert.equal(response.status(), 200, `GET ${path} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** An open deal whose account is a prospect still in an active nurture sequence (the demo data has one). */
async function findDealToWin(page: Page): Promise<{ opportunity: Opportunity; enrolments: Enrolment[] }> {
  const open = await getJson<ListPage<Opportunity>>(page, '/api/opportunities?stageCategory=open&limit=200');
  for (const opportunity of open.items.filter((o) => o.accountStatus === 'prospect')) {
    const enrolments = await getJson<ListPage<Enrolment>>(page, `/api/enrolments?accountId=${encodeURIComponent(opportunity.accountId)}&status=active`);
    if (enrolments.items.length > 0) return { opportunity, enrolments: enrolments.items };
  }
  throw new Error('The demo data has no open opportunity on a prospect account with an active enrolment');
}

async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: `${resultsDir}win-deal-${name}.png`, fullPage: true });
}

test('a sales rep marks a deal won: sequences stop, the client is active and Operations is notified', { timeout: 120_000 }, async () => {
  assert.ok(server && browser);
  const context = await browser.newContext({ baseURL: server.url, viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  try {
    await page.goto('/');
    await page.getByRole('heading', { name: 'Sign in to Baton' }).waitFor();
    await screenshot(page, '1-login');
    await logIn(page, 'sales@baton.demo');
    await page.locator('.card').first().waitFor();
    await screenshot(page, '2-pipeline');

    const { opportunity, enrolments } = await findDealToWin(page);
    await page.goto(`/opportunities/${opportunity.id}`);
    await page.getByRole('heading', { level: 1, name: opportunity.name }).waitFor();

    await page.getByRole('button', { name: 'Mark won' }).click();
    const panel = page.getByRole('region', { name: 'What happened' });
    await panel.waitFor();
    const panelText = await panel.innerText();
    assert.match(panelText, /now an active client/, panelText);
    assert.match(panelText, /deal won/, panelText);
    for (const enrolment of enrolments) assert.ok(panelText.includes(enrolment.sequenceName), `the panel names the stopped sequence "${enrolment.sequenceName}"`);
    assert.equal(await page.getByRole('button', { name: 'Reopen' }).count(), 1, 'a won deal offers Reopen');
    // Operations is notified by the engine a moment later; the panel refreshes its delivered count.
    await panel.getByText(/Delivered to [1-9]\d* of \d+/).waitFor({ timeout: 15_000 });
    await screenshot(page, '3-opportunity-won');

    await panel.getByRole('link', { name: opportunity.accountName }).click();
    await page.getByRole('heading', { level: 1, name: opportunity.accountName }).waitFor();
    assert.equal((await page.getByTestId('account-status').first().innerText()).trim(), 'active');
    const enrolmentSection = page.getByRole('region', { name: 'Sequence enrolments' });
    await enrolmentSection.getByRole('table').waitFor();
    for (const enrolment of enrolments) {
      const row = enrolmentSection.getByRole('row').filter({ hasText: enrolment.sequenceName }).filter({ hasText: enrolment.contactName });
      const text = await row.first().innerText();
      assert.match(text, /stopped/, text);
      assert.match(text, /deal won/, text);
    }
    await screenshot(page, '4-account-active');

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await logIn(page, 'ops@baton.demo');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Notifications/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const link = page.locator(`.notifications a[href="/opportunities/${opportunity.id}"]`);
    await link.first().waitFor({ timeout: 15_000 });
    await screenshot(page, '5-ops-notifications');
    await link.first().click();
    await page.getByRole('heading', { level: 1, name: opportunity.name }).waitFor();

    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  } catch (error) {
    await screenshot(page, 'failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
});
