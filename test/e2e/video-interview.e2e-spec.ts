import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { DEMO_ACCOUNTS } from '../../tools/dev/demo-data';
import { BELGIAN_ID_CARD, drawIdDocument, td1Lines } from '../../worker/src/ocr/testing/id-card-image';
import { apiCall, baseUrl, expectAccessible, jsonOf, launchBrowser, signInAs, waitForMail } from './browser';
import { rememberCookies, rememberSecret } from './run-record';

const agentAccount = DEMO_ACCOUNTS.find((account) => account.email === 'video@sesame.localhost')!;

/** OCR (tesseract.js) of the ID copy: seconds on an idle machine, much more on a busy one. */
const OCR_TIMEOUT = 90_000;
/** A mail goes through the outbox relay, BullMQ and the worker before the catcher has it. */
const MAIL_TIMEOUT = 60_000;
/** ICE on loopback and the first decoded frames. */
const MEDIA_TIMEOUT = 45_000;

/**
 * A video interview end to end, on the real stack, in two browser contexts of one Chromium with fake
 * camera and microphone: the agent publishes an extra span for today; the citizen books its first
 * slot and keeps the security code, confirms through the e-mailed link with a colour ID copy (checked
 * and OCR'd by the worker), and waits in the waiting room; the agent opens the session and starts
 * it; both pages receive the other's live video over WebRTC (signalled through the api's WebSocket);
 * the agent ticks the checklist and approves; the citizen sees the activation code and the
 * activation e-mail arrives.
 */
describe('video interview: book, confirm with an ID copy, WebRTC session, activation code, in Chromium', () => {
  const run = Date.now();
  const citizenEmail = `video+${run}@citizen.localhost`;
  let browser: Browser;
  let agentContext: BrowserContext;
  let citizenContext: BrowserContext;
  let agent: Page;
  let citizen: Page;
  const booking = { reference: '', securityCode: '', link: '', appointmentId: '' };

  beforeAll(async () => {
    browser = await launchBrowser({ media: true });
    agentContext = await browser.newContext({ locale: 'en-GB', permissions: ['camera', 'microphone'] });
    agent = await agentContext.newPage();
    await signInAs(agent, agentAccount);
    citizenContext = await browser.newContext({ locale: 'en-GB', permissions: ['camera', 'microphone'] });
    citizen = await citizenContext.newPage();
  });
  afterAll(async () => {
    await citizenContext?.close();
    await agentContext?.close();
    await browser?.close();
  });

  it('the agent publishes an extra span starting within minutes', async () => {
    const span = nextSpan(new Date());
    const response = await apiCall(agent, 'POST', '/api/video/availability/exceptions', { day: span.day, kind: 'extra', startTime: span.startTime, endTime: span.endTime, slotMinutes: 15 });
    expect(response.status()).toBe(201);
  });

  it('the citizen books the first free slot and reads the security code once', async () => {
    await citizen.goto(`${baseUrl()}/video`);
    await visible(citizen.getByTestId('slot'));
    await citizen.getByTestId('slot').first().click();
    await citizen.getByTestId('book-given-names').fill('Amélie');
    await citizen.getByTestId('book-surname').fill(`Verbrugghe`);
    await citizen.getByTestId('book-email').fill(citizenEmail);
    const booked = citizen.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith('/api/video/appointments'));
    await citizen.getByTestId('book-submit').click();
    const answer = await jsonOf<{ reference: string; securityCode: string }>(await booked, 201);
    await visible(citizen.getByTestId('security-code'));
    expect((await citizen.getByTestId('security-code').textContent())?.trim()).toBe(answer.securityCode);
    expect(await citizen.getByTestId('booking-reference').textContent()).toContain(answer.reference);
    Object.assign(booking, { reference: answer.reference, securityCode: answer.securityCode });
    rememberSecret('video security code', answer.securityCode);

    const mail = await waitForMail((m) => m.to.includes(citizenEmail) && m.text.includes(answer.reference), MAIL_TIMEOUT);
    const link = /https?:\/\/\S+\/video\/appointment\?t=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
    expect(link).toBeDefined();
    // The code is never in the mail: the citizen keeps it from the screen.
    expect(mail.text).not.toContain(answer.securityCode);
    booking.link = link!;
    rememberSecret('video link token', new URL(booking.link).searchParams.get('t'));
  }, 120_000);

  it('the citizen opens the link with the security code and confirms with a colour ID copy', async () => {
    expect(booking.link).not.toBe('');
    await citizen.goto(booking.link.replace(/^https?:\/\/[^/]+/, baseUrl()));
    await citizen.getByTestId('security-code-input').fill(booking.securityCode);
    await citizen.getByTestId('access-submit').click();
    await visible(citizen.getByTestId('appointment-state'));
    expect(await citizen.getByTestId('appointment-reference').textContent()).toContain(booking.reference);
    await rememberCookies(citizenContext);

    const copy = drawIdDocument({ format: 'TD1', mrz: td1Lines(BELGIAN_ID_CARD) });
    await citizen.getByTestId('id-copy-input').setInputFiles({ name: 'id-card.png', mimeType: 'image/png', buffer: copy });
    const accepted = citizen.getByTestId('copy-accepted');
    const refused = citizen.getByTestId('copy-refused');
    await accepted.or(refused).first().waitFor({ state: 'visible', timeout: OCR_TIMEOUT });
    if (!(await accepted.isVisible())) throw new Error(`the ID copy was refused: ${await citizen.getByTestId('copy-problem').allTextContents()}`);
    await visible(citizen.getByTestId('join-button'));
    await waitForMail((m) => m.to.includes(citizenEmail) && m.text.includes(booking.reference) && /confirmed/i.test(m.subject), MAIL_TIMEOUT);
  }, 150_000);

  it('the citizen waits in the waiting room; the agent opens the session and starts it; both receive live video', async () => {
    await citizen.getByTestId('join-button').click();
    await visible(citizen.getByTestId('local-video'));
    await visible(citizen.getByTestId('call-status'));
    await expectAccessible(citizen, 'citizen: video call, waiting room');

    await agent.goto(`${baseUrl()}/interviews`);
    const row = agent.getByTestId('agenda-row').filter({ hasText: booking.reference });
    await visible(row);
    await row.first().click();
    await agent.waitForURL(/\/interviews\/[0-9a-f-]{36}$/);
    booking.appointmentId = agent.url().split('/').pop()!;
    // The ID copy (drawn from memory: the console's CSP must allow it) and its OCR are beside the video.
    await visible(agent.getByTestId('mrz-summary'));
    await until(agent, copyPageShown, 15_000, 'the ID copy page was not shown');

    const started = agent.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/video/appointments/${booking.appointmentId}/start`));
    await agent.getByTestId('start-interview').click();
    expect((await jsonOf<{ state: string }>(await started, 200)).state).toBe('in_progress');

    // The received streams, not a button: a live remote video track with decoded frames, on both sides.
    for (const page of [agent, citizen]) {
      await until(page, remoteVideoLive, MEDIA_TIMEOUT, `no live remote video on the ${page === agent ? 'agent' : 'citizen'}'s page`);
    }
    await expectAccessible(citizen, 'citizen: video call, in progress');
    await expectAccessible(agent, 'video agent: session in progress');
    const frames = await citizen.evaluate(remoteVideoFrames);
    expect(frames.later).toBeGreaterThan(frames.first);
    expect(frames.width).toBeGreaterThan(0);
  }, 150_000);

  it('the agent ticks the checklist and approves; the citizen sees the activation code and the activation mail arrives', async () => {
    expect(booking.appointmentId).not.toBe('');
    await expect(agent.getByTestId('approve').isDisabled()).resolves.toBe(true);
    for (const item of ['faceMatches', 'documentGenuine', 'dataConfirmed', 'livenessChecked']) {
      await agent.getByTestId(`check-${item}`).locator('input').check();
    }
    // The person data comes from the ID copy's MRZ.
    expect((await agent.getByTestId('person-surname').inputValue()).toUpperCase()).toBe(BELGIAN_ID_CARD.surname.replace(/</g, ' ').trim());
    const approved = agent.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/video/appointments/${booking.appointmentId}/approve`));
    await agent.getByTestId('approve').click();
    const answer = await jsonOf<{ activationCode: string }>(await approved, 200);
    rememberSecret('activation code (video)', answer.activationCode);
    expect(answer.activationCode).toMatch(/^[A-Z0-9]{5}(-[A-Z0-9]{5}){3}$/);
    await visible(agent.getByTestId('activation-code'));

    await visible(citizen.getByTestId('activation-code'), 30_000);
    expect((await citizen.getByTestId('activation-code').textContent())?.replace(/\s+/g, '')).toContain(answer.activationCode.replace(/\s+/g, ''));

    const mail = await waitForMail((m) => m.to.includes(citizenEmail) && m.subject === 'My digital keys: activation', MAIL_TIMEOUT);
    expect(mail.text).toMatch(/\/activate\?t=/);
    expect(mail.text).not.toContain(answer.activationCode);
  }, 120_000);
});

// Functions run in the page (Playwright passes them over the DevTools protocol, which the console's
// CSP allows; a string would be eval'd and refused). The test compiles without the DOM library:
// the page's objects are typed loosely here. Each function is self-contained (only its source travels).
/* eslint-disable @typescript-eslint/no-explicit-any */
type PageVideo = { srcObject: any; videoWidth: number; videoHeight: number; readyState: number; getVideoPlaybackQuality(): { totalVideoFrames: number } };
type PageDocument = { querySelector(selector: string): any; querySelectorAll(selector: string): ArrayLike<any> };

/** The agent's ID copy viewer shows a decoded page. */
function copyPageShown(): boolean {
  return Array.from(((globalThis as any).document as PageDocument).querySelectorAll('app-niss-document-pages img')).some((img: { naturalWidth: number }) => img.naturalWidth > 0);
}

/** The remote <video> plays a live received track with decoded frames. */
function remoteVideoLive(): boolean {
  const video = ((globalThis as any).document as PageDocument).querySelector('[data-testid="remote-video"]') as PageVideo | null;
  const track = video?.srcObject?.getVideoTracks()[0] as { readyState: string } | undefined;
  return !!video && track?.readyState === 'live' && video.videoWidth > 0 && video.readyState >= 2;
}

/** Decoded frames of the remote video before and 1.5 s later, and its size. */
async function remoteVideoFrames(): Promise<{ first: number; later: number; width: number; height: number }> {
  const video = ((globalThis as any).document as PageDocument).querySelector('[data-testid="remote-video"]') as PageVideo;
  const first = video.getVideoPlaybackQuality().totalVideoFrames;
  await new Promise((resolve) => setTimeout(resolve, 1500));
  return { first, later: video.getVideoPlaybackQuality().totalVideoFrames, width: video.videoWidth, height: video.videoHeight };
}

/** Polls a page function until it holds. */
async function until(page: Page, check: () => boolean, timeoutMs: number, failure: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(check))) {
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * An extra span for the agent: from the next 5-minute mark (Brussels time) for 45 minutes; near
 * midnight, the first minutes of the next day (the browser tests open the waiting room an hour ahead).
 */
function nextSpan(now: Date): { day: string; startTime: string; endTime: string } {
  const local = (date: Date) => {
    const parts = Object.fromEntries(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Brussels', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
        .formatToParts(date)
        .map((part) => [part.type, part.value]),
    );
    return { day: `${parts.year}-${parts.month}-${parts.day}`, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
  };
  const start = new Date(Math.ceil((now.getTime() + 60_000) / 300_000) * 300_000);
  const { day, minutes } = local(start);
  const hhmm = (total: number) => `${String(Math.floor(total / 60)).padStart(2, '0')}:${String(total % 60).padStart(2, '0')}`;
  if (minutes + 45 <= 23 * 60 + 59) return { day, startTime: hhmm(minutes), endTime: hhmm(minutes + 45) };
  return { day: local(new Date(start.getTime() + 3 * 60 * 60_000)).day, startTime: '00:00', endTime: '00:45' };
}

async function visible(locator: Locator, timeout = 15_000): Promise<void> {
  await locator.first().waitFor({ state: 'visible', timeout });
}
