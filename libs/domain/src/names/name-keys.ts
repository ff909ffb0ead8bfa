/**
 * Search keys for personal names (the persons register's trigram search). Pure; the same function
 * writes the keys stored on `person` and builds the keys a search compares them with, so the two
 * never drift.
 *
 * normaliseName: lower case, accents stripped (NFD), ß→ss, æ→ae, œ→oe, ø→o, ł→l, đ→d, þ→th,
 *   basic Cyrillic and Greek transliteration, hyphens/apostrophes/anything not a letter or digit →
 *   one space, trimmed. "Van den Bossche-D'Hondt" → "van den bossche d hondt".
 *
 * Keys stored per person (see {@link personNameKeys}):
 * - surnameKey: the whole normalised surname without spaces ("vandenbossche"): "Van den Bossche"
 *   and "Vandenbossche" get the same key.
 * - surnameCoreKey: the surname without its particles ("bossche"), so a document that drops or
 *   glues the particle ("Bossche", "Vandenbossche") still meets "Van den Bossche".
 * - givenNamesKey: the normalised given names, words kept ("jean pierre marie").
 * - nameKey: core surname + given names ("bossche jean pierre marie"); trigrams ignore word order,
 *   so a search with surname and given names swapped still finds the person.
 */

/** Particles of surnames (fr, nl, de, it, es, pt, ar), as whole words after normalisation. */
export const SURNAME_PARTICLES: ReadonlySet<string> = new Set([
  'de', 'del', 'della', 'der', 'des', 'di', 'do', 'dos', 'da', 'das', 'du', 'd', 'l',
  'la', 'le', 'les', 'lo', 'van', 'vanden', 'vander', 'vande', 'von', 'vom', 'zu', 'zum', 'zur',
  'ter', 'ten', 'te', 'den', 'het', 't', 'op', 'in', 'y', 'e', 'al', 'el', 'ben', 'bin', 'ibn', 'mac', 'st', 'saint', 'sainte',
]);

/** Dutch particles written glued to the name ("Vandenbossche", "Vanderlinden"). Longest first. */
const GLUED_PARTICLES = ['vanden', 'vander', 'vande', 'van'];
/** A glued particle is only removed when this many letters are left ("Vance" stays). */
const MIN_GLUED_REMAINDER = 4;

const LETTER_MAP: Record<string, string> = {
  ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i', ħ: 'h', ŧ: 't', ŀ: 'l', ĳ: 'ij',
  // Cyrillic (Russian/Ukrainian/Bulgarian, simplified BGN/PCGN-like)
  а: 'a', б: 'b', в: 'v', г: 'g', ґ: 'g', д: 'd', е: 'e', ё: 'e', є: 'ye', ж: 'zh', з: 'z', и: 'i', і: 'i', ї: 'yi', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Greek (after NFD has removed the tonos)
  α: 'a', β: 'v', γ: 'g', δ: 'd', ε: 'e', ζ: 'z', η: 'i', θ: 'th', ι: 'i', κ: 'k', λ: 'l', μ: 'm', ν: 'n',
  ξ: 'x', ο: 'o', π: 'p', ρ: 'r', σ: 's', ς: 's', τ: 't', υ: 'y', φ: 'f', χ: 'ch', ψ: 'ps', ω: 'o',
};

/** Lower case, no accents, transliterated, one space between words. */
export function normaliseName(input: string | null | undefined): string {
  if (!input) return '';
  const decomposed = input
    .toLowerCase()
    // Letters whose diacritic is part of the letter in transliteration, before NFD drops it.
    .replace(/й/g, 'y')
    .replace(/ї/g, 'yi')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/ου/g, 'ou');
  let out = '';
  for (const char of decomposed) out += LETTER_MAP[char] ?? char;
  return out.replace(/[^a-z0-9]+/g, ' ').trim();
}

/** The words of a normalised surname without particles; the particles alone when nothing else is left. */
function stripParticles(words: string[]): string[] {
  const kept = words.filter((word) => !SURNAME_PARTICLES.has(word));
  if (kept.length === 0) return words;
  const first = kept[0];
  // Only a leading glued particle, and only when the surname started with it ("Vandamme", not "Devan").
  if (kept.length === 1 && first === words[words.length - 1]) {
    const glued = GLUED_PARTICLES.find((p) => first.startsWith(p) && first.length - p.length >= MIN_GLUED_REMAINDER);
    if (glued) return [first.slice(glued.length)];
  }
  return kept;
}

/** "Van den Bossche" → "vandenbossche". */
export function surnameKey(surname: string | null | undefined): string {
  return normaliseName(surname).replace(/ /g, '');
}

/** "Van den Bossche", "Vandenbossche", "Bossche" → "bossche"; "De Smet" → "smet". */
export function surnameCoreKey(surname: string | null | undefined): string {
  const words = normaliseName(surname).split(' ').filter(Boolean);
  return stripParticles(words).join('');
}

/** "Jean-Pierre  Marie" → "jean pierre marie". */
export function givenNamesKey(givenNames: string | null | undefined): string {
  return normaliseName(givenNames);
}

export interface PersonNameKeys {
  surnameKey: string;
  surnameCoreKey: string;
  givenNamesKey: string;
  nameKey: string;
}

/** The four search keys of a person (or of a search). */
export function personNameKeys(surname: string | null | undefined, givenNames: string | null | undefined): PersonNameKeys {
  const core = surnameCoreKey(surname);
  const given = givenNamesKey(givenNames);
  return {
    surnameKey: surnameKey(surname),
    surnameCoreKey: core,
    givenNamesKey: given,
    nameKey: [core, given].filter(Boolean).join(' '),
  };
}
