import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditActor, AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { Document, DocumentPage, DocumentPurpose } from '@sesame/database';
import { OutboxWriter } from '@sesame/outbox';
import { createHash } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { CheckedImage, checkUploadedImage } from './document-intake';
import { DocumentException } from './documents.exception';

export interface NewDocument {
  purpose: DocumentPurpose;
  /** One buffer per page, as uploaded. */
  pages: Buffer[];
  maxPages: number;
  retainUntil: Date;
  uploadedBy: string | null;
  municipalityNisCode: string | null;
  actor: AuditActor;
  requestId: string | null;
}

/**
 * Uploaded identity documents, shared by the flows: checks each page by its content, stores the
 * pages, and hands the document to the OCR worker — the document, its audit entry and the job in
 * one transaction (outbox), so no upload is ever left unanalysed.
 */
@Injectable()
export class DocumentsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async create(input: NewDocument): Promise<Document> {
    if (input.pages.length === 0) throw new DocumentException('document.missing_file');
    if (input.pages.length > input.maxPages) throw new DocumentException('document.too_many_files', { max: input.maxPages });
    // Checked before the transaction: nothing is written for a bad page.
    const pages: CheckedImage[] = [];
    for (const bytes of input.pages) pages.push(await checkUploadedImage(bytes, this.config.UPLOAD_MAX_PIXELS));
    return this.dataSource.transaction(async (manager) => {
      const document = await manager.getRepository(Document).save(
        manager.getRepository(Document).create({
          purpose: input.purpose,
          status: 'received',
          uploadedBy: input.uploadedBy,
          municipalityNisCode: input.municipalityNisCode,
          pageCount: pages.length,
          analysis: null,
          failureCode: null,
          processedAt: null,
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
        details: { purpose: input.purpose, pageCount: pages.length, contentTypes: pages.map((page) => page.contentType) },
      });
      await this.outbox.enqueue(manager, 'documents.analyse', { documentId: document.id });
      return document;
    });
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<Document | null> {
    return manager.getRepository(Document).findOneBy({ id });
  }
}
