import { readFileSync } from 'node:fs';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, type DemoAccount } from '../../tools/dev/demo-data';
import { DEMO_REQUESTER } from '../../tools/dev/demo-requester';
import { DEMO_VIDEO_FILE } from '../../tools/dev/demo-video';
import { readDemoTotpSecrets } from '../../tools/dev/seed';
import { axeViolations, baseUrl, expectAccessible, launchBrowser, logInWithDigitalKey, signInAs, waitForMail } from './browser';

const account = (email: string): DemoAccount => DEMO_ACCOUNTS.find((a) => a.email === email)!;
const admin = account('admin@sesame.localhost');
const supervisor = account('supervisor@sesame.localhost');
const clerk = account('clerk.bruxelles@sesame.localhost');
const videoAgent = account('video@sesame.localhost');
const nissOperator = account('niss@sesame.localhost');
/** Signs in step by step on the sign-in page's own test; used nowhere else (a TOTP code is accepted once). */
const eupenClerk = account('clerk.eupen@sesame.localhost');

/** The demo's mails go through the outbox relay, BullMQ and the worker before the catcher has them. */
const MAIL_TIMEOUT = 60_000;

/**
 * axe-core (WCAG 2.0/2.1 A and AA rules) on every page of the console, for each role, and on every
 * citizen and requester page, on the real stack with the demo data: zero serious or critical
 * violations. Each page is checked once its content (not a spinner) is on screen. The citizen's call
 * page and the agent's session in progress need a booking within the hour and live media: they are
 * checked in video-interview.e2e-spec.ts.
 */
describe('accessibility: axe-core on every console, citizen and requester page, in Chromium', () => {
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ locale: 'en-GB', reducedMotion: 'reduce' });
    contexts.push(context);
    return context.newPage();
  }

  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
  });

  it('the check fails on a page with a serious violation (an unnamed button, an unlabelled field)', async () => {
    const page = await newPage();
    await page.goto(`${baseUrl()}/login`);
    await settle(page, page.getByLabel('E-mail address'));
    await page.evaluate(() => {
      const { document } = globalThis as unknown as { document: { body: { insertAdjacentHTML(where: string, html: string): void } } };
      document.body.insertAdjacentHTML('beforeend', '<main><button type="button" data-probe></button><input type="text" data-probe></main>');
    });
    const found = await axeViolations(page);
    expect(found.map((v) => v.id)).toEqual(expect.arrayContaining(['button-name', 'label']));
    await expect(expectAccessible(page, 'probe')).rejects.toThrow(/button-name \[critical\][\s\S]*button\[data-probe[\s\S]*dequeuniversity/);
  });

  describe('staff sign-in', () => {
    it('the sign-in page and its verification-code step', async () => {
      const page = await newPage();
      await page.goto(`${baseUrl()}/login`);
      await settle(page, page.getByLabel('E-mail address'));
      await expectAccessible(page, 'sign-in');

      // A refusal shown on the page.
      await page.getByLabel('E-mail address').fill(eupenClerk.email);
      await page.getByLabel('Password', { exact: true }).fill('not-the-password');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await settle(page, page.getByText('E-mail address or password is incorrect.'));
      await expectAccessible(page, 'sign-in, wrong password');

      await page.getByLabel('Password', { exact: true }).fill(eupenClerk.password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await settle(page, page.getByLabel('Verification code'));
      await expectAccessible(page, 'sign-in, verification code');
      await page.getByLabel('Verification code').fill(await generate({ secret: readDemoTotpSecrets()[eupenClerk.email] }));
      await page.getByRole('button', { name: 'Verify' }).click();
      await page.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 });
    });
  });

  describe('console, administrator', () => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage();
      await signInAs(page, admin);
    });

    it.each([
      ['home', '/'],
      ['staff accounts', '/staff'],
      ['audit trail', '/audit'],
      ['jobs', '/jobs'],
      ['account', '/account'],
      ['NISS organisations', '/niss/organisations'],
      ['interviews agenda', '/interviews'],
      ['interviews availability', '/interviews/availability'],
    ])('%s (%s)', async (label, path) => {
      await open(page, path);
      await expectAccessible(page, `admin: ${label}`);
    });

    it('staff accounts: the new-account dialog', async () => {
      await open(page, '/staff');
      await page.getByRole('button', { name: 'New account' }).click();
      await settle(page, page.getByRole('dialog').getByLabel('Professional e-mail address'));
      await expectAccessible(page, 'admin: new-account dialog');
      await page.keyboard.press('Escape');
    });

    it('dev mailbox, with a mail open', async () => {
      await open(page, '/dev/mailbox');
      expect(new URL(page.url()).pathname).toBe('/dev/mailbox');
      await expectAccessible(page, 'admin: dev mailbox');
      const first = page.locator('main').getByRole('button').or(page.locator('main').getByRole('link')).filter({ hasText: /@/ });
      if ((await first.count()) > 0) {
        await first.first().click();
        await settle(page, page.locator('iframe, pre').first());
        await expectAccessible(page, 'admin: dev mailbox, a mail open');
      }
    });
  });

  describe('console, supervisor', () => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage();
      await signInAs(page, supervisor);
    });

    it.each([
      ['home', '/'],
      ['NISS queue', '/niss'],
      ['NISS figures', '/niss/figures'],
      ['audit trail', '/audit'],
      ['interviews agenda (all agents)', '/interviews'],
      ['account', '/account'],
    ])('%s (%s)', async (label, path) => {
      await open(page, path);
      await expectAccessible(page, `supervisor: ${label}`);
    });
  });

  describe('console, registration clerk', () => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage();
      await signInAs(page, clerk);
    });

    it.each([
      ['home', '/'],
      ['desk', '/desk'],
      ['account', '/account'],
    ])('%s (%s)', async (label, path) => {
      await open(page, path);
      await expectAccessible(page, `clerk: ${label}`);
    });
  });

  describe('console, video agent', () => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage();
      await signInAs(page, videoAgent);
    });

    it.each([
      ['home', '/'],
      ['interviews agenda', '/interviews'],
      ['interviews availability', '/interviews/availability'],
    ])('%s (%s)', async (label, path) => {
      await open(page, path);
      await expectAccessible(page, `video agent: ${label}`);
    });

    it('an interview session (a demo booking)', async () => {
      await open(page, '/interviews');
      const row = page.getByTestId('agenda-row');
      await settle(page, row);
      await row.first().click();
      await page.waitForURL(/\/interviews\/[0-9a-f-]{36}$/);
      await settle(page, page.locator('h1'));
      await expectAccessible(page, 'video agent: interview session');
    });
  });

  describe('console, NISS operator', () => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage();
      await signInAs(page, nissOperator);
    });

    it('the queue', async () => {
      await open(page, '/niss');
      await settle(page, page.getByTestId('queue-row'));
      await expectAccessible(page, 'NISS operator: queue');
    });

    it('a ticket under review (then released)', async () => {
      await open(page, '/niss');
      const row = page.getByTestId('queue-row').first();
      await settle(page, row);
      await row.getByRole('link').first().click();
      await page.waitForURL(/\/niss\/tickets\/[^/]+$/);
      await settle(page, page.getByTestId('release'));
      await expectAccessible(page, 'NISS operator: ticket review');
      // Leave the demo ticket as it was found for the other browser tests.
      await page.getByTestId('release').click();
      await page.waitForURL((url) => url.pathname === '/niss', { timeout: 15_000 });
    });

    it('account (/account)', async () => {
      await open(page, '/account');
      await expectAccessible(page, 'NISS operator: account');
    });
  });

  describe('citizen pages (no session)', () => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage();
    });

    it('the activation page without a link token', async () => {
      await open(page, '/activate');
      await expectAccessible(page, 'citizen: activation without token');
    });

    it('the digital-key login and its security-code step', async () => {
      await open(page, '/citizen/login');
      await expectAccessible(page, 'citizen: login');
      await page.getByLabel('Username').fill(DEMO_REQUESTER.username);
      await page.getByLabel('Password', { exact: true }).fill(DEMO_REQUESTER.password);
      await page.getByRole('button', { name: 'Next' }).click();
      await settle(page, page.getByLabel('Security code'));
      await expectAccessible(page, 'citizen: login, security code');
    });

    it('video booking: the free slots and the booking form', async () => {
      await open(page, '/video');
      await settle(page, page.getByTestId('slot'));
      await expectAccessible(page, 'citizen: video booking, slots');
      await page.getByTestId('slot').first().click();
      await settle(page, page.getByTestId('book-email'));
      await expectAccessible(page, 'citizen: video booking, form');
    });

    it('video appointment: without a link, the security-code form, and each demo booking once opened', async () => {
      await open(page, '/video/appointment');
      await settle(page, page.getByTestId('no-link'));
      await expectAccessible(page, 'citizen: video appointment without link');

      const bookings = JSON.parse(readFileSync(DEMO_VIDEO_FILE, 'utf8')) as { reference: string; email: string; securityCode: string }[];
      expect(bookings.length).toBeGreaterThan(0);
      for (const booking of bookings) {
        const mail = await waitForMail((m) => m.to.includes(booking.email) && /\/video\/appointment\?t=/.test(m.text), MAIL_TIMEOUT);
        const link = /https?:\/\/\S+\/video\/appointment\?t=[A-Za-z0-9_-]+/.exec(mail.text)![0];
        // A browser of its own per booking: an appointment session already open would skip the code.
        const page = await newPage();
        await page.goto(link.replace(/^https?:\/\/[^/]+/, baseUrl()));
        await settle(page, page.getByTestId('security-code-input'));
        await expectAccessible(page, `citizen: video appointment ${booking.reference}, security code`);
        await page.getByTestId('security-code-input').fill(booking.securityCode);
        await page.getByTestId('access-submit').click();
        await settle(page, page.getByTestId('appointment-state'));
        await expectAccessible(page, `citizen: video appointment ${booking.reference}`);
      }
    }, 150_000);
  });

  describe('requester pages (digital key)', () => {
    let page: Page;
    beforeAll(async () => {
      page = await newPage();
    });

    it('the connected page', async () => {
      await logInWithDigitalKey(page, DEMO_REQUESTER);
      await settle(page, page.locator('h1'));
      await expectAccessible(page, 'requester: connected');
    });

    it('the overview', async () => {
      await open(page, '/requester');
      await settle(page, page.getByTestId('ticket-row'));
      await expectAccessible(page, 'requester: overview');
    });

    it('the new-request wizard, step 1', async () => {
      await open(page, '/requester/new');
      await settle(page, page.locator('#requester-files'), 'attached');
      await expectAccessible(page, 'requester: new request, step 1');
    });

    it('a ticket detail', async () => {
      await open(page, '/requester');
      await settle(page, page.getByTestId('ticket-row'));
      await page.getByTestId('ticket-row').first().click();
      await page.waitForURL(/\/requester\/tickets\/[^/]+$/);
      await settle(page, page.locator('h1'));
      await expectAccessible(page, 'requester: ticket detail');
    });
  });
});

/** Goes to a page of the app and waits until it has drawn its content. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${baseUrl()}${path}`);
  await settle(page, page.locator('h1'));
}

/**
 * Waits for the locator, then for the page to finish loading: no request for half a second (capped,
 * for pages that poll) and no indeterminate progress bar left.
 */
async function settle(page: Page, locator: Locator, state: 'visible' | 'attached' = 'visible'): Promise<void> {
  await locator.first().waitFor({ state, timeout: 20_000 });
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await page.locator('mat-progress-bar[mode="indeterminate"]').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
  // Material's ripples and transitions end (reduced motion shortens most of them).
  await page.waitForTimeout(300);
}
