import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Idempotency record of the mail worker: one row per outbox job whose mail was handed to SMTP. */
@Entity('sent_mail')
export class SentMail {
  @PrimaryColumn({ name: 'job_id', type: 'varchar', length: 100 })
  jobId: string;

  @Column({ type: 'varchar', length: 60 })
  template: string;

  @Column({ type: 'varchar', length: 2 })
  language: string;

  @Column({ name: 'smtp_message_id', type: 'varchar', length: 255, nullable: true })
  smtpMessageId: string | null;

  @Column({ name: 'sent_at', type: 'timestamptz', default: () => 'now()' })
  sentAt: Date;
}
