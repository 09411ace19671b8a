import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { gatewayUrl } from '../../../gateway-api/integration/support/rest';
import { repoRoot, runFile } from '../../../scripts/test/support/network';

/**
 * The web console in a real headless Chromium: Debian's `chromium` (installed by
 * scripts/install-chromium.sh when missing), driven by playwright-core.
 */

export const CHROMIUM = process.env.SCF_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(repoRoot, 'docs', 'screenshots');

/** Makes sure Chromium is installed, then starts it headless. */
export async function launchChromium(): Promise<Browser> {
  const install = await runFile(join(repoRoot, 'scripts', 'install-chromium.sh'), [], { timeoutMs: 600_000 });
  if (install.code !== 0) throw new Error(`install-chromium.sh failed: ${install.stderr}`);
  // Tests run as root in CI, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
}

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** A fresh browser context (its own session storage) on the console, logged in through the form. */
export async function logIn(
  browser: Browser,
  username: string,
  password: string,
  viewport: Readonly<{ width: number; height: number }> = DESKTOP,
): Promise<Page> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  await page.goto(`${gatewayUrl}/`);
  await page.getByLabel('User name').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('who').waitFor();
  return page;
}

/** Saves a screenshot of the whole page for the README. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
