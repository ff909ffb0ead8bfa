import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An organisation whose representatives request NISS identifications (a public body, an employer,
 * a social-security institution …). Its enterprise number (BCE/KBO) carries mod-97 check digits.
 */
@Entity('organisation')
@Index('UQ_organisation_enterprise_number', ['enterpriseNumber'], { unique: true })
@Check('CHK_organisation_enterprise_number', `"enterprise_number" ~ '^[01][0-9]{9}$'`)
@Check('CHK_organisation_language', `"language" IN ('fr', 'nl', 'de', 'en')`)
export class Organisation {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 160 })
  name: string;

  /** Ten digits, no separators (0xxx.xxx.xxx or 1xxx.xxx.xxx). */
  @Column({ name: 'enterprise_number', type: 'char', length: 10 })
  enterpriseNumber: string;

  /** The language of the mails sent to the organisation when no requester's language applies. */
  @Column({ type: 'varchar', length: 2, default: 'fr' })
  language: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
