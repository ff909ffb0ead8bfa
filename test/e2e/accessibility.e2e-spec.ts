import { readFileSync } from 'node:fs';
import { generate } from 'otplib';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS, type DemoAccount } from '../../tools/dev/demo-data';
import { DEMO_REQUESTER } from '../../tools/dev/demo-requester';
import { DEMO_VIDEO_FILE } from '../../tools/dev/demo-video';
import { readDemoTotpSecrets } from '../../tools/dev/seed';
import { drawIdDocument, td3Lines, type MrzHolder } from '../../worker/src/ocr/testing/id-card-image';
import { axeViolations, baseUrl, expectAccessible, jsonOf, launchBrowser, logInWithDigitalKey, runLetters, signInAs, waitForMail } from './browser';
import { rememberCookies, rememberSecret } from './run-record';

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
/** OCR (tesseract.js) of one page: seconds on an idle machine, much more on a busy one. */
const OCR_TIMEOUT = 90_000;

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

  /**
   * The NISS operator's console, signed in once for the whole file and shared by the operator's own
   * pages and the requester's re-upload set-up: a TOTP code is accepted once, a second sign-in in the
   * same 30 seconds would be refused.
   */
  let operator: Promise<Page> | undefined;
  const operatorPage = (): Promise<Page> =>
    (operator ??= newPage().then(async (page) => {
      await signInAs(page, nissOperator);
      return page;
    }));

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
      await page.getByRole('button', { name: 'Use a recovery code' }).click();
      await settle(page, page.getByLabel('Recovery code'));
      await expectAccessible(page, 'sign-in, recovery code');
      await page.getByRole('button', { name: 'Use the authenticator app' }).click();
      await settle(page, page.getByLabel('Verification code'));
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

    it('a new account: the initial password, then its first sign-in: two-step enrolment and the recovery codes', async () => {
      await open(page, '/staff');
      await page.getByRole('button', { name: 'New account' }).click();
      const dialog = page.getByRole('dialog');
      const email = `a11y-enrolment-${Date.now()}@sesame.test`;
      await settle(page, dialog.getByLabel('Professional e-mail address'));
      await dialog.getByLabel('Professional e-mail address').fill(email);
      await dialog.getByLabel('Full name').fill('Inès Verhaegen');
      await dialog.getByRole('combobox', { name: 'Roles' }).click();
      await page.getByRole('option', { name: 'Supervisor' }).click();
      await page.keyboard.press('Escape');
      await dialog.getByRole('button', { name: 'Create the account' }).click();
      await settle(page, page.getByRole('heading', { name: 'Account created' }));
      await expectAccessible(page, 'admin: new account, initial password');
      const password = ((await page.getByRole('dialog').locator('code.secret-value').textContent()) ?? '').trim();
      expect(password).not.toBe('');
      rememberSecret('initial staff password', password);
      await page.getByRole('button', { name: 'Done' }).click();

      // The new member's first sign-in, in a browser of their own.
      const member = await newPage();
      await member.goto(`${baseUrl()}/login`);
      await settle(member, member.getByLabel('E-mail address'));
      await member.getByLabel('E-mail address').fill(email);
      await member.getByLabel('Password', { exact: true }).fill(password);
      await member.getByRole('button', { name: 'Sign in' }).click();
      await member.waitForURL((url) => url.pathname === '/login/enrolment', { timeout: 15_000 });
      await settle(member, member.getByRole('img', { name: 'QR code to scan with your authenticator app' }));
      await expectAccessible(member, 'staff: two-step enrolment, QR code and key');
      const secret = ((await member.locator('code.secret-value').textContent()) ?? '').replace(/\s+/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
      rememberSecret('enrolled TOTP secret', secret);

      // A wrong first code: the refusal on the page.
      const code = await generate({ secret });
      await member.getByLabel('Code from the app').fill(String((Number(code) + 1) % 1_000_000).padStart(6, '0'));
      await member.getByRole('button', { name: 'Activate' }).click();
      await settle(member, member.locator('.inline-error [role="alert"]'));
      await expectAccessible(member, 'staff: two-step enrolment, wrong code');

      await member.getByLabel('Code from the app').fill(code);
      await member.getByRole('button', { name: 'Activate' }).click();
      await settle(member, member.getByRole('heading', { name: 'Your recovery codes' }));
      const codes = await member.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').allTextContents();
      expect(codes.length).toBeGreaterThan(0);
      for (const recovery of codes) rememberSecret('recovery code', recovery.trim());
      await expectAccessible(member, 'staff: two-step enrolment, recovery codes');
      await member.getByRole('checkbox', { name: 'I saved my recovery codes' }).check();
      await member.getByRole('button', { name: 'Continue' }).click();
      await member.waitForURL((url) => !url.pathname.startsWith('/login'), { timeout: 15_000 });
      await rememberCookies(member.context());
    }, 60_000);

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
      page = await operatorPage();
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

      // A file the server refuses by its content (text named .png): the refusal on the page.
      const refused = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/requester/documents'));
      await page.locator('#requester-files').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: Buffer.from('not a picture, only text\n'.repeat(40)) });
      expect((await refused).status()).toBeGreaterThanOrEqual(400);
      await settle(page, page.locator('.inline-error [role="alert"]'));
      await expectAccessible(page, 'requester: new request, a file refused by the server');
    });

    it('a ticket detail', async () => {
      await open(page, '/requester');
      await settle(page, page.getByTestId('ticket-row'));
      await page.getByTestId('ticket-row').first().click();
      await page.waitForURL(/\/requester\/tickets\/[^/]+$/);
      await settle(page, page.locator('h1'));
      await expectAccessible(page, 'requester: ticket detail');
    });

    /** The request sent through the wizard below; the re-upload test asks the operator for a new document on it. */
    const sent = { id: '', number: '' };

    it('the new-request wizard after an OCR read: step 1 filled, steps 2 to 4, the summary and the answer', async () => {
      // A holder no person in the register (or an earlier run) resembles: the request waits for an operator.
      const run = Date.now();
      const tag = runLetters(run);
      const holder: MrzHolder = {
        documentCode: 'P',
        issuingState: 'NLD',
        documentNumber: `NX${String(run % 10_000_000).padStart(7, '0')}`,
        nationality: 'NLD',
        surname: `AXEVELD${tag}`,
        givenNames: ['MAARTJE'],
        birthDate: '920817',
        sex: 'F',
        expiryDate: '320229',
      };
      await open(page, '/requester/new');
      await settle(page, page.locator('#requester-files'), 'attached');
      await page.locator('#requester-files').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: drawIdDocument({ format: 'TD3', mrz: td3Lines(holder) }) });
      const read = page.getByText('The document has been read.');
      const refused = page.locator('.inline-error [role="alert"]');
      await read.or(refused).first().waitFor({ state: 'visible', timeout: OCR_TIMEOUT });
      if (!(await read.isVisible())) throw new Error(`the document was not read: ${await refused.first().textContent()}`);
      await settle(page, page.getByTestId('mrz-read'));
      expect(await page.getByLabel('Document number').inputValue()).toBe(holder.documentNumber);
      await expectAccessible(page, 'requester: new request, step 1 read from the document');

      await nextStep(page, 'Proof of identity');
      await settle(page, page.getByLabel('Surname', { exact: true }));
      expect((await page.getByLabel('Surname', { exact: true }).inputValue()).toUpperCase()).toBe(holder.surname);
      await expectAccessible(page, 'requester: new request, step 2');
      await page.getByRole('button', { name: 'Show the document' }).click();
      await settle(page, page.locator('#requester-pages img'));
      await expectAccessible(page, 'requester: new request, step 2 with the document shown');
      await page.getByLabel('Place of birth').fill('Utrecht');

      await nextStep(page, 'Personal data');
      await settle(page, page.getByRole('checkbox', { name: 'Add a residential address' }));
      await expectAccessible(page, 'requester: new request, step 3');
      await page.getByRole('checkbox', { name: 'Add a residential address' }).check();
      await settle(page, page.getByRole('group', { name: 'Residential address' }));
      await expectAccessible(page, 'requester: new request, step 3 with a residential address');
      await page.getByRole('checkbox', { name: 'Add a residential address' }).uncheck();

      await nextStep(page, 'Addresses');
      await settle(page, page.getByRole('heading', { name: 'Summary of your request' }));
      await expectAccessible(page, 'requester: new request, step 4 and the summary');
      await page.getByLabel('E-mail address for notifications').fill(`hr+a11y-${run}@employer.localhost`);
      const answered = page.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/requester/tickets'));
      await page.getByRole('button', { name: 'Send', exact: true }).click();
      const { ticket } = await jsonOf<{ ticket: { id: string; number: string; display: string } }>(await answered, 201);
      expect(ticket.display).toBe('pending');
      Object.assign(sent, { id: ticket.id, number: ticket.number });
      await settle(page, page.getByRole('heading', { name: 'Your request has been sent' }));
      await expectAccessible(page, 'requester: new request, the answer');
    }, 180_000);

    it('a ticket awaiting a re-upload: the overview, the detail and the re-upload page', async () => {
      expect(sent.id).not.toBe('');
      // The operator takes the request and asks for a new document.
      const desk = await operatorPage();
      await open(desk, '/niss');
      const row = desk.getByTestId('queue-row').filter({ hasText: sent.number });
      await settle(desk, row);
      await row.getByRole('link', { name: sent.number }).click();
      await desk.waitForURL((url) => url.pathname === `/niss/tickets/${sent.id}`);
      await settle(desk, desk.getByTestId('reupload'));
      await expectAccessible(desk, 'NISS operator: ticket review after an OCR read');
      await desk.getByTestId('reason-quality_insufficient').locator('input').check();
      const asked = desk.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/niss/tickets/${sent.id}/reupload-request`));
      await desk.getByTestId('reupload').click();
      expect((await jsonOf<{ status: string }>(await asked, 200)).status).toBe('action_required');
      await desk.waitForURL((url) => url.pathname === '/niss', { timeout: 15_000 });

      await open(page, '/requester');
      const notification = page.getByTestId('notification').filter({ hasText: sent.number });
      await settle(page, notification);
      expect(await notification.textContent()).toContain('Action awaited');
      await expectAccessible(page, 'requester: overview, an action awaited');

      await open(page, `/requester/tickets/${sent.id}`);
      await settle(page, page.getByRole('heading', { name: `Request ${sent.number}` }));
      await expectAccessible(page, 'requester: ticket detail, an action awaited');

      await open(page, '/requester');
      await settle(page, notification);
      await notification.getByRole('link', { name: 'Upload a new document' }).click();
      await page.waitForURL((url) => url.pathname === `/requester/tickets/${sent.id}/reupload`);
      await settle(page, page.getByRole('heading', { name: `Upload a new document for request ${sent.number}` }));
      await settle(page, page.locator('#requester-files'), 'attached');
      await expectAccessible(page, 'requester: re-upload');
    }, 120_000);
  });
});

/** "Next" of the named wizard step (while the stepper animates, two steps' buttons are on screen). */
async function nextStep(page: Page, step: 'Proof of identity' | 'Personal data' | 'Addresses'): Promise<void> {
  await page.getByRole('region', { name: new RegExp(step) }).getByRole('button', { name: 'Next', exact: true }).click();
}

/** Goes to a page of the app and waits until it has drawn its content. */
async function open(page: Page, path: string): Promise<void> {
  await page.goto(`${baseUrl()}${path}`);
  await settle(page, page.locator('h1'));
}

/**
 * Waits for the locator, then for the page to finish loading: no request for half a second (capped,
 * for pages that poll) and no indeterminate progress bar left. Running animations and transitions are
 * left to `axeViolations`, which waits for them before it checks.
 */
async function settle(page: Page, locator: Locator, state: 'visible' | 'attached' = 'visible'): Promise<void> {
  await locator.first().waitFor({ state, timeout: 20_000 });
  await page.waitForLoadState('networkidle', { timeout: 5_000 }).catch(() => undefined);
  await page.locator('mat-progress-bar[mode="indeterminate"]').first().waitFor({ state: 'detached', timeout: 10_000 }).catch(() => undefined);
}
