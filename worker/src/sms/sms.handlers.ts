import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { SmsMessage } from '@sesame/database';
import type { SendSmsPayload } from '@sesame/jobs';
import type { Job } from 'bullmq';
import { DataSource } from 'typeorm';
import { JobHandler } from '../runtime/job-handler.decorator';
import { inJobLock } from '../runtime/job-lock';
import { SMS_PROVIDER, SmsProvider } from './sms.provider';
import { renderSms } from './sms.renderer';

/**
 * Sends SMS through the configured provider. Idempotent per job id: a retried job whose SMS already
 * left is not sent again, and two runs of one job at once take turns (`inJobLock`, as mails do); a
 * crash between the provider's acceptance and the commit can still repeat one SMS: at-least-once.
 * The text is never logged: it carries a code.
 */
@Injectable()
export class SmsHandlers {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(SMS_PROVIDER) private readonly provider: SmsProvider,
  ) {}

  @JobHandler('sms.send')
  async send(payload: SendSmsPayload, job: Job): Promise<void> {
    const jobId = String(job.id);
    await inJobLock(this.dataSource, `sms.send:${jobId}`, async (manager) => {
      const messages = manager.getRepository(SmsMessage);
      if (await messages.existsBy({ jobId })) return;
      const text = renderSms(payload);
      const delivery = await this.provider.send({ to: payload.to, text, language: payload.language }, jobId);
      await messages.insert({
        jobId,
        toPhone: payload.to,
        template: payload.template,
        language: payload.language,
        provider: this.provider.name,
        providerMessageId: delivery.providerMessageId,
        body: delivery.retainedBody,
      });
    });
  }
}
