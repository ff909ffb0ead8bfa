import { parseMrz } from '@sesame/domain';
import { cleanOcrLine, correctByFieldClass, findMrzCandidates, fitLineLength, MRZ_SHAPES } from './mrz-lines';
import { BELGIAN_ID_CARD, DUTCH_PASSPORT, icaoCheckDigit, td1Lines, td3Lines } from './testing/id-card-image';

const NOW = new Date('2026-03-15T10:00:00Z');
const TD1 = td1Lines(BELGIAN_ID_CARD);
const TD3 = td3Lines(DUTCH_PASSPORT);
const ocr = (lines: string[], confidence = 80) => lines.map((text) => ({ text, confidence }));
const replaceAt = (line: string, column: number, char: string) => line.slice(0, column) + char + line.slice(column + 1);

describe('MRZ line picking', () => {
  describe('the fixtures', () => {
    it('compute ICAO check digits (ICAO 9303 part 3 example)', () => {
      expect(icaoCheckDigit('L898902C3')).toBe('6');
      expect(icaoCheckDigit('740812')).toBe('2');
      expect(icaoCheckDigit('120415')).toBe('9');
    });

    it('build MRZs the domain parser accepts, Belgian long card number and national number included', () => {
      expect(TD1.map((line) => line.length)).toEqual([30, 30, 30]);
      expect(parseMrz(TD1, { now: NOW })).toMatchObject({
        valid: true,
        format: 'TD1',
        documentNumber: BELGIAN_ID_CARD.documentNumber,
        nationalNumber: BELGIAN_ID_CARD.optional,
        surname: 'PEETERS',
        givenNames: 'LOTTE MARIE',
      });
      expect(parseMrz(TD3, { now: NOW })).toMatchObject({ valid: true, format: 'TD3', documentNumber: 'NXC4R8P51', surname: 'DE BRUIJN' });
    });
  });

  describe(cleanOcrLine.name, () => {
    it('upper-cases, maps « to <, and drops spaces and characters an MRZ cannot hold', () => {
      expect(cleanOcrLine(' idbel 592«038|146 <7474«« .')).toBe('IDBEL592<038146<7474<<');
    });
  });

  describe(correctByFieldClass.name, () => {
    it('turns letters into digits in numeric fields and digits into letters in alphabetic fields', () => {
      const misread = [
        replaceAt(TD1[0], 2, '8'), // issuing state BEL read 8EL
        replaceAt(replaceAt(TD1[1], 1, 'O'), 14, 'S'), // birth date 900412 read 9O0412, check digit 5 read S
        replaceAt(TD1[2], 1, '3'), // E read 3 in the name: 3 has no letter look-alike, it stays
      ];
      const { lines, corrections } = correctByFieldClass('TD1', misread);
      expect(lines).toEqual([TD1[0], TD1[1], misread[2]]);
      expect(corrections).toEqual([
        { line: 0, column: 2, from: '8', to: 'B' },
        { line: 1, column: 1, from: 'O', to: '0' },
        { line: 1, column: 14, from: 'S', to: '5' },
      ]);
    });

    it('leaves document numbers and optional data alone: they mix letters and digits', () => {
      const { lines, corrections } = correctByFieldClass('TD3', TD3);
      expect(lines).toEqual(TD3);
      expect(corrections).toEqual([]);
      // "NXC4R8P51": the 8 and the 5 would have been turned into B and S in an alphabetic field.
      expect(correctByFieldClass('TD3', [TD3[0], replaceAt(TD3[1], 13, 'B')]).lines[1]).toBe(TD3[1]);
    });

    it('has a class for every character of every format', () => {
      for (const [format, shape] of Object.entries(MRZ_SHAPES) as [keyof typeof MRZ_SHAPES, { lines: number; length: number }][]) {
        const lines = Array.from({ length: shape.lines }, () => 'O'.repeat(shape.length));
        const { lines: corrected } = correctByFieldClass(format, lines);
        expect(corrected.map((line) => line.length)).toEqual(lines.map(() => shape.length));
      }
    });
  });

  describe(fitLineLength.name, () => {
    it('keeps a line of the right length as it is', () => {
      expect(fitLineLength(TD1[2], 30)).toEqual([{ text: TD1[2], corrections: [] }]);
    });

    it('first shortens the longest filler run of a line read too long', () => {
      const [first] = fitLineLength(`${TD1[2]}<<`, 30);
      expect(first.text).toBe(TD1[2]);
      expect(first.corrections).toHaveLength(2);
    });

    it('lengthens the longest filler run of a line read too short', () => {
      const short = TD1[0].replace('<<<<<<<<<<<', '<<<<<<<<<<');
      expect(fitLineLength(short, 30)[0].text).toBe(TD1[0]);
    });

    it('offers each single deletion for a line one character too long', () => {
      const stray = TD3[1].slice(0, 10) + 'O' + TD3[1].slice(10);
      expect(fitLineLength(stray, 44).map((variant) => variant.text)).toContain(TD3[1]);
    });

    it('gives up beyond two characters off', () => {
      expect(fitLineLength(TD1[0] + '<<<', 30)).toEqual([]);
      expect(fitLineLength(TD1[0].slice(0, 27), 30)).toEqual([]);
    });
  });

  describe(findMrzCandidates.name, () => {
    it('finds a clean TD1 among the other text of the card', () => {
      const [best] = findMrzCandidates(ocr(['BELGIEBELGIQUEBELGIENBELGIUM', 'PEETERS', '12041990', ...TD1]), { now: NOW });
      expect(best).toMatchObject({ format: 'TD1', lines: TD1, corrections: [], confidence: 80 });
      expect(best.parsed.valid).toBe(true);
    });

    it('finds a TD3 with spaces and « in the OCR text', () => {
      const noisy = [TD3[0].replace(/</g, '«').replace('BRUIJN', 'BRU IJN'), TD3[1].replace('NLD', ' NLD ')];
      const [best] = findMrzCandidates(ocr(noisy), { now: NOW });
      expect(best).toMatchObject({ format: 'TD3', lines: TD3 });
      expect(best.parsed.valid).toBe(true);
    });

    it('repairs a stray character and miscounted fillers when the check digits confirm it', () => {
      const stray = TD3[1].slice(0, 10) + 'O' + TD3[1].slice(10); // "…510ONLD…", as tesseract once read it
      const [best] = findMrzCandidates(ocr([`${TD3[0]}<`, stray]), { now: NOW });
      expect(best.lines).toEqual(TD3);
      expect(best.parsed.valid).toBe(true);
      expect(best.corrections).toEqual(expect.arrayContaining([{ line: 1, column: 10, from: 'O', to: '' }]));
    });

    it('corrects O/0 in a date and 8/B in a nationality by field class', () => {
      const misread = [TD1[0], replaceAt(replaceAt(TD1[1], 1, 'O'), 15, '8'), TD1[2]];
      const [best] = findMrzCandidates(ocr(misread), { now: NOW });
      expect(best.lines).toEqual(TD1);
      expect(best.parsed.valid).toBe(true);
      expect(best.corrections).toEqual([
        { line: 1, column: 1, from: 'O', to: '0' },
        { line: 1, column: 15, from: '8', to: 'B' },
      ]);
    });

    it('swaps a look-alike in a document number only when the check digits single it out', () => {
      // NXC4R8P51 read NXC4R8PS1: S and 5 are both possible there; only 5 satisfies the check digits.
      const misread = [TD3[0], replaceAt(TD3[1], 7, 'S')];
      const [best] = findMrzCandidates(ocr(misread), { now: NOW });
      expect(best.lines).toEqual(TD3);
      expect(best.parsed.valid).toBe(true);
      expect(best.corrections).toEqual([{ line: 1, column: 7, from: 'S', to: '5' }]);
    });

    it('refuses to choose when two different swaps both satisfy the check digits', () => {
      // NXC4R8P51 read NXC4RBP51: B→8 (right) and 1→I (NXC4RBP5I) both make every check digit hold.
      const misread = [TD3[0], replaceAt(TD3[1], 5, 'B')];
      const [best] = findMrzCandidates(ocr(misread), { now: NOW });
      expect(best.lines).toEqual(misread);
      expect(best.parsed.valid).toBe(false);
    });

    it('does not accept a wrong reading that satisfies the check digits when a simpler one does too', () => {
      // Dropping the C instead of the stray O also gives valid check digits (NX4R8P510 + O→0), but
      // needs one more edit than dropping the O.
      const stray = TD3[1].slice(0, 10) + 'O' + TD3[1].slice(10);
      const [best] = findMrzCandidates(ocr([TD3[0], stray]), { now: NOW });
      expect(best.lines).toEqual(TD3);
      expect(best.corrections).toEqual([{ line: 1, column: 10, from: 'O', to: '' }]);
    });

    it('re-aligns a line where a stray character pushed a filler out, when the check digits confirm it', () => {
      // A K read inside the document number, the line kept its length by losing a filler at its end.
      const shifted = TD3[1].slice(0, 3) + 'K' + TD3[1].slice(3).replace('<<<<<', '<<<<');
      expect(shifted).toHaveLength(44);
      const [best] = findMrzCandidates(ocr([TD3[0], shifted]), { now: NOW });
      expect(best.lines).toEqual(TD3);
      expect(best.parsed.valid).toBe(true);
      expect(best.corrections).toEqual([
        { line: 1, column: 3, from: 'K', to: '' },
        { line: 1, column: 41, from: '', to: '<' },
      ]);
    });

    it('reports a reading it cannot confirm as found but invalid, with the failed check digit', () => {
      const misread = [TD1[0], replaceAt(TD1[1], 3, '7'), TD1[2]]; // birth date 900412 read 900712: no look-alike to fix
      const [best] = findMrzCandidates(ocr(misread), { now: NOW });
      expect(best.format).toBe('TD1');
      expect(best.parsed.valid).toBe(false);
      expect(best.parsed.errors.map((error) => error.field)).toContain('birthDateCheckDigit');
    });

    it('finds nothing in ordinary text, even in lines of MRZ length', () => {
      const text = ['BELGIEBELGIQUEBELGIENBELGIUMXX', 'IDENTITEITSKAARTCARTEDIDENTITE', 'PERSONALAUSWEISIDENTITYCARDXX'];
      expect(findMrzCandidates(ocr(text), { now: NOW })).toEqual([]);
      expect(findMrzCandidates([], { now: NOW })).toEqual([]);
    });

    it('prefers a valid reading to an invalid one, then the higher confidence', () => {
      const broken = [TD1[0], replaceAt(TD1[1], 3, '7'), TD1[2]];
      const candidates = findMrzCandidates([...ocr(broken, 95), ...ocr(TD1, 60)], { now: NOW });
      expect(candidates[0].parsed.valid).toBe(true);
      expect(candidates[0].confidence).toBe(60);
    });
  });
});
