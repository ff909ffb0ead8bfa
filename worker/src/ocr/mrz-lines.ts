/**
 * From OCR'd lines to the machine-readable zone they most likely hold: pure functions, no OCR.
 *
 * OCR of an MRZ goes wrong in a few known ways, each handled here and nothing more:
 * - noise characters: spaces, `«` and other look-alikes of the filler `<` (the domain's
 *   `normalizeMrzInput`), anything outside `A–Z 0–9 <`;
 * - miscounted filler runs (`<<<<<<<<` read one `<` too many or too few) and stray characters
 *   (a line one character too long; or a character inserted and a filler lost, the length right
 *   but the columns shifted): fixed only as far as the check digits confirm;
 * - letter/digit look-alikes (O/0, I/1, Z/2, S/5, G/6, B/8, and Q/D/L read for 0 and 1): corrected
 *   ONLY in positions whose ICAO 9303 field is purely numeric (dates, check digits) or purely
 *   alphabetic (document code, states, sex, names). Document numbers and optional data mix
 *   letters and digits: there a look-alike is swapped only when that single swap makes every check
 *   digit valid and no other single edit does.
 * The check digits, verified by the domain's `parseMrz`, decide between candidates: among the
 * readings they accept, the one with fewest edits wins; two different readings tied for that are
 * reported invalid rather than guessed. No check digit covers the names (nor the document code and
 * the states): there only the most plausible repair (a filler run resized) is made, unconfirmed.
 */
import { normalizeMrzInput, parseMrz, type MrzResult } from '@sesame/domain';

export type MrzFormat = 'TD1' | 'TD2' | 'TD3';

/** Lines and characters per line of each ICAO 9303 format. */
export const MRZ_SHAPES: Readonly<Record<MrzFormat, { lines: number; length: number }>> = {
  TD1: { lines: 3, length: 30 },
  TD2: { lines: 2, length: 36 },
  TD3: { lines: 2, length: 44 },
};

/** The only characters an MRZ holds (also the OCR whitelist). */
export const MRZ_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<';

/** One edit made to the OCR text: 0-based line and column; `from: ''` is an insertion, `to: ''` a deletion. */
export interface MrzCorrection {
  line: number;
  column: number;
  from: string;
  to: string;
}

/** A line of OCR output with its confidence (0–100). */
export interface OcrTextLine {
  text: string;
  confidence: number;
}

/** The best reading of one group of consecutive lines. */
export interface MrzCandidate {
  format: MrzFormat;
  lines: string[];
  parsed: MrzResult;
  corrections: MrzCorrection[];
  /** Mean OCR confidence of the lines used (0–100). */
  confidence: number;
}

/**
 * Field classes per character, per format and line: `N` numeric (a digit, or `<` where ICAO allows
 * a filler), `A` alphabetic (a letter or `<`), `X` alphanumeric (not corrected by position).
 */
const FIELD_CLASSES: Readonly<Record<MrzFormat, readonly string[]>> = {
  // Document code, issuing state, document number, its check digit, optional data 1 /
  // birth date, check, sex, expiry date, check, nationality, optional data 2, composite check / name.
  TD1: [
    'AA' + 'AAA' + 'X'.repeat(9) + 'N' + 'X'.repeat(15),
    'NNNNNN' + 'N' + 'A' + 'NNNNNN' + 'N' + 'AAA' + 'X'.repeat(11) + 'N',
    'A'.repeat(30),
  ],
  // Document code, issuing state, name / number, check, nationality, birth date, check, sex,
  // expiry date, check, optional data, composite check.
  TD2: ['AA' + 'AAA' + 'A'.repeat(31), 'X'.repeat(9) + 'N' + 'AAA' + 'NNNNNN' + 'N' + 'A' + 'NNNNNN' + 'N' + 'X'.repeat(7) + 'N'],
  // Document code, issuing state, name / number, check, nationality, birth date, check, sex,
  // expiry date, check, personal number, its check, composite check.
  TD3: ['AA' + 'AAA' + 'A'.repeat(39), 'X'.repeat(9) + 'N' + 'AAA' + 'NNNNNN' + 'N' + 'A' + 'NNNNNN' + 'N' + 'X'.repeat(14) + 'N' + 'N'],
};

/** Lines holding the fields the check digits cover (names never are). */
const CHECKED_LINES: Readonly<Record<MrzFormat, readonly number[]>> = { TD1: [0, 1], TD2: [1], TD3: [1] };

/** Letters OCR reads for digits, and back. */
const AS_DIGIT: Readonly<Record<string, string>> = { O: '0', Q: '0', D: '0', I: '1', L: '1', Z: '2', S: '5', G: '6', B: '8' };
const AS_LETTER: Readonly<Record<string, string>> = { '0': 'O', '1': 'I', '2': 'Z', '5': 'S', '6': 'G', '8': 'B' };
/** Look-alike pairs tried in alphanumeric fields, guided by the check digits. */
const SWAPS: Readonly<Record<string, string>> = { ...AS_LETTER, O: '0', I: '1', Z: '2', S: '5', G: '6', B: '8' };

/** Longest distance between an OCR'd line and the format's length that is still repaired. */
const MAX_LENGTH_SLACK = 2;
/** Cap on line-variant combinations tried for one group of lines. */
const MAX_COMBINATIONS = 200;

/**
 * Cleans one OCR'd line with the domain's `normalizeMrzInput` (upper case, `«` and look-alikes to
 * `<`, no spaces) and drops every character an MRZ cannot hold.
 */
export function cleanOcrLine(text: string): string {
  return normalizeMrzInput(text)
    .join('')
    .replace(/[^A-Z0-9<]/g, '');
}

/**
 * Corrects letter/digit look-alikes where the ICAO field is purely numeric or purely alphabetic.
 * Lines must already have the format's length.
 */
export function correctByFieldClass(format: MrzFormat, lines: readonly string[]): { lines: string[]; corrections: MrzCorrection[] } {
  const corrections: MrzCorrection[] = [];
  const corrected = lines.map((line, row) =>
    [...line]
      .map((char, column) => {
        const kind = FIELD_CLASSES[format][row]?.[column];
        const fixed = kind === 'N' ? (AS_DIGIT[char] ?? char) : kind === 'A' ? (AS_LETTER[char] ?? char) : char;
        if (fixed !== char) corrections.push({ line: row, column, from: char, to: fixed });
        return fixed;
      })
      .join(''),
  );
  return { lines: corrected, corrections };
}

/**
 * Ways to bring `line` to `length` characters, most plausible first: resize a run of fillers
 * (OCR miscounts long `<<<<<` runs), then, for a line one character too long, drop each character
 * in turn. Empty when the line is more than {@link MAX_LENGTH_SLACK} off.
 */
export function fitLineLength(line: string, length: number): { text: string; corrections: Omit<MrzCorrection, 'line'>[] }[] {
  const difference = line.length - length;
  if (difference === 0) return [{ text: line, corrections: [] }];
  if (Math.abs(difference) > MAX_LENGTH_SLACK) return [];
  const variants: { text: string; corrections: Omit<MrzCorrection, 'line'>[] }[] = [];
  const runs = fillerRuns(line)
    .filter((run) => (difference > 0 ? run.length > difference : true))
    .sort((a, b) => b.length - a.length || b.start - a.start);
  for (const run of runs) {
    const end = run.start + run.length;
    if (difference > 0) {
      const column = end - difference;
      variants.push({
        text: line.slice(0, column) + line.slice(end),
        corrections: Array.from({ length: difference }, () => ({ column, from: '<', to: '' })),
      });
    } else {
      variants.push({
        text: line.slice(0, end) + '<'.repeat(-difference) + line.slice(end),
        corrections: Array.from({ length: -difference }, (_, i) => ({ column: end + i, from: '', to: '<' })),
      });
    }
  }
  if (difference < 0 && !line.endsWith('<')) {
    variants.push({ text: line + '<'.repeat(-difference), corrections: Array.from({ length: -difference }, (_, i) => ({ column: line.length + i, from: '', to: '<' })) });
  }
  if (difference === 1) {
    for (let column = 0; column < line.length; column++) {
      variants.push({ text: line.slice(0, column) + line.slice(column + 1), corrections: [{ column, from: line[column], to: '' }] });
    }
  }
  const seen = new Set<string>();
  return variants.filter((variant) => !seen.has(variant.text) && seen.add(variant.text));
}

/**
 * Every group of consecutive OCR lines shaped like an MRZ (right number of lines, each within two
 * characters of the length, fillers `<<` somewhere), each read as well as the check digits allow,
 * best first: valid before invalid, then fewer failed fields, fewer corrections, higher confidence.
 */
export function findMrzCandidates(ocrLines: readonly OcrTextLine[], options: { now?: Date } = {}): MrzCandidate[] {
  const lines = ocrLines.map((line) => ({ text: cleanOcrLine(line.text), confidence: line.confidence })).filter((line) => line.text.length > 0);
  const candidates: MrzCandidate[] = [];
  for (const format of Object.keys(MRZ_SHAPES) as MrzFormat[]) {
    const shape = MRZ_SHAPES[format];
    for (let first = 0; first + shape.lines <= lines.length; first++) {
      const group = lines.slice(first, first + shape.lines);
      if (!group.some((line) => line.text.includes('<<'))) continue;
      const candidate = readGroup(
        format,
        group.map((line) => line.text),
        options.now,
      );
      if (candidate) candidates.push({ ...candidate, confidence: mean(group.map((line) => line.confidence)) });
    }
  }
  return candidates.sort(compareCandidates);
}

/** Orders candidates best first (see {@link findMrzCandidates}). */
export function compareCandidates(a: MrzCandidate, b: MrzCandidate): number {
  return (
    Number(b.parsed.valid) - Number(a.parsed.valid) ||
    a.parsed.errors.length - b.parsed.errors.length ||
    a.corrections.length - b.corrections.length ||
    b.confidence - a.confidence
  );
}

/**
 * The best reading of one group of lines of the right count, or null when a line cannot be fitted.
 * Every combination of length fits is read with and without field-class corrections; among the
 * readings whose check digits all hold, the one with fewest edits wins, and a tie between
 * different readings is no answer at all (two ways to be right means neither is confirmed).
 */
function readGroup(format: MrzFormat, texts: readonly string[], now: Date | undefined): Omit<MrzCandidate, 'confidence'> | null {
  const { length } = MRZ_SHAPES[format];
  const perLine = texts.map((text, line) => fitLineLength(text, length).map((variant) => ({ text: variant.text, corrections: variant.corrections.map((c) => ({ ...c, line })) })));
  if (perLine.some((variants) => variants.length === 0)) return null;

  const valid = new Map<string, Omit<MrzCandidate, 'confidence'>>();
  let bestInvalid: Omit<MrzCandidate, 'confidence'> | null = null;
  for (const combination of combinations(perLine, MAX_COMBINATIONS)) {
    const fitted = combination.map((variant) => variant.text);
    const lengthEdits = combination.flatMap((variant) => variant.corrections);
    const byClass = correctByFieldClass(format, fitted);
    // The uncorrected reading too: a document outside the ICAO layout (e.g. the old French ID card,
    // also 2 × 36) must not be "corrected" into nonsense.
    for (const reading of [
      { lines: byClass.lines, corrections: [...lengthEdits, ...byClass.corrections] },
      { lines: fitted, corrections: lengthEdits },
    ]) {
      const key = reading.lines.join('\n');
      const known = valid.get(key);
      if (known && known.corrections.length <= reading.corrections.length) continue;
      const candidate = { format, lines: reading.lines, parsed: parseMrz(reading.lines, { now }), corrections: reading.corrections };
      if (candidate.parsed.valid) valid.set(key, candidate);
      else if (bestInvalid === null || compareCandidates({ ...candidate, confidence: 0 }, { ...bestInvalid, confidence: 0 }) < 0) bestInvalid = candidate;
    }
  }
  if (valid.size > 0) {
    // Stable sort: among equally edited readings the most plausible fit (fitLineLength's order) stays first.
    const ranked = [...valid.values()].sort((a, b) => a.corrections.length - b.corrections.length);
    const tied = ranked.filter((reading) => reading.corrections.length === ranked[0].corrections.length);
    const checked = (reading: Omit<MrzCandidate, 'confidence'>) => CHECKED_LINES[format].map((line) => reading.lines[line]).join('\n');
    // Readings that differ only in the name line (no check digit covers it) cannot be told apart by
    // the check digits: the most plausible fit is taken. Readings that differ in checked fields are.
    if (tied.every((reading) => checked(reading) === checked(tied[0]))) return tied[0];
    return { ...tied[0], parsed: { ...tied[0].parsed, valid: false, errors: [{ field: 'lines', message: 'several readings satisfy the check digits' }] } };
  }
  return bestInvalid === null ? null : (repairGuidedByCheckDigits(bestInvalid, now) ?? bestInvalid);
}

/**
 * Single edits tried on an invalid reading, kept only when exactly one of them makes every check
 * digit valid: a look-alike swap in an alphanumeric field, or a stray character dropped with the
 * line's filler run lengthened to keep the columns (OCR read a `<` as something else and moved
 * the rest of the line).
 */
function repairGuidedByCheckDigits(candidate: Omit<MrzCandidate, 'confidence'>, now: Date | undefined): Omit<MrzCandidate, 'confidence'> | null {
  if (candidate.parsed.valid) return null;
  const fixes = new Map<string, Omit<MrzCandidate, 'confidence'>>();
  const attempt = (row: number, text: string, edits: MrzCorrection[]) => {
    const lines = candidate.lines.map((line, i) => (i === row ? text : line));
    const key = lines.join('\n');
    if (fixes.has(key)) return;
    const parsed = parseMrz(lines, { now });
    if (parsed.valid) fixes.set(key, { ...candidate, lines, parsed, corrections: [...candidate.corrections, ...edits] });
  };
  candidate.lines.forEach((text, row) => {
    const classes = FIELD_CLASSES[candidate.format][row] ?? '';
    [...text].forEach((char, column) => {
      const swapped = SWAPS[char];
      if (classes[column] === 'X' && swapped !== undefined) {
        attempt(row, text.slice(0, column) + swapped + text.slice(column + 1), [{ line: row, column, from: char, to: swapped }]);
      }
      if (char === '<') return;
      const shortened = text.slice(0, column) + text.slice(column + 1);
      for (const run of fillerRuns(shortened).filter((filler) => filler.start >= column)) {
        const end = run.start + run.length;
        attempt(row, shortened.slice(0, end) + '<' + shortened.slice(end), [
          { line: row, column, from: char, to: '' },
          { line: row, column: end, from: '', to: '<' },
        ]);
      }
    });
  });
  return fixes.size === 1 ? [...fixes.values()][0] : null;
}

/** The cartesian product of the variant lists, in order, at most `limit` items. */
function* combinations<T>(lists: readonly (readonly T[])[], limit: number): Generator<T[]> {
  const indices = lists.map(() => 0);
  for (let produced = 0; produced < limit; produced++) {
    yield indices.map((index, i) => lists[i][index]);
    let position = lists.length - 1;
    while (position >= 0 && ++indices[position] === lists[position].length) {
      indices[position] = 0;
      position--;
    }
    if (position < 0) return;
  }
}

function fillerRuns(line: string): { start: number; length: number }[] {
  return [...line.matchAll(/<+/g)].map((match) => ({ start: match.index ?? 0, length: match[0].length }));
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
}
