import type { Language } from '@sesame/config';

/**
 * Every queue and job of Sésame, declared once and imported by the api (producers, through the
 * outbox) and the worker (one handler per job name, checked at boot).
 */
export const QUEUES = ['mail', 'maintenance'] as const;
export type QueueName = (typeof QUEUES)[number];

/** Templates the mail worker can render (see libs/i18n mail catalogue). */
export type MailTemplate = 'staff-welcome' | 'staff-second-factor-reset';

export interface SendMailPayload {
  template: MailTemplate;
  to: string;
  language: Language;
  /** Values the template interpolates; never secrets other than what the mail must carry. */
  params: Record<string, string>;
}

export interface JobPayloads {
  'mail.send': SendMailPayload;
  'maintenance.purge-expired': Record<string, never>;
}
export type JobName = keyof JobPayloads;

export const JOBS: { readonly [N in JobName]: { readonly queue: QueueName } } = {
  'mail.send': { queue: 'mail' },
  'maintenance.purge-expired': { queue: 'maintenance' },
};

export const JOB_NAMES = Object.keys(JOBS) as JobName[];

export const queueOf = (name: JobName): QueueName => JOBS[name].queue;
