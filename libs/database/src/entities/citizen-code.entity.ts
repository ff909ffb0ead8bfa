import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { DigitalKey } from './digital-key.entity';

export const CITIZEN_CODE_PURPOSES = ['registration', 'login'] as const;
export type CitizenCodePurpose = (typeof CITIZEN_CODE_PURPOSES)[number];
export const CITIZEN_CODE_CHANNELS = ['email', 'sms'] as const;
export type CitizenCodeChannel = (typeof CITIZEN_CODE_CHANNELS)[number];
export const CITIZEN_CODE_STATUSES = ['live', 'used', 'voided', 'locked'] as const;
export type CitizenCodeStatus = (typeof CITIZEN_CODE_STATUSES)[number];

/**
 * A 6-digit registration or login code sent by e-mail or SMS for a digital key. Only its keyed hash
 * is stored. At most one code per key and purpose is live; asking for a new one voids the old one.
 * `live → used | voided | locked`; expiry is read from `expires_at`.
 */
@Entity('citizen_code')
@Index('IDX_citizen_code_key_purpose', ['digitalKeyId', 'purpose', 'createdAt'])
@Index('UQ_citizen_code_live', ['digitalKeyId', 'purpose'], { unique: true, where: `"status" = 'live'` })
@Check('CHK_citizen_code_purpose', `"purpose" IN ('registration', 'login')`)
@Check('CHK_citizen_code_channel', `"channel" IN ('email', 'sms')`)
@Check('CHK_citizen_code_status', `"status" IN ('live', 'used', 'voided', 'locked')`)
export class CitizenCode {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'digital_key_id', type: 'uuid' })
  digitalKeyId: string;

  @ManyToOne(() => DigitalKey, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'digital_key_id', foreignKeyConstraintName: 'FK_citizen_code_key' })
  digitalKey: Relation<DigitalKey>;

  @Column({ type: 'varchar', length: 12 })
  purpose: CitizenCodePurpose;

  @Column({ type: 'varchar', length: 5 })
  channel: CitizenCodeChannel;

  /** HMAC-SHA-256 (code pepper) of `<digital key id>:<code>`. */
  @Column({ name: 'code_hash', type: 'char', length: 64 })
  codeHash: string;

  @Column({ type: 'varchar', length: 10 })
  status: CitizenCodeStatus;

  @Column({ name: 'failed_attempts', type: 'integer', default: 0 })
  failedAttempts: number;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'ended_at', type: 'timestamptz', nullable: true })
  endedAt: Date | null;
}
