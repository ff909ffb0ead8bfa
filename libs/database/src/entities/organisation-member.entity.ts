import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Organisation } from './organisation.entity';
import { Staff } from './staff.entity';

export const ORGANISATION_MEMBER_ROLES = ['requester', 'access_manager'] as const;
export type OrganisationMemberRole = (typeof ORGANISATION_MEMBER_ROLES)[number];

/**
 * A representative of an organisation (ADR 0005): whoever signs in with a digital key linked to
 * `email` acts for the organisation while the membership is not revoked. One live membership per
 * e-mail address.
 */
@Entity('organisation_member')
@Index('IDX_organisation_member_organisation', ['organisationId'])
@Index('UQ_organisation_member_live_email', ['email'], { unique: true, where: `"revoked_at" IS NULL` })
@Check('CHK_organisation_member_role', `"role" IN ('requester', 'access_manager')`)
@Check('CHK_organisation_member_email_lower', `"email" = lower("email")`)
@Check('CHK_organisation_member_language', `"language" IN ('fr', 'nl', 'de', 'en')`)
export class OrganisationMember {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId: string;

  @ManyToOne(() => Organisation, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organisation_id', foreignKeyConstraintName: 'FK_organisation_member_organisation' })
  organisation?: Relation<Organisation>;

  /** Lower-case e-mail of the digital key that signs in as this member. */
  @Column({ type: 'varchar', length: 254 })
  email: string;

  @Column({ name: 'display_name', type: 'varchar', length: 160 })
  displayName: string;

  @Column({ type: 'varchar', length: 16 })
  role: OrganisationMemberRole;

  /** The member's language for the mails about their requests. */
  @Column({ type: 'varchar', length: 2, default: 'fr' })
  language: string;

  /** The staff member (admin) who granted it, or null when an access manager did. */
  @Column({ name: 'granted_by_staff', type: 'uuid', nullable: true })
  grantedByStaff: string | null;

  @ManyToOne(() => Staff, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'granted_by_staff', foreignKeyConstraintName: 'FK_organisation_member_granted_by_staff' })
  grantor?: Relation<Staff>;

  @Column({ name: 'granted_by_member', type: 'uuid', nullable: true })
  grantedByMember: string | null;

  @ManyToOne(() => OrganisationMember, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'granted_by_member', foreignKeyConstraintName: 'FK_organisation_member_granted_by_member' })
  grantingMember?: Relation<OrganisationMember>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}
