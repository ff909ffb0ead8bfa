import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from 'otplib';
import { Browser, chromium, type APIResponse, type Page, type Response } from 'playwright-core';
import type { DemoAccount } from '../../tools/dev/demo-data';
import { readDemoTotpSecrets } from '../../tools/dev/seed';
import { E2E_LOG_DIR, rememberCookies } from './run-record';

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
 * goes to .data/logs/e2e/desk-agent.log, in the box main.ts draws).
 */
export async function waitForPairingCode(after: string | null, timeoutMs = 10_000): Promise<string> {
  const logFile = join(E2E_LOG_DIR, 'desk-agent.log');
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const shown = [...readFileSync(logFile, 'utf8').matchAll(/^\|\s+((?:[A-Z2-9] ){5}[A-Z2-9])\s+\|$/gm)].map((m) => m[1].replace(/ /g, ''));
    const latest = shown.at(-1);
    if (latest !== undefined && latest !== after) return latest;
    if (Date.now() > deadline) throw new Error('the desk agent showed no new pairing code');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A call with the page's session cookie and CSRF header, as the console sends it. */
export async function apiCall(page: Page, method: 'POST' | 'PUT', path: string, body: unknown): Promise<APIResponse> {
  const csrf = (await page.context().cookies()).find((cookie) => cookie.name === 'XSRF-TOKEN')?.value ?? '';
  return page.request.fetch(`${baseUrl()}${path}`, { method, data: body, headers: { 'x-xsrf-token': decodeURIComponent(csrf) } });
}

/** The JSON of a response the page received, which must have `status` (else the body is in the error). */
export async function jsonOf<T>(response: Response, status: number): Promise<T> {
  if (response.status() !== status) throw new Error(`${response.url()}: ${response.status()} ${await response.text()}`);
  return (await response.json()) as T;
}

/** Six capital letters from a run's time, for names no earlier run used (an MRZ name takes letters only). */
export function runLetters(run: number): string {
  return [...(run % 26 ** 6).toString(26).padStart(6, '0')].map((digit) => String.fromCharCode(65 + parseInt(digit, 26))).join('');
}

/** Signs a demo account in through the console's sign-in page (password, then the TOTP code). */
export async function signInAs(page: Page, account: DemoAccount): Promise<void> {
  const secret = readDemoTotpSecrets()[account.email];
  await page.goto(`${baseUrl()}/`);
  await page.getByLabel('E-mail address').fill(account.email);
  await page.getByLabel('Password', { exact: true }).fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // A code is accepted once: when another spec signed the same account in during this 30-second
  // step, the code is refused and the next step's code is the one to type.
  const refusal = page.locator('.inline-error [role="alert"]');
  for (let attempt = 1; ; attempt++) {
    await page.getByLabel('Verification code').fill(await generate({ secret }));
    await page.getByRole('button', { name: 'Verify' }).click();
    await refusal.waitFor({ state: 'hidden', timeout: 5_000 });
    const signedIn = page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 }).then(() => 'in' as const, () => 'timeout' as const);
    const refused = refusal.waitFor({ state: 'visible', timeout: 15_000 }).then(() => 'refused' as const, () => 'timeout' as const);
    const outcome = await Promise.race([signedIn, refused]);
    if (outcome === 'in') break;
    if (outcome === 'timeout') throw new Error(`${account.email}: neither signed in nor refused after 15 s`);
    if (attempt === 2) throw new Error(`${account.email}: the verification code was refused twice: ${await refusal.textContent()}`);
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 500);
  }
  await rememberCookies(page.context());
  // The console speaks the account's saved language, which another spec may have changed (the staff
  // spec switches the admin to Dutch): the specs read the English labels.
  const answer = await apiCall(page, 'PUT', '/api/auth/me/language', { language: 'en' });
  if (!answer.ok()) throw new Error(`setting ${account.email}'s console to English: ${answer.status()} ${await answer.text()}`);
  await page.reload();
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
  await rememberCookies(page.context());
}

/** The WCAG levels the console and the citizen pages must meet (axe-core's rule tags). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
/** Impacts that fail a page; "minor" and "moderate" findings are reported by axe but do not fail. */
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);
let axeSource: string | undefined;

export interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2.0/2.1 A and AA rules) on the page as it is now and answers the serious and
 * critical violations. axe is evaluated through the DevTools protocol (`page.evaluate`), which the
 * console's CSP (`script-src 'self'`) does not apply to: the page is checked as served, with its real
 * CSP, instead of in a context that bypasses it (an added <script> tag would be refused by the CSP).
 * Iframes are not entered (`iframes: false`): the only ones are the sandboxed preview of an e-mail in
 * the dev mailbox and the PDF viewer of a letter, neither of them console markup; the <iframe>
 * elements themselves (their titles) are still checked.
 */
export async function axeViolations(page: Page, exclude: string[] = []): Promise<AxeFinding[]> {
  axeSource ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  // A dialog fading in or a ripple fading out is checked at its final colours, not half-transparent:
  // the finite CSS animations and transitions end first (at most 3 s; spinners run forever). And the
  // fonts are loaded: axe recognises an icon ligature ("visibility") only once the icon font draws it.
  await page.evaluate(async () => {
    type Running = { finished: Promise<unknown>; effect: { getComputedTiming(): { endTime?: number | string } } | null };
    const { document } = globalThis as unknown as { document: { getAnimations(): Running[]; fonts: { ready: Promise<unknown> } } };
    await Promise.race([document.fonts.ready, new Promise((resolve) => setTimeout(resolve, 3_000))]);
    const running = document.getAnimations();
    const finite = running.filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)));
    await Promise.race([Promise.all(finite.map((animation) => animation.finished.catch(() => undefined))), new Promise((resolve) => setTimeout(resolve, 3_000))]);
  });
  const violations = await page.evaluate(
    async ({ tags, exclude }) => {
      const { axe, document } = globalThis as unknown as {
        document: unknown;
        axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; helpUrl: string; nodes: { target: unknown[] }[] }[] }> };
      };
      const context = exclude.length ? { include: [['html']], exclude: exclude.map((selector) => [selector]) } : document;
      const result = await axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], iframes: false });
      return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl, targets: v.nodes.map((n) => n.target.map(String).join(' ')) }));
    },
    { tags: AXE_TAGS, exclude },
  );
  return violations.filter((v) => v.impact !== null && BLOCKING_IMPACTS.has(v.impact));
}

/**
 * Fails when axe-core finds a serious or critical WCAG 2.1 A/AA violation on the page, with one line
 * per rule: id, impact, the selectors of the failing nodes and the rule's help page. `exclude` takes
 * selectors of third-party nodes only, each with the reason next to the call.
 */
export async function expectAccessible(page: Page, label: string, options: { exclude?: string[] } = {}): Promise<void> {
  const found = await axeViolations(page, options.exclude);
  if (found.length === 0) return;
  const lines = found.map((v) => `  - ${v.id} [${v.impact}] ${v.help}\n      ${v.targets.slice(0, 8).join('\n      ')}${v.targets.length > 8 ? `\n      … and ${v.targets.length - 8} more` : ''}\n      ${v.helpUrl}`);
  throw new Error(`${label} (${new URL(page.url()).pathname}): ${found.length} serious/critical accessibility violation(s)\n${lines.join('\n')}`);
}
