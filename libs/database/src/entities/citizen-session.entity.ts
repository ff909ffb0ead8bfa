import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { ActivationCode } from './activation-code.entity';
import { DigitalKey } from './digital-key.entity';

export const CITIZEN_SESSION_STAGES = ['enrolling', 'password_verified', 'authenticated'] as const;
export type CitizenSessionStage = (typeof CITIZEN_SESSION_STAGES)[number];
export const ENROLMENT_STEPS = ['choose_key', 'credentials', 'confirm'] as const;
export type EnrolmentStep = (typeof ENROLMENT_STEPS)[number];

/**
 * A citizen's server-side session (cookie `sesame_citizen`), apart from staff sessions. `enrolling`
 * is opened by a valid activation code and bound to it and to the pending key; `password_verified`
 * waits for the security code; `authenticated` is a signed-in key. Only the token's SHA-256 is stored.
 */
@Entity('citizen_session')
@Index('IDX_citizen_session_key', ['digitalKeyId'])
@Index('IDX_citizen_session_activation_code', ['activationCodeId'])
@Index('IDX_citizen_session_expires', ['expiresAt'])
@Check('CHK_citizen_session_stage', `"stage" IN ('enrolling', 'password_verified', 'authenticated')`)
@Check('CHK_citizen_session_enrolment', `("stage" = 'enrolling') = ("activation_code_id" IS NOT NULL AND "enrolment_step" IS NOT NULL)`)
@Check('CHK_citizen_session_step', `"enrolment_step" IN ('choose_key', 'credentials', 'confirm')`)
export class CitizenSession {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'digital_key_id', type: 'uuid' })
  digitalKeyId: string;

  @ManyToOne(() => DigitalKey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'digital_key_id', foreignKeyConstraintName: 'FK_citizen_session_key' })
  digitalKey: Relation<DigitalKey>;

  /** The activation code an enrolment was opened with (enrolling sessions only). */
  @Column({ name: 'activation_code_id', type: 'uuid', nullable: true })
  activationCodeId: string | null;

  @ManyToOne(() => ActivationCode, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'activation_code_id', foreignKeyConstraintName: 'FK_citizen_session_activation_code' })
  activationCode: Relation<ActivationCode> | null;

  @Column({ type: 'varchar', length: 20 })
  stage: CitizenSessionStage;

  @Column({ name: 'enrolment_step', type: 'varchar', length: 20, nullable: true })
  enrolmentStep: EnrolmentStep | null;

  /** Registration or login codes sent (or TOTP secrets offered) in this session: resends are capped. */
  @Column({ name: 'codes_issued', type: 'integer', default: 0 })
  codesIssued: number;

  /** Wrong authenticator-app codes against the secret offered during enrolment. */
  @Column({ name: 'totp_failures', type: 'integer', default: 0 })
  totpFailures: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'last_seen_at', type: 'timestamptz' })
  lastSeenAt: Date;

  /** Absolute end of the session, whatever the activity. */
  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'user_agent', type: 'varchar', length: 400, nullable: true })
  userAgent: string | null;
}
