import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import nodemailer, { Transporter } from 'nodemailer';
import type { RenderedMail } from './mail.renderer';

/** The SMTP connection (nodemailer, pooled). Any relay in production; the local catcher in development. */
@Injectable()
export class MailTransport implements OnApplicationShutdown {
  private readonly transporter: Transporter;
  /** The domain of MAIL_FROM, the right-hand side of every Message-ID. */
  private readonly messageIdDomain: string;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.transporter = nodemailer.createTransport(config.SMTP_URL, { pool: true, maxConnections: 3 } as never);
    this.messageIdDomain = /@([^>\s]+)>?\s*$/.exec(config.MAIL_FROM)?.[1] ?? 'sesame.invalid';
  }

  /**
   * Hands one mail to SMTP. Its Message-ID is made from the job id, so the rare resend after a crash
   * between SMTP's acceptance and our bookkeeping carries the same Message-ID as the first: a receiving
   * system can recognise it as the same message.
   */
  async send(to: string, mail: RenderedMail, idempotencyKey: string): Promise<string> {
    const info = await this.transporter.sendMail({
      messageId: `<${idempotencyKey}@${this.messageIdDomain}>`,
      from: this.config.MAIL_FROM,
      to,
      subject: mail.subject,
      text: mail.text,
      html: mail.html,
      headers: { 'Content-Language': mail.language, 'X-Sesame-Job': idempotencyKey },
    });
    return String(info.messageId ?? '');
  }

  onApplicationShutdown(): void {
    this.transporter.close();
  }
}
