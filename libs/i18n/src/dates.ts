import { Language } from '@sesame/config';

/** The locale a citizen reads each language in (BCP 47): dates, and the language tag of documents. */
export const LANGUAGE_LOCALES: Record<Language, string> = { fr: 'fr-BE', nl: 'nl-BE', de: 'de-BE', en: 'en-GB' };

/** Dates told to citizens (letters, e-mails) are dates of the Belgian calendar, wherever the server runs. */
export const BELGIAN_TIME_ZONE = 'Europe/Brussels';

/** `date` as a long calendar date in `language`, on the Belgian calendar: "24 novembre 2026", "24. November 2026". */
export function formatLongDate(date: Date, language: Language): string {
  return new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], { dateStyle: 'long', timeZone: BELGIAN_TIME_ZONE }).format(date);
}

/** `date` as a weekday, date and time on Belgian clocks in `language`: "mardi 24 novembre 2026 à 14:30". */
export function formatLongDateTime(date: Date, language: Language): string {
  return new Intl.DateTimeFormat(LANGUAGE_LOCALES[language], { dateStyle: 'full', timeStyle: 'short', timeZone: BELGIAN_TIME_ZONE }).format(date);
}
