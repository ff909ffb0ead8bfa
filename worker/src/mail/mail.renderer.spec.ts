import { LANGUAGES } from '@sesame/config';
import { CATALOGUES, type MessageKey } from '@sesame/i18n';
import type { MailTemplate, SmsTemplate } from '@sesame/jobs';
import { renderSms } from '../sms/sms.renderer';
import { renderMail } from './mail.renderer';

/**
 * Every template the jobs can name, in every language: the catalogues' same-keys check (libs/i18n)
 * cannot see a template whose keys are missing from all four files, since the renderer builds the
 * key from the template's name. Written as records so that a template added to @sesame/jobs without
 * a line here fails the type check that `npm test` runs.
 */
const MAIL_TEMPLATES: Record<MailTemplate, true> = {
  'staff-welcome': true,
  'staff-second-factor-reset': true,
  'activation-link': true,
  'citizen-registration-code': true,
  'citizen-login-code': true,
  'key-deactivated': true,
  'niss-answer-available': true,
  'niss-action-required': true,
  'video-booked': true,
  'video-confirmed': true,
  'video-copy-refused': true,
  'video-reminder': true,
  'video-cancelled': true,
  'video-rebooked': true,
  'video-expired': true,
  'video-refused': true,
  'video-no-show': true,
  'video-activation-link': true,
};
const SMS_TEMPLATES: Record<SmsTemplate, MessageKey> = {
  'citizen-registration-code': 'citizen.sms.registration_code',
  'citizen-login-code': 'citizen.sms.login_code',
};

/** The `{name}` placeholders of a catalogue text. */
const placeholders = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);

/** A value for every placeholder the English text names (all languages name the same ones: libs/i18n checks that). */
const paramsFor = (...keys: MessageKey[]): Record<string, string> =>
  Object.fromEntries(keys.flatMap((key) => placeholders(CATALOGUES.en[key] ?? '')).map((name) => [name, `«${name}»`]));

describe('mail and SMS templates in fr, nl, de and en', () => {
  const mails = Object.keys(MAIL_TEMPLATES) as MailTemplate[];

  it.each(mails)('mail %s: subject and body in every language, every placeholder filled, translated', (template) => {
    const subjectKey = `mail.${template}.subject` as MessageKey;
    const bodyKey = `mail.${template}.body` as MessageKey;
    for (const language of LANGUAGES) {
      expect({ language, subject: typeof CATALOGUES[language][subjectKey], body: typeof CATALOGUES[language][bodyKey] }).toEqual({ language, subject: 'string', body: 'string' });
    }
    const params = paramsFor(subjectKey, bodyKey);
    const rendered = Object.fromEntries(LANGUAGES.map((language) => [language, renderMail({ template, to: 'x@example.test', language, params })]));
    for (const language of LANGUAGES) {
      const mail = rendered[language]!;
      expect(mail.subject.trim()).not.toBe('');
      expect(mail.text.trim()).not.toBe('');
      // No placeholder left unfilled, and every value the template takes appears in the mail.
      expect({ language, left: placeholders(`${mail.subject}\n${mail.text}`) }).toEqual({ language, left: [] });
      for (const value of Object.values(params)) expect(`${mail.subject}\n${mail.text}`).toContain(value);
      expect(mail.html).toContain(`<html lang="${language}">`);
      if (language !== 'en') expect({ language, same: mail.text === rendered.en!.text }).toEqual({ language, same: false });
    }
  });

  it.each(Object.entries(SMS_TEMPLATES))('SMS %s: in every language, every placeholder filled, translated', (template, key) => {
    const params = paramsFor(key);
    const texts = LANGUAGES.map((language) => renderSms({ template: template as SmsTemplate, to: '+32470000000', language, params }));
    for (const text of texts) {
      expect(text.trim()).not.toBe('');
      expect(placeholders(text)).toEqual([]);
      for (const value of Object.values(params)) expect(text).toContain(value);
    }
    expect(new Set(texts).size).toBe(LANGUAGES.length);
  });
});
