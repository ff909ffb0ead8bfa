import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SentMail } from '@sesame/database';
import type { SendMailPayload } from '@sesame/jobs';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobHandler } from '../runtime/job-handler.decorator';
import { inJobLock } from '../runtime/job-lock';
import { renderMail } from './mail.renderer';
import { MailTransport } from './mail.transport';

/**
 * Sends mails. Idempotent per job id: a retried job whose mail already left is not sent again, and
 * two runs of one job at once take turns (`inJobLock`), so the second finds the first's row. A crash
 * between SMTP acceptance and the commit can still repeat one mail: at-least-once.
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
    await inJobLock(this.dataSource, `mail.send:${jobId}`, async (manager) => {
      const sent = manager.getRepository(SentMail);
      if (await sent.existsBy({ jobId })) return;
      const mail = renderMail(payload);
      const smtpMessageId = await this.transport.send(payload.to, mail, jobId);
      await sent.insert({ jobId, template: payload.template, language: payload.language, smtpMessageId });
    });
  }
}
