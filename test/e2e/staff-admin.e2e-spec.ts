import { generate } from 'otplib';
import type { Browser, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../tools/dev/demo-data';
import { readDemoTotpSecrets } from '../../tools/dev/seed';
import { baseUrl, launchBrowser, waitForMail } from './browser';

const admin = DEMO_ACCOUNTS.find((a) => a.roles.includes('admin'))!;

async function signIn(page: Page, password: string, code: string): Promise<void> {
  await page.goto(`${baseUrl()}/`);
  await page.getByLabel('E-mail address').fill(admin.email);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

describe('Staff console in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser.close());
  beforeEach(async () => {
    const context = await browser.newContext({ locale: 'en-GB' });
    page = await context.newPage();
  });
  afterEach(() => page.context().close());

  it('refuses a wrong password with a translated message and no session', async () => {
    await page.goto(`${baseUrl()}/`);
    await page.getByLabel('E-mail address').fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expectVisible(page.getByText('E-mail address or password is incorrect.'));
    expect((await page.request.get(`${baseUrl()}/api/auth/me`)).status()).toBe(401);
  });

  it('admin signs in with TOTP, creates a clerk for a municipality, switches to Dutch and finds the audit entry', async () => {
    const secret = readDemoTotpSecrets()[admin.email];
    await signIn(page, admin.password, await generate({ secret }));

    await page.getByRole('link', { name: 'Staff accounts' }).first().click();
    await page.getByRole('button', { name: 'New account' }).click();
    const email = `e2e-clerk-${Date.now()}@sesame.test`;
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Professional e-mail address').fill(email);
    await dialog.getByLabel('Full name').fill('Lotte Janssens');
    await dialog.getByRole('combobox', { name: 'Preferred language' }).click();
    await page.getByRole('option', { name: 'Dutch' }).click();
    await dialog.getByRole('combobox', { name: 'Roles' }).click();
    await page.getByRole('option', { name: 'Registration clerk' }).click();
    await page.keyboard.press('Escape');
    await dialog.getByRole('combobox', { name: 'Municipality' }).click();
    await page.getByRole('option', { name: 'Anvers' }).click();
    await dialog.getByRole('button', { name: 'Create the account' }).click();
    await expectVisible(page.getByRole('heading', { name: 'Account created' }));
    await page.getByRole('button', { name: 'Done' }).click();
    await expectVisible(page.getByRole('cell', { name: email }));

    const mail = await waitForMail((m) => m.to.includes(email));
    expect(mail.language).toBe('nl');

    await page.getByRole('radio', { name: /Nederlands/ }).or(page.getByRole('button', { name: /Nederlands/ })).first().click();
    await page.getByRole('link', { name: 'Auditlogboek' }).first().click();
    await expectVisible(page.getByRole('heading', { name: 'Auditlogboek' }));
    await expectVisible(page.getByRole('cell', { name: 'staff.created' }).first());
    expect(await page.locator('html').getAttribute('lang')).toBe('nl');
  });
});

async function expectVisible(locator: ReturnType<Page['getByText']>): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 15_000 });
}
