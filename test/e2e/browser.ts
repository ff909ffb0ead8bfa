import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'otplib';
import { Browser, chromium, type Page } from 'playwright-core';
import type { DemoAccount } from '../../tools/dev/demo-data';
import { readDemoTotpSecrets } from '../../tools/dev/seed';

/**
 * Debian's Chromium driven by Playwright (never a downloaded browser). With `media`, a fake camera
 * and microphone that need no permission prompt, and WebRTC allowed over loopback (without it ICE
 * never completes where only loopback exists; STACK-NOTES).
 */
export function launchBrowser(options: { media?: boolean } = {}): Promise<Browser> {
  const media = options.media ? ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', '--allow-loopback-in-peer-connection'] : [];
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', ...media],
    headless: true,
  });
}

export const baseUrl = (): string => {
  const url = process.env.E2E_BASE_URL;
  if (!url) throw new Error('E2E_BASE_URL is not set: run the browser tests through `npm test` or `jest --selectProjects e2e`');
  return url;
};

interface CaughtMail {
  to: string[];
  subject: string;
  language: string | null;
  text: string;
}

export async function waitForMail(predicate: (mail: CaughtMail) => boolean, timeoutMs = 15_000): Promise<CaughtMail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mails = (await (await fetch(`${process.env.E2E_MAIL_CATCHER_URL}/messages`)).json()) as CaughtMail[];
    const found = mails.find(predicate);
    if (found) return found;
    if (Date.now() > deadline) throw new Error('expected mail did not arrive');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/**
 * The newest pairing code the desk agent showed (npm test runs the agent quietly: its screen output
 * goes to .data/logs/desk-agent.log, in the box main.ts draws).
 */
export async function waitForPairingCode(after: string | null, timeoutMs = 10_000): Promise<string> {
  const logFile = join(__dirname, '..', '..', '.data', 'logs', 'desk-agent.log');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = [...readFileSync(logFile, 'utf8').matchAll(/^\|\s+((?:[A-Z2-9] ){5}[A-Z2-9])\s+\|$/gm)].map((m) => m[1].replace(/ /g, ''));
    const latest = shown.at(-1);
    if (latest !== undefined && latest !== after) return latest;
    if (Date.now() > deadline) throw new Error('the desk agent showed no new pairing code');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Signs a demo account in through the console's sign-in page (password, then the TOTP code). */
export async function signInAs(page: Page, account: DemoAccount): Promise<void> {
  const secret = readDemoTotpSecrets()[account.email];
  await page.goto(`${baseUrl()}/`);
  await page.getByLabel('E-mail address').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Verification code').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 });
}

/**
 * Logs a holder of a digital key in at /citizen/login (username and password, then the code of
 * their authenticator app), e.g. the demo NISS requester; resolves on the "connected" page.
 */
export async function logInWithDigitalKey(page: Page, key: { username: string; password: string; email: string }): Promise<void> {
  const secret = readDemoTotpSecrets()[key.email];
  if (!secret) throw new Error(`no TOTP secret for ${key.email} in .data/demo-totp.json: run the demo seed`);
  await page.goto(`${baseUrl()}/citizen/login`);
  await page.getByLabel('Username').fill(key.username);
  await page.getByLabel('Password', { exact: true }).fill(key.password);
  await page.getByRole('button', { name: 'Next' }).click();
  await page.getByLabel('Security code').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.waitForURL((url) => url.pathname.startsWith('/citizen/connected'), { timeout: 15_000 });
}
