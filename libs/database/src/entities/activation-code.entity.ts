import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Relation,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';
import { IdentityEvidence } from './identity-evidence.entity';
import { Municipality } from './municipality.entity';
import { Person } from './person.entity';
import { Staff } from './staff.entity';

/** Associated data under which an activation code is sealed for its letter: the sealed value fits no other row. */
export const activationLetterSealContext = (activationCodeId: string): string => `activation-letter:${activationCodeId}`;

export const ACTIVATION_CODE_STATUSES = ['issued', 'consumed', 'expired', 'revoked'] as const;
export type ActivationCodeStatus = (typeof ACTIVATION_CODE_STATUSES)[number];

/**
 * A one-time activation code handed to a person (desk letter or video interview). Only a keyed hash
 * is used to check it; `letterCodeSealed` (AES-256-GCM) exists only so the letter can be rendered and
 * reprinted while the code is live, and is wiped in the transaction that ends the code (ADR 0003).
 */
@Entity('activation_code')
@Index('UQ_activation_code_live_per_person', ['personId'], { unique: true, where: `"status" = 'issued'` })
@Index('UQ_activation_code_hash', ['codeHash'], { unique: true })
@Index('UQ_activation_code_link_token', ['linkTokenHash'], { unique: true })
@Index('IDX_activation_code_municipality_day', ['municipalityNisCode', 'createdAt'])
@Index('IDX_activation_code_due', ['expiresAt'], { where: `"status" = 'issued'` })
@Check('CHK_activation_code_status', `"status" IN ('issued', 'consumed', 'expired', 'revoked')`)
@Check('CHK_activation_code_channel', `"channel" IN ('desk', 'video')`)
@Check('CHK_activation_code_language', `"language" IN ('fr', 'nl', 'de', 'en')`)
@Check('CHK_activation_code_sealed_only_live', `"status" = 'issued' OR "letter_code_sealed" IS NULL`)
export class ActivationCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_activation_code_person' })
  person: Relation<Person>;

  @Column({ name: 'evidence_id', type: 'uuid' })
  evidenceId: string;

  @ManyToOne(() => IdentityEvidence, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'evidence_id', foreignKeyConstraintName: 'FK_activation_code_evidence' })
  evidence: Relation<IdentityEvidence>;

  @Column({ type: 'varchar', length: 10 })
  status: ActivationCodeStatus;

  @Column({ type: 'varchar', length: 10 })
  channel: 'desk' | 'video';

  /** HMAC-SHA-256 of the canonical code under the code pepper. */
  @Column({ name: 'code_hash', type: 'char', length: 64 })
  codeHash: string;

  /** HMAC-SHA-256 of the single-use token carried by the activation e-mail's link. */
  @Column({ name: 'link_token_hash', type: 'char', length: 64 })
  linkTokenHash: string;

  @Column({ name: 'letter_code_sealed', type: 'varchar', length: 200, nullable: true })
  letterCodeSealed: string | null;

  /** Personal e-mail the activation link was sent to; the key is linked to it. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ type: 'varchar', length: 2 })
  language: string;

  /** Keys on this e-mail that activating this code deactivates (the clerk confirmed it). */
  @Column({ name: 'replaces_keys_confirmed', type: 'boolean', default: false })
  replacesKeysConfirmed: boolean;

  @Column({ name: 'municipality_nis_code', type: 'char', length: 5, nullable: true })
  municipalityNisCode: string | null;

  /** Relations below are loaded only when asked for (optional: writers set the id columns). */
  @ManyToOne(() => Municipality, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_nis_code', foreignKeyConstraintName: 'FK_activation_code_municipality' })
  municipality?: Relation<Municipality | null>;

  /** The clerk (or video agent) who issued the code. */
  @Column({ name: 'issued_by', type: 'uuid' })
  issuedBy: string;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'issued_by', foreignKeyConstraintName: 'FK_activation_code_issued_by' })
  issuer?: Relation<Staff>;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts: number;

  @Column({ name: 'locked_at', type: 'timestamptz', nullable: true })
  lockedAt: Date | null;

  @Column({ name: 'print_count', type: 'integer', default: 0 })
  printCount: number;

  @Column({ name: 'last_printed_at', type: 'timestamptz', nullable: true })
  lastPrintedAt: Date | null;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 40, nullable: true })
  endReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}
