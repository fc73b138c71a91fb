// Shared by the browser tests: a Baton server and Debian's Chromium, a fresh page per test, logging in, screenshots,
// the API for set-up calls, and waiting for the automation. (Not a *.test.ts file: test/run.mjs runs every one of those.)
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';

const chromiumPath = '/usr/bin/chromium';
const indexHtml = fileURLToPath(new URL('../../dist/web/index.html', import.meta.url));
const resultsDir = fileURLToPath(new URL('../../test-results/', import.meta.url));
const password = 'baton-demo';

export type BrowserSession = { server: { url: string; close(): Promise<void> }; browser: Browser; close(): Promise<void> };

/** Starts a server with the demo workspace and a headless Chromium; fails with what to do when either is missing. */
export async function startBrowserSession(): Promise<BrowserSession> {
  if (!existsSync(chromiumPath)) throw new Error(`Chromium not found at ${chromiumPath}: apt-get install -y chromium`);
  if (!existsSync(indexHtml)) throw new Error(`The web UI is not built (${indexHtml} is missing): run npm run build first`);
  mkdirSync(resultsDir, { recursive: true });
  const server = await startTestServer();
  let browser: Browser;
  try {
    browser = await chromium.launch({
      executablePath: chromiumPath,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  } catch (error) {
    await server.close();
    throw error;
  }
  return {
    server,
    browser,
    async close() {
      await browser.close();
      await server.close();
    },
  };
}

/** The browser session of a test file: started before its tests, closed after them. Call the answer inside a test. */
export function browserSessionForFile(): () => BrowserSession {
  let session: BrowserSession | undefined;
  before(async () => {
    session = await startBrowserSession();
  });
  after(async () => {
    await session?.close();
  });
  return () => {
    assert.ok(session, 'the browser session started before the test');
    return session;
  };
}

export type Screenshot = (page: Page, name: string, fullPage?: boolean) => Promise<void>;

/** Saves screenshots as test-results/<prefix>-<name>.png. */
export function screenshots(prefix: string): Screenshot {
  return async (page, name, fullPage = true) => {
    await page.screenshot({ path: `${resultsDir}${prefix}-${name}.png`, fullPage });
  };
}

/**
 * Runs `body` in a fresh page (its own cookies) of the session's browser, with uncaught page errors collected;
 * on failure saves a "failure" screenshot, and always closes the page.
 */
export async function withPage(session: BrowserSession, screenshot: Screenshot, body: (page: Page, pageErrors: string[]) => Promise<void>): Promise<void> {
  const context = await session.browser.newContext({ baseURL: session.server.url, viewport: { width: 1360, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  try {
    await body(page, pageErrors);
  } catch (error) {
    await screenshot(page, 'failure').catch(() => {});
    throw error;
  } finally {
    await context.close();
  }
}

/** Signs in on the login form with the demo password and waits for the app. */
export async function logIn(page: Page, email: string): Promise<void> {
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Main' }).waitFor();
}

/** Reads the API as the page's signed-in person (its cookies); any answer but 200 fails the test. */
export async function getJson<T>(page: Page, path: string): Promise<T> {
  const response = await page.request.get(path);
  assert.equal(response.status(), 200, `GET ${path} answered ${response.status()}: ${await response.text()}`);
  return (await response.json()) as T;
}

/** The API as a set-up script calls it: with an admin API token, no cookie; any answer but 2xx fails the test. */
export type Api = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Logs the demo admin in over HTTP, issues an admin API token named `tokenName` and answers the API called with it. */
export async function adminApi(session: BrowserSession, tokenName: string): Promise<Api> {
  const url = session.server.url;
  const login = await fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify({ email: 'admin@baton.demo', password }),
  });
  assert.equal(login.status, 200, `the admin logs in: ${await login.clone().text()}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const issued = await fetch(`${url}/api/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: tokenName, role: 'admin' }),
  });
  assert.equal(issued.status, 201, `the admin token is issued: ${await issued.clone().text()}`);
  const token = ((await issued.json()) as { secret: string }).secret;
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    assert.ok(response.ok, `${method} ${path} answered ${response.status}: ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}

/** Reads until `read` answers a value (the automation runs after the answer that started it); an error counts as not yet. */
export async function waitFor<T>(what: string, read: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/** Asks again until the answer is the expected one (the page updates after its request returns), for up to 10 s. */
export async function eventually<T>(read: () => Promise<T>, expected: T, message?: string): Promise<void> {
  const until = Date.now() + 10_000;
  let actual = await read();
  while (actual !== expected && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    actual = await read();
  }
  assert.equal(actual, expected, message);
}

/**
 * Opens a deal's page and marks it won there (Mark won asks first, in the same dialog a drop on the won column opens);
 * answers the "What happened" panel once it shows.
 */
export async function markWonOnPage(page: Page, deal: { id: string; name: string }): Promise<Locator> {
  await page.goto(`/opportunities/${deal.id}`);
  await page.getByRole('heading', { level: 1, name: deal.name }).waitFor();
  await page.getByRole('button', { name: 'Mark won' }).click();
  await page.getByRole('dialog', { name: /won$/ }).getByRole('button', { name: 'Mark won' }).click();
  const panel = page.getByRole('region', { name: 'What happened' });
  await panel.waitFor();
  return panel;
}

/** Creates, through the API, the deal a handoff test wins: simple new business, EUR 48,000. */
export const createDeal = (api: Api, deal: { name: string; accountId: string; ownerId: string }) =>
  api<{ id: string }>('POST', '/api/opportunities', { ...deal, amountMinor: 4_800_000, currency: 'EUR', dealType: 'new_business', complexity: 'simple' });
