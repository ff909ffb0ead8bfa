import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Relation } from 'typeorm';
import { Staff } from './staff.entity';

/**
 * One weekly span an agent works interviews: every `weekday` (ISO, 1 = Monday) from `startTime` to
 * `endTime`, local time in Europe/Brussels, cut into slots of `slotMinutes`, between `validFrom` and
 * `validUntil` (inclusive; open-ended when null). Free slots are computed from these, the day's
 * exceptions and the live bookings; they are never stored.
 */
@Entity('video_availability_pattern')
@Index('IDX_video_availability_pattern_agent', ['agentId', 'weekday'])
@Check('CHK_video_availability_pattern_weekday', `"weekday" BETWEEN 1 AND 7`)
@Check('CHK_video_availability_pattern_span', `"end_time" > "start_time"`)
@Check('CHK_video_availability_pattern_slot', `"slot_minutes" BETWEEN 5 AND 240`)
@Check('CHK_video_availability_pattern_validity', `"valid_until" IS NULL OR "valid_until" >= "valid_from"`)
export class VideoAvailabilityPattern {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId: string;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id', foreignKeyConstraintName: 'FK_video_availability_pattern_agent' })
  agent?: Relation<Staff>;

  @Column({ type: 'smallint' })
  weekday: number;

  /** HH:MM:SS, local time. */
  @Column({ name: 'start_time', type: 'time' })
  startTime: string;

  @Column({ name: 'end_time', type: 'time' })
  endTime: string;

  @Column({ name: 'slot_minutes', type: 'smallint' })
  slotMinutes: number;

  /** YYYY-MM-DD. */
  @Column({ name: 'valid_from', type: 'date' })
  validFrom: string;

  @Column({ name: 'valid_until', type: 'date', nullable: true })
  validUntil: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

export const VIDEO_EXCEPTION_KINDS = ['unavailable', 'extra'] as const;
export type VideoExceptionKind = (typeof VIDEO_EXCEPTION_KINDS)[number];

/**
 * One day of one agent that differs from the weekly pattern: `unavailable` (the whole day when no
 * times are given, else that span) or `extra` (an additional span, cut into `slotMinutes` slots).
 */
@Entity('video_availability_exception')
@Index('IDX_video_availability_exception_agent_day', ['agentId', 'day'])
@Check('CHK_video_availability_exception_kind', `"kind" IN ('unavailable', 'extra')`)
@Check(
  'CHK_video_availability_exception_span',
  `("start_time" IS NULL AND "end_time" IS NULL AND "kind" = 'unavailable') OR ("start_time" IS NOT NULL AND "end_time" IS NOT NULL AND "end_time" > "start_time")`,
)
@Check('CHK_video_availability_exception_slot', `("kind" = 'extra') = ("slot_minutes" IS NOT NULL) AND ("slot_minutes" IS NULL OR "slot_minutes" BETWEEN 5 AND 240)`)
export class VideoAvailabilityException {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'agent_id', type: 'uuid' })
  agentId: string;

  @ManyToOne(() => Staff, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'agent_id', foreignKeyConstraintName: 'FK_video_availability_exception_agent' })
  agent?: Relation<Staff>;

  @Column({ type: 'date' })
  day: string;

  @Column({ type: 'varchar', length: 12 })
  kind: VideoExceptionKind;

  @Column({ name: 'start_time', type: 'time', nullable: true })
  startTime: string | null;

  @Column({ name: 'end_time', type: 'time', nullable: true })
  endTime: string | null;

  @Column({ name: 'slot_minutes', type: 'smallint', nullable: true })
  slotMinutes: number | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  note: string | null;

  @Column({ name: 'created_by', type: 'uuid' })
  createdBy: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
