/** The four languages of the console, in the order they are offered. */
export const LANGUAGES = ['fr', 'nl', 'de', 'en'] as const;

export type Language = (typeof LANGUAGES)[number];

export const DEFAULT_LANGUAGE: Language = 'fr';

/** BCP 47 locale used for dates and numbers in each language (Belgian variants). */
export const LOCALE_BY_LANGUAGE: Readonly<Record<Language, string>> = {
  fr: 'fr-BE',
  nl: 'nl-BE',
  de: 'de-BE',
  en: 'en-GB',
};

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** Maps a browser language tag such as `nl-BE` or `de` to one of ours, if any. */
export function languageFromTag(tag: string | null | undefined): Language | null {
  if (!tag) {
    return null;
  }
  const primary = tag.trim().toLowerCase().split(/[-_]/)[0];
  return isLanguage(primary) ? primary : null;
}
