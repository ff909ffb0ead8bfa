/**
 * Fuzzing of the MRZ parser (issue 6) and of the worker's OCR-line reader built on it: arbitrary text
 * and valid TD1/TD3 zones (built with the OCR test helpers `td1Lines`, `td3Lines`) with one character
 * changed never make them throw; every generated zone is valid and reads back; a changed check digit
 * or date digit is reported invalid. Seed and runs: test/fuzz/fuzz-settings.ts.
 */
import fc from 'fast-check';
import { fuzzRuns } from '../../../../test/fuzz/fuzz-settings';
import { findMrzCandidates } from '../../../../worker/src/ocr/mrz-lines';
import { td1Lines, td3Lines, type MrzHolder } from '../../../../worker/src/ocr/testing/id-card-image';
import { daysInMonth } from '../shared/calendar';
import { parseMrz, type MrzResult } from './mrz';

const NOW = new Date('2026-03-15T10:00:00Z');
const pad2 = (value: number): string => String(value).padStart(2, '0');
const STATES = ['BEL', 'NLD', 'FRA', 'DEU', 'LUX', 'ITA', 'ESP', 'POL', 'ROU', 'MAR', 'TUR', 'COD'];

/** A real date as YYMMDD and its ISO form, in the given years. */
const yymmdd = (minYear: number, maxYear: number) =>
  fc
    .record({ year: fc.integer({ min: minYear, max: maxYear }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
    .map(({ year, month, day }) => {
      const d = Math.min(day, daysInMonth(year, month));
      return { mrz: pad2(year % 100) + pad2(month) + pad2(d), iso: `${year}-${pad2(month)}-${pad2(d)}` };
    });

const name = fc.stringMatching(/^[A-Z]{1,9}$/);

/** A holder of a TD1 (ID card) or TD3 (passport) zone, with its expected dates. */
const zone = fc
  .record({
    format: fc.constantFrom('TD1' as const, 'TD3' as const),
    state: fc.constantFrom(...STATES),
    nationality: fc.constantFrom(...STATES),
    shortNumber: fc.stringMatching(/^[A-Z0-9]{9}$/),
    belgianCard: fc.boolean(),
    surname: name,
    givenNames: fc.array(name, { minLength: 1, maxLength: 2 }),
    // Born at least a year before NOW, so the century of the birth date is never in doubt.
    birth: yymmdd(1930, 2024),
    expiry: yymmdd(2000, 2099),
    sex: fc.constantFrom('M' as const, 'F' as const, '<' as const),
  })
  .map((z) => {
    const documentNumber = z.format === 'TD1' && z.belgianCard ? `59${z.shortNumber.replace(/\D/g, '7').slice(0, 8)}19` : z.shortNumber;
    const holder: MrzHolder = {
      documentCode: z.format === 'TD1' ? 'ID' : 'P',
      issuingState: z.state,
      documentNumber,
      nationality: z.nationality,
      surname: z.surname,
      givenNames: z.givenNames,
      birthDate: z.birth.mrz,
      sex: z.sex,
      expiryDate: z.expiry.mrz,
    };
    return { format: z.format, holder, lines: z.format === 'TD1' ? td1Lines(holder) : td3Lines(holder), birthIso: z.birth.iso, expiryIso: z.expiry.iso };
  });

/**
 * Positions (line, column) of the check digits that guard the fields: document number (short TD1
 * and TD3 only), birth date, expiry date, composite; and of the date digits themselves.
 */
function guardedPositions(format: 'TD1' | 'TD3', longNumber: boolean): { checks: [number, number][]; dateDigits: [number, number][] } {
  const range = (line: number, from: number, to: number): [number, number][] => Array.from({ length: to - from }, (_, i) => [line, from + i]);
  if (format === 'TD1') {
    return { checks: [...(longNumber ? [] : [[0, 14] as [number, number]]), [1, 6], [1, 14], [1, 29]], dateDigits: [...range(1, 0, 6), ...range(1, 8, 14)] };
  }
  return { checks: [[1, 9], [1, 19], [1, 27], [1, 43]], dateDigits: [...range(1, 13, 19), ...range(1, 21, 27)] };
}

const replaceAt = (lines: string[], [line, column]: [number, number], char: string): string[] =>
  lines.map((text, i) => (i === line ? text.slice(0, column) + char + text.slice(column + 1) : text));

function expectCoherent(result: MrzResult): void {
  expect(typeof result.valid).toBe('boolean');
  expect(Array.isArray(result.errors)).toBe(true);
  if (result.valid) expect(result.errors).toEqual([]);
  for (const date of [result.birthDate, result.expiryDate]) expect(date === null || /^\d{4}-\d{2}-\d{2}$/.test(date)).toBe(true);
  expect([null, 'M', 'F']).toContain(result.sex);
}

describe('MRZ parsing under fuzzing', () => {
  it('never throws on arbitrary text, lines or MRZ-alphabet blocks', () => {
    const mrzLine = fc.stringMatching(/^[A-Z0-9<]{28,46}$/);
    const input = fc.oneof(
      fc.string({ maxLength: 120 }),
      fc.string({ maxLength: 120, unit: 'binary' }),
      fc.array(fc.string({ maxLength: 50 }), { maxLength: 4 }),
      fc.array(mrzLine, { minLength: 1, maxLength: 3 }),
      fc.stringMatching(/^[A-Z0-9<]{88,90}$/),
    );
    fc.assert(
      fc.property(input, (text) => expectCoherent(parseMrz(text, { now: NOW }))),
      fuzzRuns(600),
    );
  });

  it('reads every generated TD1 and TD3 zone as valid, with its fields', () => {
    fc.assert(
      fc.property(zone, ({ format, holder, lines, birthIso, expiryIso }) => {
        const result = parseMrz(lines, { now: NOW });
        expect(result.errors).toEqual([]);
        expect(result).toMatchObject({
          valid: true,
          format,
          issuingState: holder.issuingState,
          nationality: holder.nationality,
          documentNumber: holder.documentNumber,
          surname: holder.surname,
          givenNames: holder.givenNames.join(' '),
          birthDate: birthIso,
          expiryDate: expiryIso,
          sex: holder.sex === '<' ? null : holder.sex,
        });
      }),
      fuzzRuns(400),
    );
  });

  it('never throws when any one character of a valid zone is changed to anything', () => {
    const change = fc.record({ zone, line: fc.nat(), column: fc.nat(), char: fc.oneof(fc.constantFrom('<', '0', 'O', '«', ' ', '\n', ''), fc.string({ minLength: 1, maxLength: 2 })) });
    fc.assert(
      fc.property(change, ({ zone: { lines }, line, column, char }) => {
        const at: [number, number] = [line % lines.length, column % lines[0].length];
        expectCoherent(parseMrz(replaceAt(lines, at, char), { now: NOW }));
      }),
      fuzzRuns(800),
    );
  });

  it('reports a changed check digit or a changed date digit as invalid', () => {
    const change = fc.record({ zone, pick: fc.nat(), delta: fc.integer({ min: 1, max: 9 }), onCheck: fc.boolean() });
    fc.assert(
      fc.property(change, ({ zone: { format, holder, lines }, pick, delta, onCheck }) => {
        const positions = guardedPositions(format, holder.documentNumber.length > 9);
        const list = onCheck ? positions.checks : positions.dateDigits;
        const at = list[pick % list.length];
        const original = lines[at[0]][at[1]];
        expect(original).toMatch(/\d/);
        const result = parseMrz(replaceAt(lines, at, String((Number(original) + delta) % 10)), { now: NOW });
        expect(result.valid).toBe(false);
        expect(result.errors.length).toBeGreaterThan(0);
      }),
      fuzzRuns(600),
    );
  });

  it('the worker reads OCR lines of noise or of a damaged zone without throwing, and only checked readings are valid', () => {
    const ocrLine = (text: fc.Arbitrary<string>) => fc.record({ text, confidence: fc.double({ min: 0, max: 100, noNaN: true }) });
    const damaged = fc
      .record({ zone, edits: fc.array(fc.record({ line: fc.nat(), column: fc.nat(), char: fc.constantFrom('<', '0', 'O', '8', 'B', '1', 'I', 'K', ' ', '') }), { maxLength: 3 }) })
      .map(({ zone: z, edits }) => edits.reduce((lines, e) => replaceAt(lines, [e.line % lines.length, e.column % lines[0].length], e.char), z.lines));
    const input = fc.oneof(
      fc.array(ocrLine(fc.string({ maxLength: 50 })), { maxLength: 5 }),
      fc.array(ocrLine(fc.stringMatching(/^[A-Z0-9< ]{26,48}$/)), { maxLength: 4 }),
      fc.tuple(damaged, fc.array(ocrLine(fc.string({ maxLength: 30 })), { maxLength: 2 })).map(([lines, noise]) => [...noise, ...lines.map((text) => ({ text, confidence: 80 }))]),
    );
    fc.assert(
      fc.property(input, (lines) => {
        for (const candidate of findMrzCandidates(lines, { now: NOW })) {
          expectCoherent(candidate.parsed);
          if (candidate.parsed.valid) expect(parseMrz(candidate.lines, { now: NOW }).valid).toBe(true);
        }
      }),
      fuzzRuns(150),
    );
  });
});
