import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditActor, AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { Document, DocumentPage, DocumentPurpose } from '@sesame/database';
import { OutboxWriter } from '@sesame/outbox';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { checkUploadedFiles, type IntakePage } from './document-intake';
import { DocumentException } from './documents.exception';

export interface NewDocument {
  purpose: DocumentPurpose;
  /** The uploaded files, in page order: each an image (one page) or, with `allowPdf`, a PDF (its pages). */
  pages: Buffer[];
  /** Pages all files together may have (files are at most as many). */
  maxPages: number;
  /** PDFs are accepted and expanded into page images at intake; default false (images only: the desk's MRZ photo). */
  allowPdf?: boolean;
  retainUntil: Date;
  uploadedBy: string | null;
  /** The NISS requester (organisation member) who uploaded it. */
  uploadedByMember?: string | null;
  municipalityNisCode: string | null;
  actor: AuditActor;
  requestId: string | null;
  /**
   * Hand the document to the OCR worker (default). Without it the document is stored as
   * `processed` with no analysis: pictures nobody needs read (the video agent's stills).
   */
  analyse?: boolean;
}

/** Work of the caller done in the document's own transaction (e.g. pointing a booking at its new ID copy): both commit or neither. */
export type WithinDocumentTransaction = (manager: EntityManager, document: Document) => Promise<void>;

/**
 * Uploaded identity documents, shared by the flows: checks each file by its content (PDFs drawn
 * into page images first, where the purpose accepts them), stores the pages, and hands the document
 * to the OCR worker — the document, its audit entry and the job in one transaction (outbox), so no
 * upload is ever left unanalysed.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(input: NewDocument, within?: WithinDocumentTransaction): Promise<Document> {
    const analyse = input.analyse ?? true;
    const allowPdf = input.allowPdf ?? false;
    if (input.pages.length === 0) throw new DocumentException(allowPdf ? 'document.missing_file_pdf' : 'document.missing_file');
    if (input.pages.length > input.maxPages) throw new DocumentException('document.too_many_files', { max: input.maxPages });
    // Checked (and PDFs drawn) before the transaction: nothing is written for a bad file.
    const pages: IntakePage[] = await checkUploadedFiles(input.pages, {
      maxPixels: this.config.UPLOAD_MAX_PIXELS,
      allowPdf,
      maxPages: input.maxPages,
    });
    return this.dataSource.transaction(async (manager) => {
      const document = await manager.getRepository(Document).save(
        manager.getRepository(Document).create({
          purpose: input.purpose,
          status: analyse ? 'received' : 'processed',
          uploadedBy: input.uploadedBy,
          uploadedByMember: input.uploadedByMember ?? null,
          municipalityNisCode: input.municipalityNisCode,
          pageCount: pages.length,
          analysis: null,
          failureCode: null,
          processedAt: analyse ? null : new Date(),
          retainUntil: input.retainUntil,
        }),
      );
      await manager.getRepository(DocumentPage).insert(
        pages.map((page, index) => ({
          documentId: document.id,
          pageNumber: index + 1,
          contentType: page.contentType,
          byteSize: page.bytes.length,
          sha256: createHash('sha256').update(page.bytes).digest('hex'),
          width: page.width,
          height: page.height,
          content: page.bytes,
        })),
      );
      await this.audit.append(manager, {
        actor: input.actor,
        action: 'document.uploaded',
        subject: { type: 'document', id: document.id },
        requestId: input.requestId,
        details: {
          purpose: input.purpose,
          pageCount: pages.length,
          contentTypes: pages.map((page) => page.contentType),
          // What each page came from: the image itself, or a page of an uploaded PDF.
          sources: pages.map((page) => page.source),
        },
      });
      if (analyse) await this.outbox.enqueue(manager, 'documents.analyse', { documentId: document.id });
      if (within) await within(manager, document);
      return document;
    });
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<Document | null> {
    return manager.getRepository(Document).findOneBy({ id });
  }
}
