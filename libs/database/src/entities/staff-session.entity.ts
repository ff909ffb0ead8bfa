import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import { Staff } from './staff.entity';

export const SESSION_STAGES = ['password_verified', 'authenticated'] as const;
export type SessionStage = (typeof SESSION_STAGES)[number];

/**
 * A server-side staff session. The cookie carries a random token; only its SHA-256 is stored here,
 * so a database leak does not leak usable sessions.
 */
@Entity('staff_session')
@Index('IDX_staff_session_staff', ['staffId'])
@Index('IDX_staff_session_expires', ['expiresAt'])
@Check('CHK_staff_session_stage', `"stage" IN ('password_verified', 'authenticated')`)
export class StaffSession {
  @PrimaryColumn({ name: 'token_hash', type: 'char', length: 64 })
  tokenHash: string;

  @Column({ name: 'staff_id', type: 'uuid' })
  staffId: string;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'FK_staff_session_staff' })
  staff: Relation<Staff>;

  @Column({ type: 'varchar', length: 32 })
  stage: SessionStage;

  /** TOTP secret offered during enrolment, encrypted; moved to the account once a code proves it. */
  @Column({ name: 'pending_totp_secret_enc', type: 'varchar', length: 255, nullable: true })
  pendingTotpSecretEnc: string | null;

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
