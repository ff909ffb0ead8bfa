import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { SmsMessage } from '@sesame/database';
import { DataSource, IsNull, Not } from 'typeorm';
import { CommonException } from '../common/common.exception';

export interface CaughtMailDto {
  id: string;
  to: string[];
  subject: string;
  date: string;
  language: string | null;
  text: string;
  html: string | null;
  /** `sms` for texts kept by the development SMS provider (SMS_PROVIDER=dev-outbox). */
  channel?: 'mail' | 'sms';
}

/** SMS kept by the development provider, listed at most this many (newest first). */
const SMS_LIMIT = 200;

/**
 * Development and test only: reads the local SMTP catcher, and the SMS the development provider
 * kept instead of sending, so people and browser tests can follow links and read codes. Answers 404
 * when no catcher is configured (always so in production).
 */
@Injectable()
export class DevMailboxService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(): Promise<CaughtMailDto[]> {
    const response = await fetch(new URL('/messages', this.catcherUrl()));
    if (!response.ok) throw new CommonException('error.service_unavailable');
    const messages = (await response.json()) as CaughtMailDto[];
    const mails = messages.map(({ id, to, subject, date, language, text, html }) => ({ id, to, subject, date, language, text, html, channel: 'mail' as const }));
    const sms = await this.dataSource.getRepository(SmsMessage).find({ where: { body: Not(IsNull()) }, order: { sentAt: 'DESC' }, take: SMS_LIMIT });
    const texts = sms.map((message) => ({
      id: `sms-${message.id}`,
      to: [message.toPhone],
      subject: `SMS ${message.toPhone}`,
      date: message.sentAt.toISOString(),
      language: message.language,
      text: message.body ?? '',
      html: null,
      channel: 'sms' as const,
    }));
    return [...mails, ...texts].sort((a, b) => Date.parse(b.date) - Date.parse(a.date));
  }

  async clear(): Promise<void> {
    const response = await fetch(new URL('/messages', this.catcherUrl()), { method: 'DELETE' });
    if (!response.ok) throw new CommonException('error.service_unavailable');
    // Forget the kept texts only; the rows stay as the SMS worker's idempotency records.
    await this.dataSource.getRepository(SmsMessage).update({ body: Not(IsNull()) }, { body: null });
  }

  private catcherUrl(): string {
    if (!this.config.MAIL_CATCHER_URL) throw new CommonException('error.not_found');
    return this.config.MAIL_CATCHER_URL;
  }
}
