import { Check, Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';

/**
 * The identity core shared by the three flows: one row per natural person, keyed by national or BIS
 * number when known (a person identified at a desk by a foreign passport has none yet).
 */
@Entity('person')
@Index('UQ_person_national_number', ['nationalNumber'], { unique: true, where: '"national_number" IS NOT NULL' })
@Check('CHK_person_national_number', `"national_number" ~ '^[0-9]{11}$'`)
@Check('CHK_person_sex', `"sex" IN ('M', 'F')`)
@Check('CHK_person_language', `"language" IN ('fr', 'nl', 'de', 'en')`)
@Index('IDX_person_birth_date', ['birthDate'])
// Trigram (pg_trgm, GIN) indexes of the name keys, for the candidate search; TypeORM cannot declare
// an operator class, so the migration owns them and synchronisation leaves them alone.
@Index('IDX_person_surname_key_trgm', { synchronize: false })
@Index('IDX_person_surname_core_key_trgm', { synchronize: false })
@Index('IDX_person_name_key_trgm', { synchronize: false })
export class Person {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** NISS or BIS number, 11 digits without separators (check digits verified before it is stored). */
  @Column({ name: 'national_number', type: 'char', length: 11, nullable: true })
  nationalNumber: string | null;

  @Column({ type: 'varchar', length: 110 })
  surname: string;

  @Column({ name: 'given_names', type: 'varchar', length: 120 })
  givenNames: string;

  /** Complete birth date when known; `birthDateText` keeps partial dates as printed. */
  @Column({ name: 'birth_date', type: 'date', nullable: true })
  birthDate: string | null;

  @Column({ name: 'birth_date_text', type: 'varchar', length: 20, nullable: true })
  birthDateText: string | null;

  @Column({ type: 'char', length: 1, nullable: true })
  sex: string | null;

  @Column({ type: 'varchar', length: 85, nullable: true })
  nationality: string | null;

  @Column({ name: 'birth_place', type: 'varchar', length: 80, nullable: true })
  birthPlace: string | null;

  @Column({ name: 'noble_condition', type: 'varchar', length: 50, nullable: true })
  nobleCondition: string | null;

  @Column({ name: 'address_street', type: 'varchar', length: 120, nullable: true })
  addressStreet: string | null;

  @Column({ name: 'address_postal_code', type: 'varchar', length: 12, nullable: true })
  addressPostalCode: string | null;

  @Column({ name: 'address_municipality', type: 'varchar', length: 80, nullable: true })
  addressMunicipality: string | null;

  /** ISO 3166-1 alpha-2 country of the residential address. */
  @Column({ name: 'address_country', type: 'char', length: 2, nullable: true })
  addressCountry: string | null;

  /**
   * Search keys of the names (libs/domain `personNameKeys`), written by the application with every
   * write of the names (desk repository, persons service, generator). Null only on rows written
   * without them (test factories); the search then misses those rows by name.
   */
  @Column({ name: 'surname_key', type: 'varchar', length: 110, nullable: true })
  surnameKey: string | null;

  @Column({ name: 'surname_core_key', type: 'varchar', length: 110, nullable: true })
  surnameCoreKey: string | null;

  @Column({ name: 'given_names_key', type: 'varchar', length: 120, nullable: true })
  givenNamesKey: string | null;

  @Column({ name: 'name_key', type: 'varchar', length: 240, nullable: true })
  nameKey: string | null;

  /** A row of the synthetic demo/benchmark register (tools/dev/persons-generator.ts), never a real person. */
  @Column({ type: 'boolean', default: false })
  synthetic: boolean;

  /** Language for letters and e-mails. */
  @Column({ type: 'varchar', length: 2, default: 'fr' })
  language: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn({ type: 'integer' })
  version: number;
}
