import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SentMail } from '@sesame/database';
import type { SendMailPayload } from '@sesame/jobs';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobHandler } from '../runtime/job-handler.decorator';
import { renderMail } from './mail.renderer';
import { MailTransport } from './mail.transport';

/**
 * Sends mails. Idempotent per job id: a retried job whose mail already left is not sent again, and
 * two runs of one job at once (the relay re-added a job Redis lost while a worker was still running
 * it) are serialised by a transaction-scoped advisory lock on the job id, so the second finds the
 * first's row. A crash between SMTP acceptance and the commit can still repeat one mail: at-least-once.
 */
@Injectable()
export class MailHandlers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transport: MailTransport,
  ) {}

  @JobHandler('mail.send')
  async send(payload: SendMailPayload, job: Job): Promise<void> {
    const jobId = String(job.id);
    await this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`mail.send:${jobId}`]);
      const sent = manager.getRepository(SentMail);
      if (await sent.existsBy({ jobId })) return;
      const mail = renderMail(payload);
      const smtpMessageId = await this.transport.send(payload.to, mail, jobId);
      await sent.insert({ jobId, template: payload.template, language: payload.language, smtpMessageId });
    });
  }
}
