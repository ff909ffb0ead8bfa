/** One SMS to hand to a provider. */
export interface OutgoingSms {
  /** E.164 phone number. */
  to: string;
  text: string;
  language: string;
}

export interface SmsDelivery {
  /** The provider's id for the message, when it gives one. */
  providerMessageId: string | null;
  /** The text to keep in `sms_message.body`: only the development provider keeps it. */
  retainedBody: string | null;
}

/**
 * What the SMS worker needs from a provider. Production adds a real gateway behind this interface
 * (and a value of SMS_PROVIDER); `send` must throw on failure so BullMQ retries the job.
 */
export interface SmsProvider {
  readonly name: string;
  send(message: OutgoingSms, idempotencyKey: string): Promise<SmsDelivery>;
}

export const SMS_PROVIDER = Symbol('SMS_PROVIDER');
