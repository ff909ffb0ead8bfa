import { AuditEntry, Document, DocumentPage, OutboxMessage } from '@sesame/database';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff, ensureMunicipality } from '../../../test/integration/support/factories';
import { startWorker } from '../../../test/integration/support/worker-harness';
import { decompressionBombPng, drawIdDocument, DUTCH_PASSPORT, td3Lines } from '../../../worker/src/ocr/testing/id-card-image';
import type { INestApplicationContext } from '@nestjs/common';

const OWN = '21004';
const OTHER = '62063';

/** The desk's MRZ scans on the api side: what is accepted, what is refused, and that refusals change nothing. */
describe('Desk MRZ scans: uploads (integration)', () => {
  let api: ApiHarness;
  let clerk: ConsoleClient;
  let otherClerk: ConsoleClient;
  let photo: Buffer;

  beforeAll(async () => {
    api = await startApi({ BULLMQ_PREFIX: `s${randomBytes(5).toString('hex')}`, UPLOAD_MAX_BYTES: '200000' });
    await ensureMunicipality(api.dataSource, OTHER);
    clerk = new ConsoleClient(api.server, 'en');
    await clerk.signIn(await createStaff(api.app, { roles: ['clerk'], municipalityNisCode: OWN }));
    otherClerk = new ConsoleClient(api.server, 'nl');
    await otherClerk.signIn(await createStaff(api.app, { roles: ['clerk'], municipalityNisCode: OTHER }));
    photo = await sharp({ create: { width: 1200, height: 800, channels: 3, background: { r: 200, g: 220, b: 240 } } }).jpeg().toBuffer();
  });
  afterAll(() => api?.close());

  const counts = async () => ({
    documents: await api.dataSource.getRepository(Document).count(),
    pages: await api.dataSource.getRepository(DocumentPage).count(),
    outbox: await api.dataSource.getRepository(OutboxMessage).countBy({ jobName: 'documents.analyse' }),
    audit: await api.dataSource.getRepository(AuditEntry).countBy({ action: 'document.uploaded' }),
  });

  it('stores a photo sniffed as JPEG (whatever its name says), audits it and hands it to the OCR worker in one transaction', async () => {
    const before = await counts();
    const response = await clerk.upload('/api/desk/mrz-scans', 'image', photo, { filename: 'passport.png', contentType: 'image/png' });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ state: 'analysing', lines: [], valid: null, problems: [] });
    const page = await api.dataSource.getRepository(DocumentPage).findOneByOrFail({ documentId: response.body.id });
    expect(page).toMatchObject({ pageNumber: 1, contentType: 'image/jpeg', width: 1200, height: 800, byteSize: photo.length });
    const document = await api.dataSource.getRepository(Document).findOneByOrFail({ id: response.body.id });
    expect(document).toMatchObject({ purpose: 'desk_mrz_scan', municipalityNisCode: OWN, status: 'received' });
    // Kept for DESK_MRZ_SCAN_RETENTION_HOURS (24 by default).
    expect(Math.abs(document.retainUntil.getTime() - Date.now() - 24 * 3_600_000)).toBeLessThan(60_000);
    expect(await counts()).toEqual({ ...before, documents: before.documents + 1, pages: before.pages + 1, outbox: before.outbox + 1, audit: before.audit + 1 });

    expect((await clerk.get(`/api/desk/mrz-scans/${response.body.id}`)).body).toMatchObject({ id: response.body.id, state: 'analysing' });
    // Another office's clerk cannot see it.
    const foreign = await otherClerk.get(`/api/desk/mrz-scans/${response.body.id}`);
    expect(foreign.status).toBe(404);
    expect(foreign.body.code).toBe('desk.scan_not_found');
  });

  it('refuses bad uploads with a precise 4xx in the clerk’s language and stores nothing', async () => {
    const before = await counts();
    const cases: [string, Promise<{ status: number; body: { code: string; message: string } }>, number, string][] = [
      ['text renamed .jpg', clerk.upload('/api/desk/mrz-scans', 'image', Buffer.from('%PDF-1.7 not an image at all'), { filename: 'scan.jpg', contentType: 'image/jpeg' }), 415, 'document.unsupported_type'],
      ['truncated JPEG', clerk.upload('/api/desk/mrz-scans', 'image', photo.subarray(0, 40), { filename: 'scan.jpg', contentType: 'image/jpeg' }), 422, 'document.unreadable_image'],
      ['decompression bomb', clerk.upload('/api/desk/mrz-scans', 'image', decompressionBombPng(50_000, 50_000, { headerOnly: true }), { filename: 'bomb.png', contentType: 'image/png' }), 422, 'document.image_too_large'],
      ['over UPLOAD_MAX_BYTES', clerk.upload('/api/desk/mrz-scans', 'image', Buffer.concat([photo, Buffer.alloc(250_000)]), { filename: 'big.jpg', contentType: 'image/jpeg' }), 413, 'error.payload_too_large'],
      ['no file', clerk.post('/api/desk/mrz-scans', {}), 400, 'document.missing_file'],
    ];
    for (const [label, pending, status, code] of cases) {
      const response = await pending;
      expect({ label, status: response.status, code: response.body.code }).toEqual({ label, status, code });
      expect(response.body.message).toEqual(expect.any(String));
    }
    const dutch = await otherClerk.upload('/api/desk/mrz-scans', 'image', Buffer.from('GIF89a'), { filename: 'x.gif', contentType: 'image/gif' });
    expect(dutch.status).toBe(415);
    expect(dutch.body.message).toMatch(/geen JPEG- of PNG-afbeelding/);
    expect(await counts()).toEqual(before);
  });
});

/** The whole path on the real parts: upload → outbox → BullMQ `ocr` queue → worker (tesseract.js) → result. */
describe('Desk MRZ scans: OCR by the worker (integration)', () => {
  let api: ApiHarness;
  let worker: INestApplicationContext;
  let clerk: ConsoleClient;

  beforeAll(async () => {
    const env = { BULLMQ_PREFIX: `o${randomBytes(5).toString('hex')}`, OCR_CONCURRENCY: '1' };
    api = await startApi(env);
    worker = await startWorker(env);
    clerk = new ConsoleClient(api.server, 'en');
    await clerk.signIn(await createStaff(api.app, { roles: ['clerk'], municipalityNisCode: OWN }));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  async function scanned(image: Buffer): Promise<{ id: string; state: string; lines: string[]; valid: boolean | null; format: string | null; problems: string[]; failureCode: string | null }> {
    const upload = await clerk.upload('/api/desk/mrz-scans', 'image', image, { filename: 'photo.png', contentType: 'image/png' });
    expect(upload.status).toBe(202);
    const deadline = Date.now() + 90_000;
    for (;;) {
      const scan = await clerk.get(`/api/desk/mrz-scans/${upload.body.id}`);
      if (scan.body.state !== 'analysing') return scan.body;
      if (Date.now() > deadline) throw new Error('the OCR worker did not analyse the scan');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('reads a passport photo’s MRZ exactly, and the lines pass the desk’s document check', async () => {
    const scan = await scanned(drawIdDocument({ format: 'TD3' }));
    expect(scan).toMatchObject({ state: 'read', format: 'TD3', valid: true, lines: td3Lines(DUTCH_PASSPORT), failureCode: null });
    const checked = await clerk.post('/api/desk/document-checks', { mrz: scan.lines.join('\n') });
    expect(checked.status).toBe(200);
    expect(checked.body.evidence.kind).toBe('travel_document');

    const entry = await api.dataSource.getRepository(AuditEntry).findOneByOrFail({ action: 'document.analysed', subjectId: scan.id });
    expect(entry.details).toMatchObject({ mrzFound: true, mrzValid: true, mrzFormat: 'TD3' });
    // The audit trail records the outcome, never what the document says.
    expect(JSON.stringify(entry.details)).not.toMatch(/BRUIJN|NXC4R8P51/);
  }, 120_000);

  it('finds no MRZ on the back of a card, and names the quality problems of a poor photo', async () => {
    expect(await scanned(drawIdDocument({ format: 'TD1', mrz: null }))).toMatchObject({ state: 'not_found', lines: [], problems: [] });
    const grey = await sharp(drawIdDocument({ format: 'TD1', mrz: null })).greyscale().blur(6).resize({ width: 500 }).png().toBuffer();
    const poor = await scanned(grey);
    expect(poor.state).toBe('not_found');
    expect(poor.problems).toEqual(expect.arrayContaining(['greyscale', 'blurred', 'too_small']));
  }, 120_000);

  it('marks a scan whose pixels cannot be decoded as failed, for good', async () => {
    // A sound PNG header (accepted at upload) with far too little pixel data: only decoding finds out.
    const scan = await scanned(decompressionBombPng(1000, 700, { headerOnly: true }));
    expect(scan).toMatchObject({ state: 'failed', failureCode: 'document.unreadable_image' });
  }, 120_000);
});
