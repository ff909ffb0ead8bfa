import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { NissTicket } from './niss-ticket.entity';

/**
 * The history of a ticket as its requester and operators see it: one row per transition, written in
 * the transaction of the change (beside the audit entry, which is the tamper-evident record).
 * Details hold message keys and ids, never the person's data.
 */
@Entity('niss_ticket_event')
@Index('IDX_niss_ticket_event_ticket', ['ticketId', 'id'])
export class NissTicketEvent {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: string;

  @Column({ name: 'ticket_id', type: 'uuid' })
  ticketId: string;

  @ManyToOne(() => NissTicket, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'ticket_id', foreignKeyConstraintName: 'FK_niss_ticket_event_ticket' })
  ticket?: Relation<NissTicket>;

  /** The lifecycle action (submit, queue, claim, identify …). */
  @Column({ type: 'varchar', length: 24 })
  action: string;

  @Column({ name: 'from_status', type: 'varchar', length: 16, nullable: true })
  fromStatus: string | null;

  @Column({ name: 'to_status', type: 'varchar', length: 16 })
  toStatus: string;

  /** requester | staff | system */
  @Column({ name: 'actor_kind', type: 'varchar', length: 10 })
  actorKind: 'requester' | 'staff' | 'system';

  @Column({ name: 'actor_id', type: 'uuid', nullable: true })
  actorId: string | null;

  @Column({ type: 'jsonb', default: () => `'{}'` })
  details: Record<string, unknown>;

  @CreateDateColumn({ name: 'at', type: 'timestamptz' })
  at: Date;
}
