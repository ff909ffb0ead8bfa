import type { SendSmsPayload, SmsTemplate } from '@sesame/jobs';
import { MessageKey, translate } from '@sesame/i18n';

const MESSAGE_KEYS: Record<SmsTemplate, MessageKey> = {
  'citizen-registration-code': 'citizen.sms.registration_code',
  'citizen-login-code': 'citizen.sms.login_code',
};

/** The SMS text in the recipient's language (one segment where possible: no links, no decoration). */
export function renderSms(payload: SendSmsPayload): string {
  return translate(payload.language, MESSAGE_KEYS[payload.template], payload.params);
}
