import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { CommonException } from '../common/common.exception';

export interface CaughtMailDto {
  id: string;
  to: string[];
  subject: string;
  date: string;
  language: string | null;
  text: string;
  html: string | null;
}

/**
 * Development and test only: reads the local SMTP catcher, so people and browser tests can follow
 * links from mails. Answers 404 when no catcher is configured (always so in production).
 */
@Injectable()
export class DevMailboxService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  async list(): Promise<CaughtMailDto[]> {
    const response = await fetch(new URL('/messages', this.catcherUrl()));
    if (!response.ok) throw new CommonException('error.service_unavailable');
    const messages = (await response.json()) as CaughtMailDto[];
    return messages.map(({ id, to, subject, date, language, text, html }) => ({ id, to, subject, date, language, text, html }));
  }

  async clear(): Promise<void> {
    const response = await fetch(new URL('/messages', this.catcherUrl()), { method: 'DELETE' });
    if (!response.ok) throw new CommonException('error.service_unavailable');
  }

  private catcherUrl(): string {
    if (!this.config.MAIL_CATCHER_URL) throw new CommonException('error.not_found');
    return this.config.MAIL_CATCHER_URL;
  }
}
