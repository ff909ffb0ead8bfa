import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditWriter, SYSTEM_ACTOR } from '@sesame/audit';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { Appointment, Document, DocumentAnalysis, DocumentPage, DocumentPurpose } from '@sesame/database';
import { OutboxWriter } from '@sesame/outbox';
import { DataSource } from 'typeorm';
import { fieldsFromMrz, fieldsFromText, type DocumentFields } from '../ocr/document-fields';
import { assessImage } from '../ocr/image-quality';
import { loadPageImage, type PageImage } from '../ocr/image-input';
import { OcrEngine } from '../ocr/ocr-engine';
import type { OcrTextLine } from '../ocr/mrz-lines';
import { OcrError } from '../ocr/ocr.error';
import { readMrz, type MrzReading } from '../ocr/mrz-reader';
import { readPageText } from '../ocr/page-text';
import { JobHandler } from '../runtime/job-handler.decorator';

/**
 * Whether a purpose's documents pre-fill a form, and so are worth a text pass when no MRZ is found
 * (the desk only wants the MRZ lines: no OCR time is spent on anything else for it).
 */
function prefillsForm(purpose: DocumentPurpose): boolean {
  return purpose !== 'desk_mrz_scan';
}

/**
 * Analyses uploaded documents: the quality of each page (size, colour, sharpness), the MRZ, read by
 * OCR, and the fields it gives (printed text checked by its own check digits when there is no MRZ).
 * Each page is decoded once for all of it. Idempotent: a document already analysed, or purged, is
 * left alone. The slow part runs outside any transaction; the result is written with its audit
 * entry in one, only if the document is still waiting for it.
 */
@Injectable()
export class DocumentsHandlers {
  private readonly logger = new Logger(DocumentsHandlers.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly engine: OcrEngine,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  @JobHandler('documents.analyse')
  async analyse({ documentId }: { documentId: string }): Promise<void> {
    const document = await this.dataSource.getRepository(Document).findOneBy({ id: documentId });
    if (!document || document.status !== 'received') return;
    const pages = await this.dataSource.getRepository(DocumentPage).find({ where: { documentId }, order: { pageNumber: 'ASC' } });

    const started = Date.now();
    let analysis: DocumentAnalysis;
    try {
      analysis = await this.analysePages(pages, prefillsForm(document.purpose));
    } catch (error) {
      // A page that is not a decodable image never will be: record the failure. Engine trouble is
      // rethrown so BullMQ tries again.
      if (error instanceof OcrError && !error.retryable) {
        await this.finish(document, null, 'document.unreadable_image');
        return;
      }
      throw error;
    }
    analysis.durationMs = Date.now() - started;
    await this.finish(document, analysis, null);
  }

  private async analysePages(pages: DocumentPage[], textFallback: boolean): Promise<DocumentAnalysis> {
    const maxPixels = this.config.UPLOAD_MAX_PIXELS;
    const analysis: DocumentAnalysis = { pages: [], mrz: null, fields: {}, durationMs: 0 };
    // Kept for the text pass only, which needs every page again once no MRZ was found on any.
    const decoded: PageImage[] = [];
    let reading: MrzReading | null = null;
    for (const page of pages) {
      const input = await loadPageImage(page.content, maxPixels);
      if (textFallback) decoded.push(input);
      const quality = await assessImage(input, { maxPixels });
      analysis.pages.push({
        pageNumber: page.pageNumber,
        width: quality.width,
        height: quality.height,
        isColour: quality.isColour,
        sharpness: Math.round(quality.sharpness * 10) / 10,
        problems: quality.problems,
      });
      // The MRZ is on one page (the photo page): the first page where it is found wins.
      if (!reading?.found) {
        reading = await readMrz(this.engine, input, { maxPixels });
        analysis.mrz = {
          found: reading.found,
          lines: reading.found ? reading.lines : [],
          format: reading.found ? reading.format : null,
          valid: reading.found && reading.parsed?.valid === true,
          confidence: Math.round(reading.confidence),
          checks: reading.found ? reading.checkDigits : null,
        };
      }
    }
    analysis.fields = reading?.found ? fieldsFromMrz(reading) : textFallback ? await this.fieldsFromText(decoded) : {};
    return analysis;
  }

  /** Without an MRZ: the numbers printed on the pages that carry their own check digits. */
  private async fieldsFromText(pages: PageImage[]): Promise<DocumentFields> {
    const lines: OcrTextLine[] = [];
    for (const page of pages) lines.push(...(await readPageText(this.engine, page)));
    return fieldsFromText(lines);
  }

  private async finish(document: Pick<Document, 'id' | 'purpose'>, analysis: DocumentAnalysis | null, failureCode: string | null): Promise<void> {
    const documentId = document.id;
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
              // Which fields were read, never what they say.
              fields: Object.keys(analysis?.fields ?? {}).sort(),
              problems: [...new Set(analysis?.pages.flatMap((page) => page.problems) ?? [])],
              durationMs: analysis?.durationMs ?? 0,
            },
      });
      // A video booking's ID copy: its verdict (confirm, or the reasons) follows in the same transaction.
      if (document.purpose === 'video_id_copy') {
        const appointment = await manager.getRepository(Appointment).findOne({ where: { idDocumentId: documentId }, select: { id: true } });
        if (appointment) await this.outbox.enqueue(manager, 'video.copy-checked', { appointmentId: appointment.id, documentId });
      }
    });
    this.logger.log({ documentId, status: failureCode ? 'failed' : 'processed', durationMs: analysis?.durationMs }, 'document analysed');
  }
}
