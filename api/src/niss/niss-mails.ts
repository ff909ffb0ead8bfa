import type { AppConfig, Language } from '@sesame/config';
import type { NissTicket } from '@sesame/database';
import { translate } from '@sesame/i18n';
import type { OutboxWriter } from '@sesame/outbox';
import type { EntityManager } from 'typeorm';

const requesterUrl = (config: AppConfig, ticketId: string) => `${config.PUBLIC_BASE_URL.replace(/\/$/, '')}/requester/tickets/${ticketId}`;

/**
 * The mails of the requester side (in the requester's language, to the notification address of the
 * request), queued in the transaction of the decision. They carry the ticket number and a link, never
 * the person's data or the NISS: the answer itself is read in the service.
 */
export async function queueAnswerMail(manager: EntityManager, outbox: OutboxWriter, config: AppConfig, ticket: NissTicket): Promise<void> {
  await outbox.enqueue(manager, 'mail.send', {
    template: 'niss-answer-available',
    to: ticket.data.notificationEmail,
    language: ticket.language as Language,
    params: { ticketNumber: ticket.number, url: requesterUrl(config, ticket.id) },
  });
}

export async function queueActionMail(manager: EntityManager, outbox: OutboxWriter, config: AppConfig, ticket: NissTicket): Promise<void> {
  const language = ticket.language as Language;
  const reason = translate(language, `niss.reupload_reason.${ticket.actionReason ?? 'other'}`);
  await outbox.enqueue(manager, 'mail.send', {
    template: 'niss-action-required',
    to: ticket.data.notificationEmail,
    language,
    params: { ticketNumber: ticket.number, reason: ticket.actionText ? `${reason} — ${ticket.actionText}` : reason, url: requesterUrl(config, ticket.id) },
  });
}
