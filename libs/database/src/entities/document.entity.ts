import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, OneToMany, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Municipality } from './municipality.entity';
import { OrganisationMember } from './organisation-member.entity';
import { Staff } from './staff.entity';
import type { DocumentPage } from './document-page.entity';

/** Why a document was uploaded; each purpose has its own retention and its own checks. */
export const DOCUMENT_PURPOSES = ['desk_mrz_scan', 'niss_identity', 'video_id_copy', 'video_still'] as const;
export type DocumentPurpose = (typeof DOCUMENT_PURPOSES)[number];

export const DOCUMENT_STATUSES = ['received', 'processed', 'failed'] as const;
export type DocumentStatus = (typeof DOCUMENT_STATUSES)[number];

/** What the OCR worker found on a document: per-page quality, the MRZ when there is one, and the fields read. */
export interface DocumentAnalysis {
  pages: { pageNumber: number; width: number; height: number; isColour: boolean; sharpness: number; problems: string[] }[];
  mrz: {
    found: boolean;
    /** The MRZ lines as read (a person's data: kept only as long as the document). */
    lines: string[];
    format: 'TD1' | 'TD2' | 'TD3' | null;
    /** True when every check digit of the MRZ is right. */
    valid: boolean;
    confidence: number;
    /**
     * Whether each check digit holds (ICAO 9303), for the operator's review; null when no MRZ was
     * found. `personalNumber` on passports (TD3) only. Absent from analyses made before it existed.
     */
    checks?: { documentNumber: boolean; birthDate: boolean; expiryDate: boolean; composite: boolean; personalNumber?: boolean } | null;
  } | null;
  /**
   * Fields read from the document to pre-fill a form, each with its confidence (0–100) and where it
   * was read (the MRZ, or printed text checked by its own check digits). A field not read reliably
   * is absent, never guessed. Values: `documentType` one of NISS_DOCUMENT_TYPES; `issuingCountry`
   * and `nationality` ISO 3166-1 alpha-3; `validUntil` and `birthDate` YYYY-MM-DD; `sex` M or F;
   * `nationalNumber` 11 digits. Absent from analyses made before it existed.
   */
  fields?: {
    [name in
      | 'documentType'
      | 'documentNumber'
      | 'issuingCountry'
      | 'validUntil'
      | 'surname'
      | 'givenNames'
      | 'birthDate'
      | 'sex'
      | 'nationality'
      | 'nationalNumber']?: { value: string; confidence: number; source: 'mrz' | 'text' };
  };
  durationMs: number;
}

/**
 * An uploaded identity document (one or more pages), shared by the flows: desk MRZ scans, video
 * ID copies, NISS requests. Its content type was sniffed from the bytes; the OCR worker fills
 * `analysis`. Deleted (pages included) once `retainUntil` passes.
 */
@Entity('document')
@Index('IDX_document_retain_until', ['retainUntil'])
@Check('CHK_document_purpose', `"purpose" IN ('desk_mrz_scan', 'niss_identity', 'video_id_copy', 'video_still')`)
@Check('CHK_document_status', `"status" IN ('received', 'processed', 'failed')`)
export class Document {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 20 })
  purpose: DocumentPurpose;

  @Column({ type: 'varchar', length: 10, default: 'received' })
  status: DocumentStatus;

  /** The staff member who uploaded it (desk scans); null for citizens' and requesters' uploads. */
  @Column({ name: 'uploaded_by', type: 'uuid', nullable: true })
  uploadedBy: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by', foreignKeyConstraintName: 'FK_document_uploaded_by' })
  uploader?: Relation<Staff>;

  /** The organisation member (NISS requester) who uploaded it; null for staff and citizens' uploads. */
  @Column({ name: 'uploaded_by_member', type: 'uuid', nullable: true })
  uploadedByMember: string | null;

  @ManyToOne(() => OrganisationMember, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'uploaded_by_member', foreignKeyConstraintName: 'FK_document_uploaded_by_member' })
  memberUploader?: Relation<OrganisationMember>;

  @Column({ name: 'municipality_nis_code', type: 'char', length: 5, nullable: true })
  municipalityNisCode: string | null;

  @ManyToOne(() => Municipality, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_nis_code', foreignKeyConstraintName: 'FK_document_municipality' })
  municipality?: Relation<Municipality>;

  @Column({ name: 'page_count', type: 'smallint' })
  pageCount: number;

  @Column({ type: 'jsonb', nullable: true })
  analysis: DocumentAnalysis | null;

  /** Message key of why the analysis failed (unreadable image …); null otherwise. */
  @Column({ name: 'failure_code', type: 'varchar', length: 60, nullable: true })
  failureCode: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'processed_at', type: 'timestamptz', nullable: true })
  processedAt: Date | null;

  @Column({ name: 'retain_until', type: 'timestamptz' })
  retainUntil: Date;

  @OneToMany('DocumentPage', (page: DocumentPage) => page.document)
  pages?: Relation<DocumentPage>[];
}
