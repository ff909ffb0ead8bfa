import { Check, Column, CreateDateColumn, Entity, Exclusion, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation, UpdateDateColumn } from 'typeorm';
import { ActivationCode } from './activation-code.entity';
import { Document } from './document.entity';
import { Person } from './person.entity';
import { Staff } from './staff.entity';

export const APPOINTMENT_STATUSES = ['requested', 'confirmed', 'in_progress', 'approved', 'refused', 'no_show', 'cancelled', 'expired'] as const;
export type AppointmentStatus = (typeof APPOINTMENT_STATUSES)[number];

/** States that hold the agent's time: the exclusion constraint covers exactly these. */
export const LIVE_APPOINTMENT_STATUSES = ['requested', 'confirmed', 'in_progress'] as const satisfies readonly AppointmentStatus[];

/** Where the citizen's ID copy stands: none yet, being checked by the worker, good, or refused with reasons. */
export const APPOINTMENT_COPY_STATUSES = ['missing', 'checking', 'accepted', 'refused'] as const;
export type AppointmentCopyStatus = (typeof APPOINTMENT_COPY_STATUSES)[number];

/** What the agent ticked before approving (all four are required). */
export interface AppointmentChecklist {
  faceMatches: boolean;
  documentGenuine: boolean;
  dataConfirmed: boolean;
  livenessChecked: boolean;
}

/**
 * A video-interview booking (DESIGN.md flow 2). Its status follows `appointmentLifecycle`; every
 * change is a guarded UPDATE in one transaction with its audit entry and its jobs. The exclusion
 * constraint `EXC_appointment_agent_period` (btree_gist, over `tstzrange(starts_at, ends_at)`) keeps two live bookings of one
 * agent from overlapping, whatever the application does. The security code and the link token are
 * stored as keyed hashes only.
 */
@Entity('appointment')
@Index('UQ_appointment_reference', ['reference'], { unique: true })
@Index('UQ_appointment_link_token_hash', ['linkTokenHash'], { unique: true })
@Index('IDX_appointment_agent_starts', ['agentId', 'startsAt'])
@Index('IDX_appointment_starts_live', ['startsAt'], { where: `"status" IN ('requested', 'confirmed', 'in_progress')` })
@Index('IDX_appointment_confirm_by_requested', ['confirmBy'], { where: `"status" = 'requested'` })
@Index('IDX_appointment_id_document', ['idDocumentId'])
@Exclusion(
  'EXC_appointment_agent_period',
  `USING gist ("agent_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("status" IN ('requested', 'confirmed', 'in_progress'))`,
)
@Check('CHK_appointment_status', `"status" IN ('requested', 'confirmed', 'in_progress', 'approved', 'refused', 'no_show', 'cancelled', 'expired')`)
@Check('CHK_appointment_copy_status', `"copy_status" IN ('missing', 'checking', 'accepted', 'refused')`)
@Check('CHK_appointment_period', `"ends_at" > "starts_at"`)
@Check('CHK_appointment_language', `"language" IN ('fr', 'nl', 'de', 'en')`)
@Check('CHK_appointment_approved', `"status" <> 'approved' OR ("person_id" IS NOT NULL AND "activation_code_id" IS NOT NULL AND "checklist" IS NOT NULL)`)
export class Appointment {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Shown to the citizen and the agent: V-YYYY-NNNNNN (sequence `appointment_reference_seq`). */
  @Column({ type: 'varchar', length: 20 })
  reference: string;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'agent_id', foreignKeyConstraintName: 'FK_appointment_agent' })
  agent?: Relation<Staff>;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Column({ type: 'varchar', length: 12 })
  status: AppointmentStatus;

  @Column({ name: 'given_names', type: 'varchar', length: 120 })
  givenNames: string;

  @Column({ type: 'varchar', length: 110 })
  surname: string;

  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'char', length: 2 })
  language: 'fr' | 'nl' | 'de' | 'en';

  /** Keyed hash (CODE_PEPPER, purpose `appointment-security-code`) of the normalised security code. */
  @Column({ name: 'security_code_hash', type: 'char', length: 64 })
  securityCodeHash: string;

  /** Keyed hash (purpose `appointment-link`) of the token in the e-mailed link. */
  @Column({ name: 'link_token_hash', type: 'char', length: 64 })
  linkTokenHash: string;

  @Column({ name: 'code_failed_attempts', type: 'smallint', default: 0 })
  codeFailedAttempts: number;

  @Column({ name: 'code_locked_at', type: 'timestamptz', nullable: true })
  codeLockedAt: Date | null;

  /** A requested appointment not confirmed by then expires (and frees its slot). */
  @Column({ name: 'confirm_by', type: 'timestamptz' })
  confirmBy: Date;

  @Column({ name: 'rebook_count', type: 'smallint', default: 0 })
  rebookCount: number;

  /** The citizen's current ID copy (purpose `video_id_copy`). */
  @Column({ name: 'id_document_id', type: 'uuid', nullable: true })
  idDocumentId: string | null;

  @ManyToOne(() => Document, { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'id_document_id', foreignKeyConstraintName: 'FK_appointment_id_document' })
  idDocument?: Relation<Document> | null;

  @Column({ name: 'copy_status', type: 'varchar', length: 10, default: 'missing' })
  copyStatus: AppointmentCopyStatus;

  /** Message keys of the reasons the last copy was refused (video.copy.*). */
  @Column({ name: 'copy_problems', type: 'jsonb', default: () => `'[]'` })
  copyProblems: string[];

  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  checklist: AppointmentChecklist | null;

  /** Refusal reason (the agent's words), or why the system ended it. */
  @Column({ name: 'outcome_reason', type: 'varchar', length: 500, nullable: true })
  outcomeReason: string | null;

  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId: string | null;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_appointment_person' })
  person?: Relation<Person> | null;

  @Column({ name: 'activation_code_id', type: 'uuid', nullable: true })
  activationCodeId: string | null;

  @ManyToOne(() => ActivationCode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'activation_code_id', foreignKeyConstraintName: 'FK_appointment_activation_code' })
  activationCode?: Relation<ActivationCode> | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** A citizen's session on one appointment, opened with the link token and the security code. */
@Entity('appointment_access')
@Index('IDX_appointment_access_appointment', ['appointmentId'])
@Index('IDX_appointment_access_expires', ['expiresAt'])
export class AppointmentAccess {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** SHA-256 of the cookie token. */
  @Column({ name: 'token_hash', type: 'char', length: 64, unique: true })
  tokenHash: string;

  @Column({ name: 'appointment_id', type: 'uuid' })
  appointmentId: string;

  @ManyToOne(() => Appointment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'appointment_id', foreignKeyConstraintName: 'FK_appointment_access_appointment' })
  appointment?: Relation<Appointment>;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A still the agent took from the video, kept as a document (purpose `video_still`) for the retention period. */
@Entity('appointment_still')
@Index('IDX_appointment_still_appointment', ['appointmentId'])
export class AppointmentStill {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'appointment_id', type: 'uuid' })
  appointmentId: string;

  @ManyToOne(() => Appointment, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'appointment_id', foreignKeyConstraintName: 'FK_appointment_still_appointment' })
  appointment?: Relation<Appointment>;

  @Column({ name: 'document_id', type: 'uuid', unique: true })
  documentId: string;

  @ManyToOne(() => Document, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'FK_appointment_still_document' })
  document?: Relation<Document>;

  @Column({ name: 'taken_by', type: 'uuid' })
  takenBy: string;

  @CreateDateColumn({ name: 'taken_at', type: 'timestamptz' })
  takenAt: Date;
}
