import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  OneToMany,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
  Relation,
} from 'typeorm';
import { Municipality } from './municipality.entity';
import { StaffRole } from './staff-role.entity';

/** A staff account: clerk, video agent, NISS operator, supervisor or admin. */
@Entity('staff')
@Index('UQ_staff_email', ['email'], { unique: true })
@Check('CHK_staff_email_lower', `"email" = lower("email")`)
@Check('CHK_staff_language', `"language" IN ('fr', 'nl', 'de', 'en')`)
export class Staff {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Always stored lower-case. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 120 })
  displayName: string;

  @Column({ type: 'varchar', length: 2 })
  language: string;

  /** argon2id hash of (password + pepper). */
  @Column({ name: 'password_hash', type: 'varchar', length: 255 })
  passwordHash: string;

  @Column({ name: 'municipality_nis_code', type: 'char', length: 5, nullable: true })
  municipalityNisCode: string | null;

  @ManyToOne(() => Municipality, { nullable: true, onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'municipality_nis_code', foreignKeyConstraintName: 'FK_staff_municipality' })
  municipality: Relation<Municipality | null>;

  @OneToMany(() => StaffRole, (role) => role.staff, { cascade: true })
  roles: Relation<StaffRole[]>;

  /** TOTP secret encrypted with the data encryption key (AES-256-GCM); null until enrolled. */
  @Column({ name: 'totp_secret_enc', type: 'varchar', length: 255, nullable: true })
  totpSecretEnc: string | null;

  @Column({ name: 'totp_enrolled_at', type: 'timestamptz', nullable: true })
  totpEnrolledAt: Date | null;

  /** Last accepted TOTP time step: a code is never accepted twice. */
  @Column({ name: 'totp_last_time_step', type: 'bigint', nullable: true })
  totpLastTimeStep: string | null;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ name: 'last_login_at', type: 'timestamptz', nullable: true })
  lastLoginAt: Date | null;

  @Column({ name: 'password_changed_at', type: 'timestamptz', default: () => 'now()' })
  passwordChangedAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}
