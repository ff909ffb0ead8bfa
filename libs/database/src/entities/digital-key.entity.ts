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
import { ActivationCode } from './activation-code.entity';
import { Person } from './person.entity';

export const DIGITAL_KEY_KINDS = ['email_code', 'sms_code', 'totp'] as const;
export type DigitalKeyKind = (typeof DIGITAL_KEY_KINDS)[number];
export const DIGITAL_KEY_STATUSES = ['pending', 'active', 'deactivated'] as const;
export type DigitalKeyStatus = (typeof DIGITAL_KEY_STATUSES)[number];

/**
 * A citizen's digital key (username + password + a second factor of `kind`), created from an
 * activation code: `pending → active → deactivated`.
 */
@Entity('digital_key')
@Index('IDX_digital_key_email_status', ['email', 'status'])
@Index('IDX_digital_key_person', ['personId'])
@Index('UQ_digital_key_username', ['username'], { unique: true, where: `"username" IS NOT NULL AND "status" <> 'deactivated'` })
@Check('CHK_digital_key_kind', `"kind" IN ('email_code', 'sms_code', 'totp')`)
@Check('CHK_digital_key_status', `"status" IN ('pending', 'active', 'deactivated')`)
@Check('CHK_digital_key_email_lower', `"email" = lower("email")`)
export class DigitalKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ManyToOne(() => Person, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'person_id', foreignKeyConstraintName: 'FK_digital_key_person' })
  person: Relation<Person>;

  @Column({ name: 'activation_code_id', type: 'uuid' })
  activationCodeId: string;

  @ManyToOne(() => ActivationCode, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'activation_code_id', foreignKeyConstraintName: 'FK_digital_key_activation_code' })
  activationCode: Relation<ActivationCode>;

  @Column({ type: 'varchar', length: 12 })
  kind: DigitalKeyKind;

  @Column({ type: 'varchar', length: 12 })
  status: DigitalKeyStatus;

  /** Lower-case personal e-mail the key is linked to. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  /** Lower-case username, chosen during activation. */
  @Column({ type: 'varchar', length: 64, nullable: true })
  username: string | null;

  /** argon2id hash of (password + pepper). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255, nullable: true })
  passwordHash: string | null;

  /** E.164 phone number for SMS codes. */
  @Column({ type: 'varchar', length: 20, nullable: true })
  phone: string | null;

  /** TOTP secret encrypted with the data encryption key. */
  @Column({ name: 'totp_secret_enc', type: 'varchar', length: 255, nullable: true })
  totpSecretEnc: string | null;

  /** Last accepted TOTP time step: a code is never accepted twice. */
  @Column({ name: 'totp_last_time_step', type: 'bigint', nullable: true })
  totpLastTimeStep: string | null;

  @Column({ name: 'activated_at', type: 'timestamptz', nullable: true })
  activatedAt: Date | null;

  @Column({ name: 'deactivated_at', type: 'timestamptz', nullable: true })
  deactivatedAt: Date | null;

  @Column({ name: 'deactivated_reason', type: 'varchar', length: 40, nullable: true })
  deactivatedReason: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}
