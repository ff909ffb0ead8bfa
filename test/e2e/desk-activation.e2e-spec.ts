import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../tools/dev/demo-data';
import { readDemoTotpSecrets } from '../../tools/dev/seed';
import { baseUrl, launchBrowser, waitForMail, waitForPairingCode } from './browser';

const clerk = DEMO_ACCOUNTS.find((account) => account.email === 'clerk.bruxelles@sesame.localhost')!;
const CODE_SHAPE = /\b([A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b/;

/**
 * The municipal desk end to end, on the real stack: the card emulator in a vpcd reader → pcscd → the
 * desk agent (paired with the console) → the console → the api's verification → the worker's letter
 * and mail → the citizen's activation with an authenticator app → login with the new key.
 */
describe('Municipal desk to a working digital key, in Chromium', () => {
  let browser: Browser;
  let desk: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    desk = await browser.newContext({ locale: 'en-GB' });
    page = await desk.newPage();
    await signInAsClerk(page);
  });
  afterAll(async () => {
    await desk.close();
    await browser.close();
  });

  it('reads and verifies the card, issues the code, prints the letter; the citizen activates and logs in', async () => {
    await page.goto(`${baseUrl()}/desk`);

    // The demo's virtual card picker puts Françoise's card (1.8, ECDSA) in the reader.
    await choose(page.getByTestId('virtual-card-identity'), /Dubois-Lefèvre/);
    await page.getByTestId('virtual-card-insert').click();
    await expectText(page.getByTestId('virtual-card-status'), /Dubois-Lefèvre/);

    // Pairing: the agent shows a code on the desk PC's screen, the clerk types it.
    await page.getByTestId('pair-button').click();
    const pairingCode = await waitForPairingCode(null);
    await page.getByTestId('pairing-code-input').fill(pairingCode);
    await page.getByTestId('pair-confirm-button').click();
    await visible(page.locator('[data-testid="card-status"][data-state="beid"]'));

    const read = page.getByTestId('read-card-button');
    await expectEnabled(read);
    await read.click();
    await visible(page.getByTestId('verified-badge'));
    expect(await page.getByTestId('verified-badge').getAttribute('data-kind')).toBe('beid_card');
    await expectText(page.getByTestId('identity-surname'), /Dubois-Lefèvre/);

    const email = `francoise.${Date.now()}@example.be`;
    await page.getByTestId('email-input').fill(email);
    await visible(page.getByTestId('email-guard-clear'));
    const issued = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/desk/activation-codes'));
    await page.getByTestId('issue-button').click();
    const issuedResponse = await issued;
    expect(issuedResponse.status()).toBe(201);
    const { id } = (await issuedResponse.json()) as { id: string };

    await visible(page.getByTestId('letter-frame'), 30_000);
    const printed = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/activation-codes/${id}/prints`));
    await page.getByTestId('print-button').click();
    expect((await printed).status()).toBe(200);
    // Headless Chromium has no PDF viewer to print the frame from, so the console's fallback opens the
    // letter itself in a new tab to print from there.
    const opened = desk.pages().filter((candidate) => candidate !== page);
    expect(opened.map((tab) => tab.url().startsWith(`blob:${baseUrl()}/`))).toEqual([true]);
    await opened[0].close();

    const code = letterCode(await (await page.request.get(`${baseUrl()}/api/desk/activation-codes/${id}/letter`)).body());
    const mail = await waitForMail((m) => m.to.includes(email));
    const link = /https?:\/\/\S+\/activate\?t=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();

    // The citizen, in a browser of their own.
    const citizenContext = await browser.newContext({ locale: 'en-GB' });
    const citizen = await citizenContext.newPage();
    try {
      await citizen.goto(link!.replace(/^https?:\/\/[^/]+/, baseUrl()));
      await citizen.getByLabel('Activation code, part 1 of 4').fill(code);
      await citizen.getByRole('button', { name: 'Next' }).click();

      await citizen.getByRole('radio', { name: 'Security code via a mobile app' }).check();
      await citizen.getByRole('button', { name: 'Next' }).click();

      const username = `francoise${Date.now() % 100_000}`;
      const password = 'Lumière du Nord 2026';
      await citizen.getByLabel('Username').fill(username);
      await citizen.getByLabel('Password', { exact: true }).fill(password);
      await citizen.getByRole('button', { name: 'Next' }).click();

      await visible(citizen.getByRole('heading', { name: 'Link your authenticator app' }));
      const secret = (await citizen.locator('.secret-row code').textContent())!.trim();
      const enrolmentCode = await generate({ secret });
      await citizen.getByLabel('Code from the app').fill(enrolmentCode);
      await citizen.getByRole('button', { name: 'Activate my key' }).click();
      await visible(citizen.getByRole('heading', { name: 'Your digital key is now active' }));

      await citizen.getByRole('link', { name: 'Log in' }).click();
      await citizen.getByLabel('Username').fill(username);
      await citizen.getByLabel('Password', { exact: true }).fill(password);
      await citizen.getByRole('button', { name: 'Next' }).click();
      // A code is good once: wait for the app's next one.
      await citizen.getByLabel('Security code').fill(await nextTotp(secret, enrolmentCode));
      await citizen.getByRole('button', { name: 'Log in' }).click();
      await expectText(citizen.getByText(/Connected as/), /Françoise/);
    } finally {
      await citizenContext.close();
    }

    // Back at the desk: the code is consumed, and the list of the day says so.
    const after = await (await page.request.get(`${baseUrl()}/api/desk/activation-codes/${id}`)).json();
    expect(after).toMatchObject({ state: 'activated', printCount: 1 });
  });

  it('refuses a tampered card with the reason, and issues nothing', async () => {
    await page.goto(`${baseUrl()}/desk`);
    // Take the good card out first, so the agent cannot still be reporting it when the clerk reads.
    await page.getByTestId('virtual-card-remove').click();
    await visible(page.locator('[data-testid="card-status"][data-state="absent"]'));
    await choose(page.getByTestId('virtual-card-defect'), 'tampered-identity');
    await page.getByTestId('virtual-card-insert').click();
    await expectText(page.getByTestId('virtual-card-status'), /tampered/);
    await visible(page.locator('[data-testid="card-status"][data-state="beid"]'));

    const read = page.getByTestId('read-card-button');
    await expectEnabled(read);
    const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/desk/card-reads'));
    await read.click();
    expect((await refused).status()).toBe(422);
    await visible(page.getByTestId('refusal'));
    expect(await page.getByTestId('refusal-reason').count()).toBeGreaterThan(0);
    expect(await page.getByTestId('verified-badge').count()).toBe(0);
    expect(await page.getByTestId('issue-button').count()).toBe(0);
  });
});

async function signInAsClerk(page: Page): Promise<void> {
  const secret = readDemoTotpSecrets()[clerk.email];
  await page.goto(`${baseUrl()}/`);
  await page.getByLabel('E-mail address').fill(clerk.email);
  await page.getByLabel('Password', { exact: true }).fill(clerk.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Verification code').fill(await generate({ secret }));
  await page.getByRole('button', { name: 'Verify' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 });
}

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

async function nextTotp(secret: string, used: string): Promise<string> {
  const deadline = Date.now() + 35_000;
  for (;;) {
    const code = await generate({ secret });
    if (code !== used) return code;
    if (Date.now() > deadline) throw new Error('the authenticator code did not change');
    await new Promise((r) => setTimeout(r, 500));
  }
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
