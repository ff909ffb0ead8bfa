import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, UpdateDateColumn } from 'typeorm';
import { Document } from './document.entity';
import { OrganisationMember } from './organisation-member.entity';
import { Organisation } from './organisation.entity';
import { Person } from './person.entity';
import { Staff } from './staff.entity';

export const NISS_TICKET_STATUSES = ['submitted', 'pending', 'in_review', 'action_required', 'identified', 'failed', 'deleted'] as const;
export type NissTicketStatus = (typeof NISS_TICKET_STATUSES)[number];

export const NISS_DOCUMENT_TYPES = ['passport', 'identity_card', 'residence_permit', 'driving_licence', 'other'] as const;
export type NissDocumentType = (typeof NISS_DOCUMENT_TYPES)[number];

export const NISS_REUPLOAD_REASONS = ['quality_insufficient', 'document_expired', 'other'] as const;
export type NissReuploadReason = (typeof NISS_REUPLOAD_REASONS)[number];

export interface NissAddress {
  street: string;
  houseNumber: string | null;
  box: string | null;
  postalCode: string | null;
  municipality: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

/** What the requester entered (wizard steps 1–4), as submitted. */
export interface NissRequestData {
  document: {
    type: NissDocumentType;
    number: string;
    /** ISO 3166-1 alpha-3 as in MRZs (D for Germany is written DEU). */
    issuingCountry: string;
    /** YYYY-MM-DD; null only for documents without an end of validity. */
    validUntil: string | null;
    /** The national number printed on the document (11 digits), when it has one. */
    nationalNumber: string | null;
    /** The MRZ lines, as read by OCR and confirmed by the requester; empty when the document has none. */
    mrz: string[];
  };
  person: {
    surname: string;
    givenNames: string;
    /** YYYY-MM-DD, or YYYY-MM / YYYY when the document only gives part of it. */
    birthDate: string;
    sex: 'M' | 'F' | null;
    /** ISO 3166-1 alpha-3. */
    nationality: string;
    birthPlace: string | null;
    birthCountry: string | null;
  };
  residence: NissAddress | null;
  /** A Belgian contact address, optional. */
  contactAddress: NissAddress | null;
  comment: string | null;
  notificationEmail: string;
}

/** How the answer came about: what the register search found, and who decided. */
export interface NissDecision {
  kind: 'automatic' | 'operator';
  /** Message keys of the reasons, in order (e.g. niss.reason.national_number_match). */
  reasons: string[];
  /** The best candidates at the moment of decision: person id and score 0–100. */
  candidates: { personId: string; score: number; strong: boolean }[];
  /** For a new BIS: who proposed it and who confirmed it (four eyes). */
  bis?: { proposedBy: string; confirmedBy: string };
}

/**
 * A NISS identification request ("ticket"), DESIGN.md flow 3. Its status follows
 * `nissTicketLifecycle`; every change is a guarded UPDATE in one transaction with its event, its
 * audit entry and its mails. A ticket in review always names the operator holding it, and only that
 * operator can decide it (the CHECK and the guarded updates keep two operators off one ticket).
 */
@Entity('niss_ticket')
@Index('UQ_niss_ticket_number', ['number'], { unique: true })
// The operators' queue reads these partial indexes in order (oldest first) and stops at the page size.
@Index('IDX_niss_ticket_open_queue', ['submittedAt', 'id'], { where: `"status" IN ('pending', 'in_review')` })
@Index('IDX_niss_ticket_awaiting_reupload', ['submittedAt', 'id'], { where: `"status" = 'action_required'` })
@Index('IDX_niss_ticket_claimed_by', ['claimedBy', 'submittedAt'], { where: `"status" = 'in_review'` })
@Index('IDX_niss_ticket_organisation', ['organisationId', 'submittedAt'])
@Index('IDX_niss_ticket_requested_by', ['requestedBy', 'submittedAt'])
@Index('IDX_niss_ticket_claimed', ['claimTouchedAt'], { where: `"status" = 'in_review'` })
@Check('CHK_niss_ticket_status', `"status" IN ('submitted', 'pending', 'in_review', 'action_required', 'identified', 'failed', 'deleted')`)
@Check('CHK_niss_ticket_claim', `("status" = 'in_review') = ("claimed_by" IS NOT NULL)`)
@Check('CHK_niss_ticket_identified', `("status" = 'identified') = ("person_id" IS NOT NULL AND "niss" IS NOT NULL)`)
@Check('CHK_niss_ticket_action', `("status" = 'action_required') = ("action_reason" IS NOT NULL)`)
@Check('CHK_niss_ticket_action_reason', `"action_reason" IN ('quality_insufficient', 'document_expired', 'other')`)
@Check('CHK_niss_ticket_language', `"language" IN ('fr', 'nl', 'de', 'en')`)
export class NissTicket {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** What the requester quotes: NISS-2026-0001234. */
  @Column({ type: 'varchar', length: 20 })
  number: string;

  @Column({ type: 'varchar', length: 16 })
  status: NissTicketStatus;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_niss_ticket_organisation' })
  organisation?: Relation<Organisation>;

  @Column({ name: 'requested_by', type: 'uuid' })
  requestedBy: string;

  @ManyToOne(() => OrganisationMember, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'requested_by', foreignKeyConstraintName: 'FK_niss_ticket_requested_by' })
  requester?: Relation<OrganisationMember>;

  /** The identity document of the request; null once purged. */
  @Column({ name: 'document_id', type: 'uuid', nullable: true })
  documentId: string | null;

  @ManyToOne(() => Document, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'FK_niss_ticket_document' })
  document?: Relation<Document>;

  @Column({ type: 'jsonb' })
  data: NissRequestData;

  /** What OCR proposed when the request was sent (field → value): the operator sees what was changed. */
  @Column({ type: 'jsonb', default: () => `'{}'` })
  prefill: Record<string, string>;

  /** Filters of the queue, copied from `data`. */
  @Column({ name: 'document_type', type: 'varchar', length: 20 })
  documentType: NissDocumentType;

  @Column({ type: 'char', length: 3 })
  nationality: string;

  /** The requester's language: mails and answers. */
  @Column({ type: 'varchar', length: 2 })
  language: string;

  @Column({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  /** The person identified (existing or new BIS) and their number at that moment. */
  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId: string | null;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_niss_ticket_person' })
  person?: Relation<Person>;

  @Column({ type: 'char', length: 11, nullable: true })
  niss: string | null;

  @Column({ type: 'jsonb', nullable: true })
  decision: NissDecision | null;

  @Column({ name: 'auto_identified', type: 'boolean', default: false })
  autoIdentified: boolean;

  /** Why the identification failed (free text of the operator, shown to the requester). */
  @Column({ name: 'failure_reason', type: 'varchar', length: 500, nullable: true })
  failureReason: string | null;

  @Column({ name: 'action_reason', type: 'varchar', length: 24, nullable: true })
  actionReason: NissReuploadReason | null;

  @Column({ name: 'action_text', type: 'varchar', length: 500, nullable: true })
  actionText: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'decided_by', type: 'uuid', nullable: true })
  decidedBy: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'decided_by', foreignKeyConstraintName: 'FK_niss_ticket_decided_by' })
  decider?: Relation<Staff>;

  /** The operator working the ticket (status in_review), since when, and their last sign of life. */
  @Column({ name: 'claimed_by', type: 'uuid', nullable: true })
  claimedBy: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'claimed_by', foreignKeyConstraintName: 'FK_niss_ticket_claimed_by' })
  claimant?: Relation<Staff>;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt: Date | null;

  @Column({ name: 'claim_touched_at', type: 'timestamptz', nullable: true })
  claimTouchedAt: Date | null;

  /** A new BIS proposed by an operator, waiting for a supervisor's confirmation (four eyes). */
  @Column({ name: 'bis_proposed_by', type: 'uuid', nullable: true })
  bisProposedBy: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'bis_proposed_by', foreignKeyConstraintName: 'FK_niss_ticket_bis_proposed_by' })
  bisProposer?: Relation<Staff>;

  /** When the requester's side last opened the answer or the awaited action (notifications). */
  @Column({ name: 'answer_seen_at', type: 'timestamptz', nullable: true })
  answerSeenAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}
