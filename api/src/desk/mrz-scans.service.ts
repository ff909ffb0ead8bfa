import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import type { Document } from '@sesame/database';
import type { RequestMeta } from '../auth/auth.service';
import { auditActorOf, Principal } from '../auth/principal';
import { DocumentsService } from '../documents/documents.service';
import { DeskException } from './desk.exception';

export type MrzScanState = 'analysing' | 'read' | 'not_found' | 'failed';

export interface MrzScanView {
  id: string;
  state: MrzScanState;
  /** The MRZ lines the OCR read, for the clerk to check against the document and correct. */
  lines: string[];
  format: 'TD1' | 'TD2' | 'TD3' | null;
  /** Every check digit right (the lines still go through the usual document check). */
  valid: boolean | null;
  /** Image problems the worker saw (too_small, greyscale, blurred): hints for a better photo. */
  problems: string[];
  failureCode: string | null;
}

/**
 * The desk's "scan the MRZ" path for passports and foreign ID cards: a photo of the document goes
 * to the OCR worker, which reads the MRZ; the clerk checks the lines and submits them as typed ones.
 * A scan belongs to the clerk's municipality and is deleted after DESK_MRZ_SCAN_RETENTION_HOURS.
 */
@Injectable()
export class MrzScansService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly documents: DocumentsService,
  ) {}

  async scan(actor: Principal, image: Buffer | undefined, meta: RequestMeta): Promise<MrzScanView> {
    if (!actor.municipalityNisCode) throw new DeskException('desk.no_municipality');
    const document = await this.documents.create({
      purpose: 'desk_mrz_scan',
      pages: image ? [image] : [],
      maxPages: 1,
      retainUntil: new Date(Date.now() + this.config.DESK_MRZ_SCAN_RETENTION_HOURS * 3_600_000),
      uploadedBy: actor.staffId,
      municipalityNisCode: actor.municipalityNisCode,
      actor: auditActorOf(actor),
      requestId: meta.requestId,
    });
    return toMrzScanView(document);
  }

  async get(actor: Principal, id: string): Promise<MrzScanView> {
    const document = await this.documents.find(id);
    // Another office's scan, or another kind of document, does not exist for this clerk.
    if (!document || document.purpose !== 'desk_mrz_scan' || document.municipalityNisCode !== actor.municipalityNisCode) {
      throw new DeskException('desk.scan_not_found');
    }
    return toMrzScanView(document);
  }
}

export function toMrzScanView(document: Document): MrzScanView {
  const mrz = document.analysis?.mrz ?? null;
  const state: MrzScanState =
    document.status === 'received' ? 'analysing' : document.status === 'failed' ? 'failed' : mrz?.found ? 'read' : 'not_found';
  return {
    id: document.id,
    state,
    lines: mrz?.found ? mrz.lines : [],
    format: mrz?.found ? mrz.format : null,
    valid: mrz?.found ? mrz.valid : null,
    problems: [...new Set(document.analysis?.pages.flatMap((page) => page.problems) ?? [])],
    failureCode: document.failureCode,
  };
}
