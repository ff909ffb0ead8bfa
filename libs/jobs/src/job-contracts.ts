import type { Language } from '@sesame/config';

/**
 * Every queue and job of Sésame, declared once and imported by the api (producers, through the
 * outbox) and the worker (one handler per job name, checked at boot).
 */
export const QUEUES = ['mail', 'maintenance', 'letters', 'sms', 'ocr', 'video'] as const;
export type QueueName = (typeof QUEUES)[number];

/** Mails of the citizen activation and login flow. */
export type CitizenMailTemplate = 'citizen-registration-code' | 'citizen-login-code' | 'key-deactivated';

/** Mails to NISS requesters: an operator's answer is available, or an action (a new document) is awaited. */
export type NissMailTemplate = 'niss-answer-available' | 'niss-action-required';

/** Mails of the video-interview flow (ADR 0006). */
export type VideoMailTemplate =
  | 'video-booked'
  | 'video-confirmed'
  | 'video-copy-refused'
  | 'video-reminder'
  | 'video-cancelled'
  | 'video-rebooked'
  | 'video-expired'
  | 'video-refused'
  | 'video-no-show'
  /** The activation link after an approved interview (the code was given in the call, not on a letter). */
  | 'video-activation-link';

/** Templates the mail worker can render (see libs/i18n mail catalogue). */
export type MailTemplate = 'staff-welcome' | 'staff-second-factor-reset' | 'activation-link' | CitizenMailTemplate | NissMailTemplate | VideoMailTemplate;

export interface SendMailPayload {
  template: MailTemplate;
  to: string;
  language: Language;
  /** Values the template interpolates; never secrets other than what the mail must carry. */
  params: Record<string, string>;
}

/** Texts the SMS worker can render (see libs/i18n `citizen.sms.*`). */
export type SmsTemplate = 'citizen-registration-code' | 'citizen-login-code';

export interface SendSmsPayload {
  template: SmsTemplate;
  /** E.164 phone number. */
  to: string;
  language: Language;
  params: Record<string, string>;
}

export interface JobPayloads {
  'mail.send': SendMailPayload;
  'maintenance.purge-expired': Record<string, never>;
  /** Give NISS tickets claimed and left idle for NISS_CLAIM_IDLE_MINUTES back to the queue. */
  'maintenance.release-idle-claims': Record<string, never>;
  /** Render the activation letter (PDF) of a live activation code; a no-op once the code has ended. */
  'letters.render': { activationCodeId: string };
  /** Send one SMS through the configured provider (SMS_PROVIDER). */
  'sms.send': SendSmsPayload;
  /** Check the quality of an uploaded document's pages and OCR them (MRZ first); a no-op once analysed or purged. */
  'documents.analyse': { documentId: string };
  /** A video booking's ID copy was analysed: confirm the booking, or record why the copy is refused. */
  'video.copy-checked': { appointmentId: string; documentId: string };
  /** Remind the citizen of a confirmed interview; a no-op unless it is still confirmed for `startsAt`. */
  'video.reminder': { appointmentId: string; startsAt: string; minutesBefore: number };
  /** Expire unconfirmed bookings past their deadline and mark never-started interviews no-show. */
  'maintenance.video-sweep': Record<string, never>;
}
export type JobName = keyof JobPayloads;

export const JOBS: { readonly [N in JobName]: { readonly queue: QueueName } } = {
  'mail.send': { queue: 'mail' },
  'maintenance.purge-expired': { queue: 'maintenance' },
  'maintenance.release-idle-claims': { queue: 'maintenance' },
  'letters.render': { queue: 'letters' },
  'sms.send': { queue: 'sms' },
  'documents.analyse': { queue: 'ocr' },
  'video.copy-checked': { queue: 'video' },
  'video.reminder': { queue: 'video' },
  'maintenance.video-sweep': { queue: 'maintenance' },
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export const queueOf = (name: JobName): QueueName => JOBS[name].queue;
