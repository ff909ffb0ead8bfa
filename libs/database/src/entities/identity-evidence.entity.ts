import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Municipality } from './municipality.entity';
import { Person } from './person.entity';
import { Staff } from './staff.entity';

export const EVIDENCE_KINDS = ['beid_card', 'travel_document', 'video_interview'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * Proof that a person's identity was checked: a Belgian eID read whose National Register signatures
 * the API verified, or a passport / foreign ID checked by hand at a desk (MRZ check digits verified).
 * Written once, never updated.
 */
@Entity('identity_evidence')
@Index('IDX_identity_evidence_person', ['personId'])
@Check('CHK_identity_evidence_kind', `"kind" IN ('beid_card', 'travel_document', 'video_interview')`)
export class IdentityEvidence {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_identity_evidence_person' })
  person: Relation<Person>;

  @Column({ type: 'varchar', length: 20 })
  kind: EvidenceKind;

  /** Card number (eID) or document number (passport, foreign ID). */
  @Column({ name: 'document_number', type: 'varchar', length: 20 })
  documentNumber: string;

  /** eID document type code (tag 0F) or the MRZ document code (P, ID, …). */
  @Column({ name: 'document_type', type: 'varchar', length: 4 })
  documentType: string;

  /** ISO 3166 alpha-3 issuing state (BEL for eIDs). */
  @Column({ name: 'issuing_state', type: 'char', length: 3 })
  issuingState: string;

  @Column({ name: 'valid_until', type: 'date' })
  validUntil: string;

  /** Signature algorithm of the National Register signatures (eID only). */
  @Column({ type: 'varchar', length: 24, nullable: true })
  algorithm: string | null;

  /** SHA-256 over the raw card files (eID) or the MRZ text (document): what the audit trail cites. */
  @Column({ name: 'evidence_hash', type: 'char', length: 64 })
  evidenceHash: string;

  /** The raw card files as read (base64), kept as evidence; null for documents checked by hand. */
  @Column({ name: 'raw_files', type: 'jsonb', nullable: true })
  rawFiles: Record<string, string> | null;

  @Column({ name: 'municipality_nis_code', type: 'char', length: 5, nullable: true })
  municipalityNisCode: string | null;

  /** Relations below are loaded only when asked for (optional: writers set the id columns). */
  @ManyToOne(() => Municipality, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_nis_code', foreignKeyConstraintName: 'FK_identity_evidence_municipality' })
  municipality?: Relation<Municipality | null>;

  /** The clerk who checked the card or document. */
  @Column({ name: 'checked_by', type: 'uuid' })
  checkedBy: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'checked_by', foreignKeyConstraintName: 'FK_identity_evidence_checked_by' })
  checker?: Relation<Staff>;

  @CreateDateColumn({ name: 'checked_at', type: 'timestamptz' })
  checkedAt: Date;
}
