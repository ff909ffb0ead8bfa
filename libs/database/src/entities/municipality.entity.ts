import { Check, Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A municipality acting as a local registration office (LRA), keyed by its NIS/INS (REFNIS) code. */
@Entity('municipality')
@Check('CHK_municipality_nis_code', `"nis_code" ~ '^[0-9]{5}$'`)
export class Municipality {
  @PrimaryColumn({ name: 'nis_code', type: 'char', length: 5 })
  nisCode: string;

  @Column({ name: 'name_fr', type: 'varchar', length: 100 })
  nameFr: string;

  @Column({ name: 'name_nl', type: 'varchar', length: 100 })
  nameNl: string;

  @Column({ name: 'name_de', type: 'varchar', length: 100 })
  nameDe: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** The municipality's name in a language (fr, nl, de; English readers get the French name). */
export function municipalityNameIn(municipality: Pick<Municipality, 'nameFr' | 'nameNl' | 'nameDe'>, language: string): string {
  return language === 'nl' ? municipality.nameNl : language === 'de' ? municipality.nameDe : municipality.nameFr;
}
