import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One row per `sms.send` job handed to the SMS provider: the worker's idempotency record. The
 * development provider (`dev-outbox`) delivers nothing and keeps the text here instead, for the
 * development mailbox; real providers leave `body` null.
 */
@Entity('sms_message')
@Index('UQ_sms_message_job', ['jobId'], { unique: true })
@Index('IDX_sms_message_sent', ['sentAt'])
export class SmsMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'job_id', type: 'varchar', length: 100 })
  jobId: string;

  /** E.164 phone number. */
  @Column({ name: 'to_phone', type: 'varchar', length: 20 })
  toPhone: string;

  @Column({ type: 'varchar', length: 60 })
  template: string;

  @Column({ type: 'varchar', length: 2 })
  language: string;

  @Column({ type: 'varchar', length: 30 })
  provider: string;

  @Column({ name: 'provider_message_id', type: 'varchar', length: 255, nullable: true })
  providerMessageId: string | null;

  /** The text, kept by the development provider only. */
  @Column({ type: 'text', nullable: true })
  body: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt: Date;
}
