import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A job caused by a state change, written in the same transaction as the change. The outbox relay
 * hands it to BullMQ with `outbox-<job_id>` as the job id, so a relay crash never loses or duplicates it;
 * the worker stamps `handled_at` when the job is done, so a job Redis lost is found and added again.
 */
@Entity('outbox_message')
@Index('IDX_outbox_message_pending', ['availableAt'], { where: '"dispatched_at" IS NULL' })
@Index('IDX_outbox_message_unhandled', ['id'], { where: '"dispatched_at" IS NOT NULL AND "handled_at" IS NULL' })
export class OutboxMessage {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id: string;

  /** Globally unique job id: BullMQ deduplicates on it, even across database restores. */
  @Column({ name: 'job_id', type: 'uuid' })
  @Index('UQ_outbox_message_job_id', { unique: true })
  jobId: string;

  @Column({ type: 'varchar', length: 60 })
  queue: string;

  @Column({ name: 'job_name', type: 'varchar', length: 80 })
  jobName: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  /** The job must not run before this time (BullMQ delay computed at dispatch). */
  @Column({ name: 'available_at', type: 'timestamptz', default: () => 'now()' })
  availableAt: Date;

  @Column({ name: 'dispatched_at', type: 'timestamptz', nullable: true })
  dispatchedAt: Date | null;

  /**
   * When the worker finished the job (its handler returned). Dispatched rows never handled are
   * checked against BullMQ by the relay and re-added when Redis lost them (ADR 0007).
   */
  @Column({ name: 'handled_at', type: 'timestamptz', nullable: true })
  handledAt: Date | null;

  @Column({ name: 'dispatch_attempts', type: 'integer', default: 0 })
  dispatchAttempts: number;

  @Column({ name: 'last_error', type: 'varchar', length: 500, nullable: true })
  lastError: string | null;
}
