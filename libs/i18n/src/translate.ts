import { LANGUAGES, Language } from '@sesame/config';
import { de } from './messages/de';
import { Catalogue, MessageKey, en } from './messages/en';
import { fr } from './messages/fr';
import { nl } from './messages/nl';

export type { Catalogue, MessageKey };
export const CATALOGUES: Record<Language, Catalogue> = { fr, nl, de, en };
export const DEFAULT_LANGUAGE: Language = 'fr';

export const isLanguage = (value: unknown): value is Language =>
  typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

export const isMessageKey = (value: string): value is MessageKey => Object.prototype.hasOwnProperty.call(en, value);

/** The message for `key` in `language`, with `{param}` placeholders filled in. */
export function translate(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  const template = CATALOGUES[language][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * Picks the best supported language from an Accept-Language header ("nl-BE,nl;q=0.9,en;q=0.8").
 * Falls back to French, the default of the seeds.
 */
export function negotiateLanguage(header: string | undefined | null): Language {
  if (!header) return DEFAULT_LANGUAGE;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.map((r) => /^q=([\d.]+)$/.exec(r.trim())).find(Boolean);
      return { base: tag.toLowerCase().split('-')[0], q: q ? Number(q[1]) : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.base).find(isLanguage) ?? DEFAULT_LANGUAGE;
}
