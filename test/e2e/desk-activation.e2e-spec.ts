import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../tools/dev/demo-data';
import { baseUrl, expectAccessible, launchBrowser, signInAs, waitForMail, waitForPairingCode } from './browser';
import { rememberCookies, rememberSecret } from './run-record';

const clerk = DEMO_ACCOUNTS.find((account) => account.email === 'clerk.bruxelles@sesame.localhost')!;
const CODE_SHAPE = /\b([A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b/;

/**
 * The municipal desk end to end, on the real stack: the card emulator in a vpcd reader → pcscd → the
 * desk agent (paired with the console) → the console → the api's verification → the worker's letter
 * and mail → the citizen's activation with an authenticator app → login with the new key.
 */
interface CitizenKey {
  username: string;
  password: string;
  secret?: string;
}

interface IssuedLetter {
  id: string;
  code: string;
  link: string;
}

describe('Municipal desk to a working digital key, in Chromium', () => {
  let browser: Browser;
  let desk: BrowserContext;
  let page: Page;
  const stamp = Date.now() % 1_000_000;
  const sharedEmail = `family.${stamp}@example.be`;
  const firstKey: CitizenKey = { username: `jan.${stamp}`, password: 'Lumière du Nord 2026' };
  const secondKey: CitizenKey = { username: `francoise.${stamp}`, password: 'Brabançonne 1830 !' };

  /** Reads the card in the reader, checks the e-mail guard, issues the code; the letter's code from its PDF. */
  async function issueFromCard(deskPage: Page, surname: RegExp, email: string, guard: 'clear' | 'keys'): Promise<IssuedLetter> {
    const read = deskPage.getByTestId('read-card-button');
    await expectEnabled(read);
    await read.click();
    await visible(deskPage.getByTestId('verified-badge'));
    expect(await deskPage.getByTestId('verified-badge').getAttribute('data-kind')).toBe('beid_card');
    await expectText(deskPage.getByTestId('identity-surname'), surname);
    await expectAccessible(deskPage, 'desk: card read and verified');

    await deskPage.getByTestId('email-input').fill(email);
    if (guard === 'keys') {
      await visible(deskPage.getByTestId('email-guard-warning'));
      expect(await deskPage.getByTestId('issue-button').isEnabled()).toBe(false);
      await expectAccessible(deskPage, 'desk: the e-mail already has a key');
      await deskPage.getByTestId('confirm-replace-checkbox').check();
    } else {
      await visible(deskPage.getByTestId('email-guard-clear'));
    }
    const issued = deskPage.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/desk/activation-codes'));
    await deskPage.getByTestId('issue-button').click();
    const response = await issued;
    expect(response.status()).toBe(201);
    const { id } = (await response.json()) as { id: string };

    // The clerk's download of the letter; the test reads the code off it as the citizen would.
    await visible(deskPage.getByTestId('letter-frame'), 30_000);
    await expectAccessible(deskPage, 'desk: code issued, the letter shown');
    const download = deskPage.waitForEvent('download');
    await deskPage.getByTestId('download-link').click();
    const code = letterCode(await readFile((await (await download).path())!));

    const mail = await waitForMail((m) => m.to.includes(email) && /activate\?t=/.test(m.text) && !seenLinks.has(m.text));
    seenLinks.add(mail.text);
    const link = /https?:\/\/\S+\/activate\?t=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    if (!link) throw new Error('no activation link in the e-mail');
    rememberSecret('activation code (letter)', code);
    rememberSecret('activation link token', new URL(link).searchParams.get('t'));
    return { id, code, link: link.replace(/^https?:\/\/[^/]+/, baseUrl()) };
  }

  /** The citizen, in a browser of their own: link, code, authenticator app, username and password. */
  async function activateWithAuthenticatorApp(letter: IssuedLetter, key: CitizenKey): Promise<string> {
    const context = await browser.newContext({ locale: 'en-GB' });
    const citizen = await context.newPage();
    try {
      await citizen.goto(letter.link);
      await visible(citizen.getByLabel('Activation code, part 1 of 4'));
      await expectAccessible(citizen, 'citizen activation: the code');
      await citizen.getByLabel('Activation code, part 1 of 4').fill(letter.code);
      await citizen.getByRole('button', { name: 'Next' }).click();
      await visible(citizen.getByRole('radio', { name: 'Security code via a mobile app' }));
      await expectAccessible(citizen, 'citizen activation: how to receive security codes');
      await citizen.getByRole('radio', { name: 'Security code via a mobile app' }).check();
      await citizen.getByRole('button', { name: 'Next' }).click();
      await visible(citizen.getByLabel('Username'));
      await expectAccessible(citizen, 'citizen activation: username and password');
      await citizen.getByLabel('Username').fill(key.username);
      await citizen.getByLabel('Password', { exact: true }).fill(key.password);
      await citizen.getByRole('button', { name: 'Next' }).click();

      await visible(citizen.getByRole('heading', { name: 'Link your authenticator app' }));
      await expectAccessible(citizen, 'citizen activation: link the authenticator app');
      const secret = (await citizen.locator('.secret-row code').textContent())!.trim();
      rememberSecret('citizen TOTP secret', secret);
      rememberSecret('citizen password', key.password);
      await citizen.getByLabel('Code from the app').fill(await generate({ secret }));
      await citizen.getByRole('button', { name: 'Activate my key' }).click();
      await visible(citizen.getByRole('heading', { name: 'Your digital key is now active' }));
      await expectAccessible(citizen, 'citizen activation: key active');
      return secret;
    } finally {
      await context.close();
    }
  }

  /** Logs in with the key; resolves with the "connected as" line, rejects when no session opens. */
  async function logIn(key: CitizenKey, secret: string): Promise<string> {
    const context = await browser.newContext({ locale: 'en-GB' });
    const citizen = await context.newPage();
    try {
      await citizen.goto(`${baseUrl()}/citizen/login`);
      await citizen.getByLabel('Username').fill(key.username);
      await citizen.getByLabel('Password', { exact: true }).fill(key.password);
      await citizen.getByRole('button', { name: 'Next' }).click();
      const codeField = citizen.getByLabel('Security code');
      const refused = citizen.getByRole('alert');
      await codeField.or(refused).first().waitFor({ state: 'visible', timeout: 15_000 });
      if (!(await codeField.isVisible())) throw new Error(`not connected: ${await refused.first().textContent()}`);
      // The app's next code (a code is accepted once, with one step of tolerance).
      await codeField.fill(await generate({ secret, epoch: Math.floor(Date.now() / 1000) + 30 }));
      await citizen.getByRole('button', { name: 'Log in' }).click();
      const connected = citizen.getByText(/Connected as/);
      await connected.or(refused).first().waitFor({ state: 'visible', timeout: 15_000 });
      if (!(await connected.isVisible())) throw new Error(`not connected: ${await refused.first().textContent()}`);
      await rememberCookies(context);
      return (await connected.textContent()) ?? '';
    } finally {
      await context.close();
    }
  }

  beforeAll(async () => {
    browser = await launchBrowser();
    desk = await browser.newContext({ locale: 'en-GB' });
    page = await desk.newPage();
    await signInAs(page, clerk);
    seenLinks.clear();
  });
  afterAll(async () => {
    await desk.close();
    await browser.close();
  });

  it('pairs the agent, reads and verifies the card, issues the code, prints the letter; the citizen activates and logs in', async () => {
    await page.goto(`${baseUrl()}/desk`);
    await insertVirtualCard(page, /Peeters/, null);

    // Pairing: the agent shows a code on the desk PC's screen, the clerk types it.
    await page.getByTestId('pair-button').click();
    await visible(page.getByTestId('pairing-code-input'));
    await expectAccessible(page, 'desk: pairing the card-reader agent');
    const pairingCode = await waitForPairingCode(null);
    await page.getByTestId('pairing-code-input').fill(pairingCode);
    await page.getByTestId('pair-confirm-button').click();
    await visible(page.locator('[data-testid="card-status"][data-state="beid"]'));

    const letter = await issueFromCard(page, /Peeters/, sharedEmail, 'clear');
    // The letter printed, from its frame or — when the browser cannot print the frame (headless
    // Chromium has no PDF viewer, so it depends on timing) — from the tab the console then opens.
    const printed = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/activation-codes/${letter.id}/prints`));
    const popup = desk.waitForEvent('page', { timeout: 3_000 }).catch(() => null);
    await page.getByTestId('print-button').click();
    expect((await printed).status()).toBe(200);
    const tab = await popup;
    if (tab) {
      await tab.waitForLoadState().catch(() => undefined);
      expect(tab.url().startsWith(`blob:${baseUrl()}/`)).toBe(true);
      await tab.close();
    }

    const secret = await activateWithAuthenticatorApp(letter, firstKey);
    await expect(logIn(firstKey, secret)).resolves.toMatch(/Connected as Jan Pieter .*Peeters/);
    const after = await (await page.request.get(`${baseUrl()}/api/desk/activation-codes/${letter.id}`)).json();
    expect(after).toMatchObject({ state: 'activated', printCount: 1 });
    firstKey.secret = secret;
  });

  it('warns that the e-mail already has a key, and the new key deactivates it when activated', async () => {
    expect(firstKey.secret).toBeDefined();
    await page.goto(`${baseUrl()}/desk`);
    await removeVirtualCard(page);
    await insertVirtualCard(page, /Dubois-Lefèvre/, null);

    const letter = await issueFromCard(page, /Dubois-Lefèvre/, sharedEmail, 'keys');
    const secret = await activateWithAuthenticatorApp(letter, secondKey);
    await expect(logIn(secondKey, secret)).resolves.toMatch(/Connected as Françoise Émilie .*Dubois-Lefèvre/);

    // The first key no longer opens a session, and its owner was told.
    await expect(logIn(firstKey, firstKey.secret!)).rejects.toThrow(/not connected/);
    // (in the first person's language: the mail names the deactivated key's username)
    await waitForMail((m) => m.to.includes(sharedEmail) && m.text.includes(firstKey.username) && !/activate\?t=/.test(m.text));
  });

  it('refuses a tampered card with the reason, and issues nothing', async () => {
    await page.goto(`${baseUrl()}/desk`);
    await removeVirtualCard(page);
    await insertVirtualCard(page, /Dubois-Lefèvre/, 'tampered-identity');

    const read = page.getByTestId('read-card-button');
    await expectEnabled(read);
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/desk/card-reads'));
    await read.click();
    expect((await refused).status()).toBe(422);
    await visible(page.getByTestId('refusal'));
    expect(await page.getByTestId('refusal-reason').count()).toBeGreaterThan(0);
    await expectAccessible(page, 'desk: a tampered card refused');
    expect(await page.getByTestId('verified-badge').count()).toBe(0);
    expect(await page.getByTestId('issue-button').count()).toBe(0);
  });
});

/** The code printed on the letter, as the citizen reads it (pdftotext). */
function letterCode(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-letter-'));
  try {
    writeFileSync(join(dir, 'letter.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' });
    const code = CODE_SHAPE.exec(text)?.[1];
    if (!code) throw new Error('no activation code on the letter');
    return code;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const seenLinks = new Set<string>();

/** Puts a demo card in the test reader with the console's picker and waits until the agent sees it. */
async function insertVirtualCard(page: Page, holder: RegExp, defect: string | null): Promise<void> {
  await choose(page.getByTestId('virtual-card-identity'), holder);
  if (defect) await choose(page.getByTestId('virtual-card-defect'), defect);
  await page.getByTestId('virtual-card-insert').click();
  await expectText(page.getByTestId('virtual-card-status'), defect ? new RegExp(defect.split('-')[0]) : holder);
  if (await page.getByTestId('pair-button').count()) return; // not paired yet: the agent says nothing of cards
  await visible(page.locator('[data-testid="card-status"][data-state="beid"]'));
}

/** Takes the card out first, so the agent cannot still be reporting it when the clerk reads the next. */
async function removeVirtualCard(page: Page): Promise<void> {
  await page.getByTestId('virtual-card-remove').click();
  await visible(page.locator('[data-testid="card-status"][data-state="absent"]'));
}

async function choose(select: Locator, option: string | RegExp): Promise<void> {
  await select.click();
  await select.page().getByRole('option', { name: option }).click();
}

async function visible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}

async function expectText(locator: Locator, pattern: RegExp): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const text = (await locator.first().textContent({ timeout: 15_000 })) ?? '';
    if (pattern.test(text)) return;
    if (Date.now() > deadline) throw new Error(`expected ${String(pattern)}, found "${text.trim()}"`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function expectEnabled(locator: Locator): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await locator.isEnabled())) {
    if (Date.now() > deadline) throw new Error('the button stayed disabled');
    await new Promise((r) => setTimeout(r, 200));
  }
}
