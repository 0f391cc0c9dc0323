// Launches Debian's Chromium headless through playwright-core (never a downloaded browser).
import { chromium } from 'playwright-core';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

// Opens the playground at `url` in a new page and waits for it to come up; `errors` collects the
// page's uncaught errors and console errors.
export async function openPlayground(browser, url) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await page.waitForSelector('.app-header');
  await engineLoaded(page);
  return { page, errors };
}

/** Waits until the engine's chunk has loaded (the terminal's loading line is gone), so a
 * flow's first input is not refused on a slow machine. e2e/split.mjs tests the refusal. */
export async function engineLoaded(page) {
  await page.waitForSelector('.engine-loading', { state: 'detached', timeout: 20_000 });
}
