/**
 * DocumentsService with fakes at its edges (database, audit, outbox): what it refuses before any
 * write, and what one accepted upload writes. The real transaction is covered by the desk's and the
 * documents' integration specs.
 */
import type { AuditRecord, AuditWriter } from '@sesame/audit';
import type { AppConfig } from '@sesame/config';
import type { OutboxWriter } from '@sesame/outbox';
import sharp from 'sharp';
import type { DataSource, EntityManager } from 'typeorm';
import { drawIdDocument } from '../../../worker/src/ocr/testing/id-card-image';
import { makePdf } from '../../../worker/src/ocr/testing/pdf-document';
import { DocumentsService, type NewDocument } from './documents.service';

interface Written {
  documents: Record<string, unknown>[];
  pages: Record<string, unknown>[];
  audit: AuditRecord[];
  jobs: { name: string; payload: unknown }[];
  transactions: number;
}

function serviceWithFakes(): { service: DocumentsService; written: Written } {
  const written: Written = { documents: [], pages: [], audit: [], jobs: [], transactions: 0 };
  const manager = {
    getRepository: () => ({
      create: (row: Record<string, unknown>) => row,
      save: async (row: Record<string, unknown>) => {
        const saved = { ...row, id: `doc-${written.documents.length + 1}` };
        written.documents.push(saved);
        return saved;
      },
      insert: async (rows: Record<string, unknown>[]) => {
        written.pages.push(...rows);
      },
    }),
  } as unknown as EntityManager;
  const dataSource = {
    transaction: async <T>(work: (manager: EntityManager) => Promise<T>) => {
      written.transactions++;
      return work(manager);
    },
  } as unknown as DataSource;
  const audit = { append: async (_: EntityManager, record: AuditRecord) => written.audit.push(record) } as unknown as AuditWriter;
  const outbox = { enqueue: async (_: EntityManager, name: string, payload: unknown) => written.jobs.push({ name, payload }) } as unknown as OutboxWriter;
  const config = { UPLOAD_MAX_PIXELS: 40_000_000 } as AppConfig;
  return { service: new DocumentsService(config, dataSource, audit, outbox), written };
}

const base: Omit<NewDocument, 'pages'> = {
  purpose: 'niss_identity',
  maxPages: 2,
  allowPdf: true,
  retainUntil: new Date('2026-04-01T00:00:00Z'),
  uploadedBy: null,
  uploadedByMember: 'member-1',
  municipalityNisCode: null,
  actor: { staffId: null, email: null, role: 'requester', municipalityNisCode: null },
  requestId: 'req-1',
};

describe(DocumentsService.name, () => {
  it('stores the pages of a PDF as PNG images, audits where they came from, and queues the analysis', async () => {
    const { service, written } = serviceWithFakes();
    const photo = await sharp(drawIdDocument({ format: 'TD1', mrz: null })).jpeg().toBuffer();
    const pdf = await makePdf([{ picture: drawIdDocument({ format: 'TD1' }) }]);
    const document = await service.create({ ...base, pages: [photo, pdf] });

    expect(document).toMatchObject({ id: 'doc-1', purpose: 'niss_identity', status: 'received', pageCount: 2, uploadedByMember: 'member-1', analysis: null });
    expect(written.pages.map(({ pageNumber, contentType, width, height }) => ({ pageNumber, contentType, width, height }))).toEqual([
      { pageNumber: 1, contentType: 'image/jpeg', width: 1712, height: 1080 },
      { pageNumber: 2, contentType: 'image/png', width: 1654, height: 2339 },
    ]);
    expect(written.audit).toEqual([
      expect.objectContaining({
        action: 'document.uploaded',
        subject: { type: 'document', id: 'doc-1' },
        details: { purpose: 'niss_identity', pageCount: 2, contentTypes: ['image/jpeg', 'image/png'], sources: ['image/jpeg', 'application/pdf'] },
      }),
    ]);
    expect(written.jobs).toEqual([{ name: 'documents.analyse', payload: { documentId: 'doc-1' } }]);
  });

  it('refuses before writing anything: no file, too many files, too many pages, a PDF where only images go', async () => {
    const { service, written } = serviceWithFakes();
    const pdf = await makePdf([{}, {}]);
    const png = drawIdDocument({ format: 'TD1' });
    const cases: [Partial<NewDocument>, string][] = [
      [{ pages: [] }, 'document.missing_file_pdf'],
      [{ pages: [], allowPdf: false }, 'document.missing_file'],
      [{ pages: [png, png, png] }, 'document.too_many_files'],
      [{ pages: [png, pdf] }, 'document.too_many_pages'],
      [{ pages: [pdf], allowPdf: undefined, purpose: 'desk_mrz_scan', maxPages: 1 }, 'document.unsupported_type'],
    ];
    for (const [change, code] of cases) {
      await expect(service.create({ ...base, pages: [], ...change })).rejects.toMatchObject({ code });
    }
    expect(written.transactions).toBe(0);
  });
});
