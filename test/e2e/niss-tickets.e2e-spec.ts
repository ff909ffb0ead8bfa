import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../tools/dev/demo-data';
import { DEMO_REQUESTER } from '../../tools/dev/demo-requester';
import { drawIdDocument, td3Lines, type MrzHolder } from '../../worker/src/ocr/testing/id-card-image';
import { baseUrl, jsonOf, launchBrowser, logInWithDigitalKey, runLetters, signInAs, waitForMail } from './browser';

const operator = DEMO_ACCOUNTS.find((account) => account.email === 'niss@sesame.localhost')!;

/** OCR (tesseract.js) of one page: seconds on an idle machine, much more on a busy one. */
const OCR_TIMEOUT = 90_000;
/** A mail goes through the outbox relay, BullMQ and the worker before the catcher has it. */
const MAIL_TIMEOUT = 60_000;

/**
 * A NISS request end to end, on the real stack: the requester (digital key) uploads a passport photo,
 * the worker's OCR fills the wizard, the requester corrects a field and sends; the ticket waits for an
 * operator, who sees the correction and the register's candidates and asks for a new upload; the
 * requester is told (overview and mail), uploads again; the operator creates a BIS number, and the
 * requester reads it (overview, detail) after the answer mail.
 */
describe('NISS request: OCR pre-fill, re-upload asked, new BIS, in Chromium', () => {
  // Per run: a surname no person in the register (or an earlier run) has, so nothing identifies it
  // automatically. Born on the demo requester's own birthday with close given names, the holder has
  // one known candidate in the register (Rania Haddad, 1988-03-14, F, BEL) well below the automatic score.
  const run = Date.now();
  const tag = runLetters(run);
  const holder: MrzHolder = {
    documentCode: 'P',
    issuingState: 'BEL',
    documentNumber: `EP${String(run % 10_000_000).padStart(7, '0')}`,
    nationality: 'BEL',
    surname: `ZWICKY${tag}`,
    givenNames: ['RANYA'],
    birthDate: '880314',
    sex: 'F',
    expiryDate: '310510',
  };
  const correctedGivenNames = 'Rania';
  const notificationEmail = `hr+${run}@employer.localhost`;

  let browser: Browser;
  let requesterContext: BrowserContext;
  let operatorContext: BrowserContext;
  let requester: Page;
  let desk: Page;
  /** Filled as the scenario goes: a later step needs an earlier one's ticket. */
  const ticket = { id: '', number: '', bis: '' };
  let actionMailSubject = '';

  beforeAll(async () => {
    browser = await launchBrowser();
    requesterContext = await browser.newContext({ locale: 'en-GB' });
    requester = await requesterContext.newPage();
    await logInWithDigitalKey(requester, DEMO_REQUESTER);
    operatorContext = await browser.newContext({ locale: 'en-GB' });
    desk = await operatorContext.newPage();
    await signInAs(desk, operator);
  });
  afterAll(async () => {
    await requesterContext?.close();
    await operatorContext?.close();
    await browser?.close();
  });

  it('the requester uploads a passport, sees the fields read from its MRZ, corrects one and gets a pending ticket', async () => {
    await requester.goto(`${baseUrl()}/requester`);
    await requester.getByRole('link', { name: 'Request a Belgian identification number' }).click();
    await requester.waitForURL(/\/requester\/new$/);

    await uploadDocument(requester, drawIdDocument({ format: 'TD3', mrz: td3Lines(holder) }), 'passport.png');
    // Step 1, filled from the MRZ.
    expect(await requester.getByTestId('mrz-read').textContent()).toContain(td3Lines(holder)[0]);
    expect(await requester.getByLabel('Document number').inputValue()).toBe(holder.documentNumber);
    expect((await requester.getByLabel('Issuing country').inputValue()).toUpperCase()).toBe('BEL');
    expect(await requester.getByLabel('Valid until').inputValue()).toBe('2031-05-10');
    await nextStep(requester, 'Proof of identity');

    // Step 2, filled from the MRZ; the requester corrects the given names the OCR read.
    await visible(requester.getByLabel('Surname', { exact: true }));
    expect((await requester.getByLabel('Surname', { exact: true }).inputValue()).toUpperCase()).toBe(holder.surname);
    expect(await requester.getByLabel('Date of birth').inputValue()).toBe('1988-03-14');
    expect((await requester.getByLabel('Given names').inputValue()).toUpperCase()).toBe('RANYA');
    expect((await requester.getByLabel('Nationality').inputValue()).toUpperCase()).toBe('BEL');
    await requester.getByLabel('Given names').fill(correctedGivenNames);
    await requester.getByLabel('Place of birth').fill('Liège');
    await nextStep(requester, 'Personal data');

    // Step 3 (no address), step 4: the notification address, the summary, send.
    await nextStep(requester, 'Addresses');
    await requester.getByLabel('E-mail address for notifications').fill(notificationEmail);
    const sent = requester.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/requester/tickets'));
    await requester.getByRole('button', { name: 'Send', exact: true }).click();
    const { ticket: answer } = await jsonOf<{ ticket: { id: string; number: string; display: string; niss: string | null } }>(await sent, 201);
    expect(answer).toMatchObject({ display: 'pending', niss: null });
    Object.assign(ticket, { id: answer.id, number: answer.number });

    await visible(requester.getByRole('heading', { name: 'Your request has been sent' }));
    expect(await requester.locator('.answer strong.big').textContent()).toBe(ticket.number);
    await visible(requester.getByText('An operator will handle your request'));
    expect(await requester.getByTestId('answer-niss').count()).toBe(0);
  }, 180_000);

  it('the operator takes the ticket, sees the corrected field and the candidates, and asks for a new upload', async () => {
    expect(ticket.id).not.toBe('');
    await openFromQueue(desk, ticket.number);

    // The correction after OCR, as the operator reads it.
    const changes = desk.getByTestId('change');
    await visible(changes);
    expect(await changes.count()).toBe(1);
    const change = (await changes.first().textContent()) ?? '';
    expect(change).toContain('RANYA');
    expect(change).toContain(correctedGivenNames);
    // The register's candidates: the demo person born that day, not a strong match.
    await visible(desk.locator('#candidates-heading'));
    const surnames = await desk.getByTestId('cell-surname').allTextContents();
    expect(surnames.some((surname) => /Haddad/i.test(surname))).toBe(true);
    const scores = (await desk.getByTestId('score').allTextContents()).map((text) => Number(/(\d+)\s*\/\s*100/.exec(text)?.[1]));
    expect(scores.length).toBeGreaterThan(0);
    expect(Math.max(...scores)).toBeLessThan(90);

    await desk.getByTestId('reason-quality_insufficient').locator('input').check();
    const asked = desk.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/niss/tickets/${ticket.id}/reupload-request`));
    await desk.getByTestId('reupload').click();
    expect((await jsonOf<{ status: string }>(await asked, 200)).status).toBe('action_required');
    await desk.waitForURL((url) => url.pathname === '/niss', { timeout: 15_000 });
  }, 120_000);

  it('the requester sees the awaited action and gets the mail, then uploads a new document and sends', async () => {
    expect(ticket.id).not.toBe('');
    const mail = await waitForMail((m) => m.to.includes(notificationEmail) && m.subject.includes(ticket.number), MAIL_TIMEOUT);
    expect(mail.text).toContain(`/requester/tickets/${ticket.id}`);
    actionMailSubject = mail.subject;

    await requester.goto(`${baseUrl()}/requester`);
    const notification = requester.getByTestId('notification').filter({ hasText: ticket.number });
    await visible(notification);
    expect(await notification.textContent()).toContain('Action awaited');
    expect(await notification.textContent()).toContain('The quality of the document is not sufficient');
    await notification.getByRole('link', { name: 'Upload a new document' }).click();
    await requester.waitForURL((url) => url.pathname === `/requester/tickets/${ticket.id}/reupload`);
    await visible(requester.getByRole('heading', { name: `Upload a new document for request ${ticket.number}` }));

    // The request's data stays; only the document is new (another, sharper photo of the passport).
    await uploadDocument(requester, drawIdDocument({ format: 'TD3', mrz: td3Lines(holder), pxPerMm: 16 }), 'passport-again.png');
    expect(await requester.getByLabel('Document number').inputValue()).toBe(holder.documentNumber);
    await nextStep(requester, 'Proof of identity');
    expect(await requester.getByLabel('Given names').inputValue()).toBe(correctedGivenNames);
    await nextStep(requester, 'Personal data');
    await nextStep(requester, 'Addresses');
    expect(await requester.getByLabel('E-mail address for notifications').inputValue()).toBe(notificationEmail);
    const sent = requester.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/requester/tickets/${ticket.id}/reupload`));
    await requester.getByRole('button', { name: 'Send', exact: true }).click();
    expect(await jsonOf<{ display: string }>(await sent, 200)).toMatchObject({ display: 'pending' });
    await visible(requester.getByRole('heading', { name: 'Your request has been sent' }));
  }, 180_000);

  it('the operator opens the ticket again and creates a new BIS number', async () => {
    expect(ticket.id).not.toBe('');
    await openFromQueue(desk, ticket.number);
    const created = desk.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/niss/tickets/${ticket.id}/bis`));
    await desk.getByTestId('create-bis').click();
    const result = await jsonOf<{ proposed: boolean; ticket: { status: string; niss: string | null } }>(await created, 200);
    expect(result).toMatchObject({ proposed: false, ticket: { status: 'identified' } });
    ticket.bis = result.ticket.niss ?? '';
    await desk.waitForURL((url) => url.pathname === '/niss', { timeout: 15_000 });
  }, 120_000);

  it('the requester gets the answer mail and reads the BIS number: ✓ in the overview and in the detail', async () => {
    expect(ticket.id).not.toBe('');
    const mail = await waitForMail((m) => m.to.includes(notificationEmail) && m.subject.includes(ticket.number) && m.subject !== actionMailSubject, MAIL_TIMEOUT);
    expect(mail.text).toContain(`/requester/tickets/${ticket.id}`);

    // Born 1988-03-14, sex known: a BIS number's month is the birth month + 40.
    const bis = /^88\.43\.14-\d{3}\.\d{2}$/;
    await requester.goto(`${baseUrl()}/requester`);
    const notification = requester.getByTestId('notification').filter({ hasText: ticket.number });
    await visible(notification);
    expect(await notification.textContent()).toContain('New answer');
    const shown = ((await notification.locator('.niss').textContent()) ?? '').trim();
    expect(shown).toMatch(bis);
    expect(shown.replace(/\D/g, '')).toBe(ticket.bis);
    expect(await notification.locator('mat-icon.status-identified').textContent()).toBe('check_circle');
    // The number is never in the mail: it is read here, signed in.
    expect(mail.text).not.toContain(shown.replace(/\D/g, ''));
    expect(mail.text).not.toContain(shown);

    const row = requester.getByTestId('ticket-row').filter({ hasText: ticket.number });
    expect(((await row.locator('.niss').textContent()) ?? '').trim()).toBe(shown);
    await row.click();
    await requester.waitForURL((url) => url.pathname === `/requester/tickets/${ticket.id}`);
    await visible(requester.getByRole('heading', { name: `Request ${ticket.number}` }));
    expect(((await requester.locator('dd.niss').textContent()) ?? '').trim()).toBe(shown);
    expect(await requester.locator('.page-header .status-label').textContent()).toBe('Identified');
    expect(await requester.locator('.page-header mat-icon.status-identified').textContent()).toBe('check_circle');
  }, 120_000);
});

/** Picks the file in the wizard's step 1 and waits until the worker has read it (or said it cannot). */
async function uploadDocument(page: Page, png: Buffer, name: string): Promise<void> {
  await page.locator('#requester-files').setInputFiles({ name, mimeType: 'image/png', buffer: png });
  const read = page.getByText('The document has been read.');
  const refused = page.locator('.inline-error [role="alert"]');
  await read.or(refused).first().waitFor({ state: 'visible', timeout: OCR_TIMEOUT });
  if (!(await read.isVisible())) throw new Error(`the document was not read: ${await refused.first().textContent()}`);
  await visible(page.getByTestId('mrz-read'));
}

/** "Next" of the named step (while the stepper animates, two steps' buttons are on screen). */
async function nextStep(page: Page, step: 'Proof of identity' | 'Personal data' | 'Addresses'): Promise<void> {
  await page.getByRole('region', { name: new RegExp(step) }).getByRole('button', { name: 'Next', exact: true }).click();
}

/** Opens a ticket from the operator's queue; the review page takes it (claim) for the operator. */
async function openFromQueue(page: Page, number: string): Promise<void> {
  await page.goto(`${baseUrl()}/niss`);
  const row = page.getByTestId('queue-row').filter({ hasText: number });
  await visible(row);
  const claimed = page.waitForResponse((r) => r.request().method() === 'POST' && /\/api\/niss\/tickets\/[^/]+\/claim$/.test(r.url()));
  await row.getByRole('link', { name: number }).click();
  expect((await jsonOf<{ status: string }>(await claimed, 200)).status).toBe('in_review');
  await visible(page.getByTestId('release'));
  // The page shows the status it loaded (pending) before its claim: the claim's answer says in review.
}

async function visible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}
