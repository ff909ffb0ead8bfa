import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per state change or personal-data view. Append-only (a trigger refuses UPDATE and DELETE)
 * and hash-chained: `hash` = SHA-256 over the row's content and the previous row's hash in the same
 * `chain` (one of AUDIT_CHAINS, so that unrelated changes do not queue on one lock: ADR 0008).
 */
@Entity('audit_entry')
@Index('IDX_audit_entry_chain', ['chain', 'id'])
@Index('IDX_audit_entry_occurred_at', ['occurredAt'])
@Index('IDX_audit_entry_action', ['action'])
@Index('IDX_audit_entry_subject', ['subjectType', 'subjectId'])
@Index('IDX_audit_entry_actor', ['actorStaffId'])
export class AuditEntry {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Column({ name: 'actor_staff_id', type: 'uuid', nullable: true })
  actorStaffId: string | null;

  @Column({ name: 'actor_email', type: 'varchar', length: 254, nullable: true })
  actorEmail: string | null;

  @Column({ name: 'actor_role', type: 'varchar', length: 32, nullable: true })
  actorRole: string | null;

  @Column({ name: 'municipality_nis_code', type: 'char', length: 5, nullable: true })
  municipalityNisCode: string | null;

  @Column({ type: 'varchar', length: 80 })
  action: string;

  @Column({ name: 'subject_type', type: 'varchar', length: 40, nullable: true })
  subjectType: string | null;

  @Column({ name: 'subject_id', type: 'varchar', length: 80, nullable: true })
  subjectId: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  purpose: string | null;

  @Column({ name: 'request_id', type: 'varchar', length: 64, nullable: true })
  requestId: string | null;

  @Column({ type: 'jsonb' })
  details: Record<string, unknown>;

  /** Which chain the row continues (rows written before chains existed: chain 0). */
  @Column({ type: 'smallint', default: 0 })
  chain: number;

  @Column({ name: 'prev_hash', type: 'char', length: 64 })
  prevHash: string;

  @Column({ type: 'char', length: 64 })
  hash: string;
}
