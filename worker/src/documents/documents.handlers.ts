import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditWriter, SYSTEM_ACTOR } from '@sesame/audit';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { Document, DocumentAnalysis, DocumentPage } from '@sesame/database';
import { DataSource } from 'typeorm';
import { assessImage } from '../ocr/image-quality';
import { OcrEngine } from '../ocr/ocr-engine';
import { OcrError } from '../ocr/ocr.error';
import { readMrz } from '../ocr/mrz-reader';
import { JobHandler } from '../runtime/job-handler.decorator';

/**
 * Analyses uploaded documents: the quality of each page (size, colour, sharpness) and the MRZ, read
 * by OCR. Idempotent: a document already analysed, or purged, is left alone. The slow part runs
 * outside any transaction; the result is written with its audit entry in one, only if the document
 * is still waiting for it.
 */
@Injectable()
export class DocumentsHandlers {
  private readonly logger = new Logger(DocumentsHandlers.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: OcrEngine,
    private readonly audit: AuditWriter,
  ) {}

  @JobHandler('documents.analyse')
  async analyse({ documentId }: { documentId: string }): Promise<void> {
    const document = await this.dataSource.getRepository(Document).findOneBy({ id: documentId });
    if (!document || document.status !== 'received') return;
    const pages = await this.dataSource.getRepository(DocumentPage).find({ where: { documentId }, order: { pageNumber: 'ASC' } });

    const started = Date.now();
    let analysis: DocumentAnalysis;
    try {
      analysis = await this.analysePages(pages);
    } catch (error) {
      // A page that is not a decodable image never will be: record the failure. Engine trouble is
      // rethrown so BullMQ tries again.
      if (error instanceof OcrError && !error.retryable) {
        await this.finish(documentId, null, 'document.unreadable_image');
        return;
      }
      throw error;
    }
    analysis.durationMs = Date.now() - started;
    await this.finish(documentId, analysis, null);
  }

  private async analysePages(pages: DocumentPage[]): Promise<DocumentAnalysis> {
    const analysis: DocumentAnalysis = { pages: [], mrz: null, durationMs: 0 };
    for (const page of pages) {
      const quality = await assessImage(page.content, { maxPixels: this.config.UPLOAD_MAX_PIXELS });
      analysis.pages.push({
        pageNumber: page.pageNumber,
        width: quality.width,
        height: quality.height,
        isColour: quality.isColour,
        sharpness: Math.round(quality.sharpness * 10) / 10,
        problems: quality.problems,
      });
      // The MRZ is on one page (the photo page): the first page where it is found wins.
      if (!analysis.mrz?.found) {
        const mrz = await readMrz(this.engine, page.content, { maxPixels: this.config.UPLOAD_MAX_PIXELS });
        analysis.mrz = {
          found: mrz.found,
          lines: mrz.found ? mrz.lines : [],
          format: mrz.found ? mrz.format : null,
          valid: mrz.found && mrz.parsed?.valid === true,
          confidence: Math.round(mrz.confidence),
        };
      }
    }
    return analysis;
  }

  private async finish(documentId: string, analysis: DocumentAnalysis | null, failureCode: string | null): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(Document)
        .set({ status: failureCode ? 'failed' : 'processed', analysis, failureCode, processedAt: () => 'now()' })
        .where('id = :documentId AND status = :received', { documentId, received: 'received' })
        .execute();
      // Purged or analysed by another attempt meanwhile: nothing to record.
      if (!result.affected) return;
      await this.audit.append(manager, {
        actor: SYSTEM_ACTOR,
        action: failureCode ? 'document.analysis_failed' : 'document.analysed',
        subject: { type: 'document', id: documentId },
        requestId: null,
        // Outcomes only: never the MRZ lines or any field of the person.
        details: failureCode
          ? { failureCode }
          : {
              mrzFound: analysis?.mrz?.found ?? false,
              mrzValid: analysis?.mrz?.valid ?? false,
              mrzFormat: analysis?.mrz?.format ?? null,
              problems: [...new Set(analysis?.pages.flatMap((page) => page.problems) ?? [])],
              durationMs: analysis?.durationMs ?? 0,
            },
      });
    });
    this.logger.log({ documentId, status: failureCode ? 'failed' : 'processed', durationMs: analysis?.durationMs }, 'document analysed');
  }
}
