// Shared by the browser tests: a Baton server and Debian's Chromium, a fresh page per test, logging in, screenshots.
// (Not a *.test.ts file: test/run.mjs runs every one of those.)
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
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
