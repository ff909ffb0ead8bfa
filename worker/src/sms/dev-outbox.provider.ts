import type { OutgoingSms, SmsDelivery, SmsProvider } from './sms.provider';

/**
 * Development and tests: sends nothing. The text is kept in `sms_message` (by the handler) so the
 * development mailbox shows it, codes included. Never use it where real citizens are.
 */
export class DevOutboxSmsProvider implements SmsProvider {
  readonly name = 'dev-outbox';

  async send(message: OutgoingSms, idempotencyKey: string): Promise<SmsDelivery> {
    return { providerMessageId: `dev-${idempotencyKey}`, retainedBody: message.text };
  }
}
