import type { INestApplicationContext } from '@nestjs/common';
import { AuditWriter, SYSTEM_ACTOR } from '@sesame/audit';
import { APP_CONFIG, type AppConfig } from '@sesame/config';
import { AuditEntry, Document, type DocumentPurpose } from '@sesame/database';
import { OutboxWriter } from '@sesame/outbox';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { startWorker } from '../../../test/integration/support/worker-harness';
import { DocumentsService } from '../../../api/src/documents/documents.service';
import { BELGIAN_ID_CARD, drawIdDocument, DUTCH_PASSPORT, td1Lines } from '../ocr/testing/id-card-image';
import { makePdf } from '../ocr/testing/pdf-document';

/**
 * The whole analysis on the real parts: the api's intake (PDF pages drawn, pages stored, job in the
 * outbox) → relay → BullMQ `ocr` queue → the worker's handler (tesseract.js) → `document.analysis`.
 */
describe('Documents: OCR fills the fields of an identity document (integration)', () => {
  let worker: INestApplicationContext;
  let dataSource: DataSource;
  let documents: DocumentsService;

  beforeAll(async () => {
    worker = await startWorker({ BULLMQ_PREFIX: `d${randomBytes(5).toString('hex')}`, OCR_CONCURRENCY: '1' });
    dataSource = worker.get(DataSource);
    // The api's own service, on the worker's connections: uploads go through the real intake and outbox.
    documents = new DocumentsService(worker.get<AppConfig>(APP_CONFIG), dataSource, worker.get(AuditWriter), worker.get(OutboxWriter));
  });
  afterAll(() => worker?.close());

  async function analysed(files: Buffer[], purpose: DocumentPurpose = 'niss_identity'): Promise<Document> {
    const { id } = await documents.create({
      purpose,
      pages: files,
      maxPages: 2,
      allowPdf: purpose !== 'desk_mrz_scan',
      retainUntil: new Date(Date.now() + 3_600_000),
      uploadedBy: null,
      municipalityNisCode: null,
      actor: SYSTEM_ACTOR,
      requestId: null,
    });
    const deadline = Date.now() + 90_000;
    for (;;) {
      const document = await dataSource.getRepository(Document).findOneByOrFail({ id });
      if (document.status !== 'received') return document;
      if (Date.now() > deadline) throw new Error('the OCR worker did not analyse the document');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  it('reads the MRZ of a two-page PDF (recto, verso) and fills every field from it, the national number included', async () => {
    const pdf = await makePdf([{ picture: drawIdDocument({ format: 'TD1', mrz: null }) }, { picture: drawIdDocument({ format: 'TD1' }) }]);
    const document = await analysed([pdf]);
    expect(document).toMatchObject({ status: 'processed', pageCount: 2, failureCode: null });
    const analysis = document.analysis!;
    expect(analysis.pages.map((page) => [page.pageNumber, page.width, page.height])).toEqual([
      [1, 1654, 2339],
      [2, 1654, 2339],
    ]);
    expect(analysis.mrz).toMatchObject({
      found: true,
      format: 'TD1',
      valid: true,
      lines: td1Lines(BELGIAN_ID_CARD),
      checks: { documentNumber: true, birthDate: true, expiryDate: true, composite: true },
    });
    const values = Object.fromEntries(Object.entries(analysis.fields!).map(([name, field]) => [name, field!.value]));
    expect(values).toEqual({
      documentType: 'identity_card',
      documentNumber: BELGIAN_ID_CARD.documentNumber,
      issuingCountry: 'BEL',
      nationality: 'BEL',
      surname: 'PEETERS',
      givenNames: 'LOTTE MARIE',
      sex: 'F',
      birthDate: '1990-04-12',
      validUntil: '2032-01-18',
      nationalNumber: BELGIAN_ID_CARD.optional,
    });
    for (const field of Object.values(analysis.fields!)) {
      expect(field).toMatchObject({ source: 'mrz', confidence: expect.any(Number) });
      expect(field!.confidence).toBeGreaterThan(0);
      expect(field!.confidence).toBeLessThanOrEqual(100);
    }
    // Every check digit held: the fields they cover are confirmed.
    expect([analysis.fields!.documentNumber!.confidence, analysis.fields!.birthDate!.confidence, analysis.fields!.nationalNumber!.confidence]).toEqual([99, 99, 99]);

    const entry = await dataSource.getRepository(AuditEntry).findOneByOrFail({ action: 'document.analysed', subjectId: document.id });
    expect(entry.details).toMatchObject({ mrzFound: true, mrzValid: true, mrzFormat: 'TD1', fields: Object.keys(values).sort() });
    // The audit trail records outcomes, never what the document says.
    expect(JSON.stringify(entry.details)).not.toMatch(/PEETERS|LOTTE|1990|2032|900412|592038/);
  }, 120_000);

  it('fills the fields of a passport photo (TD3), without a national number', async () => {
    const photo = await sharp(drawIdDocument({ format: 'TD3' })).jpeg({ quality: 90 }).toBuffer();
    const document = await analysed([photo]);
    expect(document.analysis!.mrz).toMatchObject({ found: true, format: 'TD3', valid: true, checks: { personalNumber: true } });
    expect(document.analysis!.fields).toMatchObject({
      documentType: { value: 'passport', source: 'mrz' },
      documentNumber: { value: DUTCH_PASSPORT.documentNumber, confidence: 99 },
      surname: { value: 'DE BRUIJN' },
      nationality: { value: 'NLD' },
      birthDate: { value: '1985-03-10' },
    });
    expect(document.analysis!.fields!.nationalNumber).toBeUndefined();
  }, 120_000);

  it('without an MRZ, takes only what carries its own check digits from the printed text', async () => {
    // The recto alone: the printed card number (mod-97 check) is taken; the name and dates are not.
    const document = await analysed([drawIdDocument({ format: 'TD1', mrz: null })]);
    expect(document.analysis!.mrz).toMatchObject({ found: false, checks: null });
    expect(document.analysis!.fields).toEqual({ documentNumber: { value: BELGIAN_ID_CARD.documentNumber, confidence: expect.any(Number), source: 'text' } });

    // The desk reads MRZs only: no text pass, no fields.
    const desk = await analysed([drawIdDocument({ format: 'TD1', mrz: null })], 'desk_mrz_scan');
    expect(desk.analysis).toMatchObject({ mrz: { found: false }, fields: {} });
  }, 120_000);
});
