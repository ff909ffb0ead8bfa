import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The reference list of roles (seeded by the migration that creates it). */
@Entity('role')
export class RoleDefinition {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  code: string;

  /** Whether a holder of this role must belong to exactly one municipality. */
  @Column({ name: 'municipality_scoped', type: 'boolean' })
  municipalityScoped: boolean;
}
