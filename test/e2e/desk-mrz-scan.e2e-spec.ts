import type { Browser, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../tools/dev/demo-data';
import { drawIdDocument } from '../../worker/src/ocr/testing/id-card-image';
import { baseUrl, launchBrowser, signInAs } from './browser';

const clerk = DEMO_ACCOUNTS.find((account) => account.email === 'clerk.eupen@sesame.localhost')!;

/**
 * The desk's passport path with a photo: the clerk picks a photo of a passport's data page, the OCR
 * worker reads the MRZ (tesseract.js, offline), the lines fill the field, and the usual check
 * verifies them.
 */
describe('Desk: MRZ scanned from a photo, in Chromium', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await (await browser.newContext({ locale: 'en-GB' })).newPage();
    await signInAs(page, clerk);
  });
  afterAll(() => browser.close());

  it('reads the MRZ of a passport photo into the field, and the check verifies it', async () => {
    await page.goto(`${baseUrl()}/desk`);
    await page.getByRole('tab', { name: /passport|Reisepass|passeport|paspoort/i }).click();
    await page.getByTestId('mrz-scan-input').setInputFiles({ name: 'passport.png', mimeType: 'image/png', buffer: drawIdDocument({ format: 'TD3' }) });

    await page.locator('[data-testid="mrz-scan-status"][data-state="read"]').waitFor({ timeout: 60_000 });
    const lines = (await page.getByTestId('mrz-input').inputValue()).split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^P<NLDDE<BRUIJN<<WILLEKE<LISELOTTE</);

    await page.getByTestId('check-document-button').click();
    await page.getByTestId('verified-badge').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('verified-badge').getAttribute('data-kind')).toBe('travel_document');
    expect(await page.getByTestId('identity-surname').textContent()).toMatch(/BRUIJN/i);
  });

  it('says a photo without an MRZ has none, and leaves the field to the clerk', async () => {
    await page.goto(`${baseUrl()}/desk`);
    await page.getByRole('tab', { name: /passport|Reisepass|passeport|paspoort/i }).click();
    await page.getByTestId('mrz-scan-input').setInputFiles({ name: 'back.png', mimeType: 'image/png', buffer: drawIdDocument({ format: 'TD1', mrz: null }) });
    await page.locator('[data-testid="mrz-scan-status"][data-state="not_found"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('mrz-input').inputValue()).toBe('');
  });
});
