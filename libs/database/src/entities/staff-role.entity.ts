import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn, Relation } from 'typeorm';
import type { Role } from './role';
import { RoleDefinition } from './role-definition.entity';
import { Staff } from './staff.entity';

/** One role held by one staff account. */
@Entity('staff_role')
export class StaffRole {
  @PrimaryColumn({ name: 'staff_id', type: 'uuid', primaryKeyConstraintName: 'PK_staff_role' })
  staffId: string;

  @PrimaryColumn({ type: 'varchar', length: 32, primaryKeyConstraintName: 'PK_staff_role' })
  role: Role;

  @ManyToOne(() => Staff, (staff) => staff.roles, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'staff_id', foreignKeyConstraintName: 'FK_staff_role_staff' })
  staff: Relation<Staff>;

  @ManyToOne(() => RoleDefinition, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'role', foreignKeyConstraintName: 'FK_staff_role_role' })
  definition: Relation<RoleDefinition>;

  @Column({ name: 'granted_at', type: 'timestamptz', default: () => 'now()' })
  grantedAt: Date;
}
