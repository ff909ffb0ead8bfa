import { LANGUAGES } from '@sesame/config';
import { CATALOGUES, formatLongDate, translate, type MessageKey } from '@sesame/i18n';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderActivationLetter, type ActivationLetterContent } from './activation-letter.renderer';

/** Whitespace collapsed, and none after a hyphen: the letter wraps lines at spaces and after hyphens ("E-⏎Mail"). */
const flat = (text: string): string => text.replace(/\s+/g, ' ').replace(/- /g, '-');

/** The letter's text as a reader (and pdftotext, poppler-utils) gets it back, flattened. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'sesame-letter-'));
  try {
    writeFileSync(join(dir, 'letter.pdf'), pdf);
    return execFileSync('pdftotext', ['-layout', '-enc', 'UTF-8', join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const LETTER_KEYS = (Object.keys(CATALOGUES.en) as MessageKey[]).filter((key) => key.startsWith('letter.'));

describe('activation letter in fr, nl, de and en', () => {
  it.each([...LANGUAGES])('%s: every text of the letter printed in the language, placeholders filled', async (language) => {
    const content: ActivationLetterContent = {
      language,
      personName: 'Zoë Van den Bossche-Łukasik',
      municipalityName: 'Schaerbeek',
      code: 'K7M2Q-9XRTA-4HWPZ-8NC3D',
      email: 'zoe@example.test',
      issuedAt: new Date('2026-11-24T10:00:00Z'),
      expiresAt: new Date('2026-12-24T10:00:00Z'),
      activationUrl: 'https://sesame.example.test/activate',
    };
    const text = flat(pdfText(await renderActivationLetter(content)));
    const params = {
      name: content.personName,
      municipality: content.municipalityName,
      date: formatLongDate(content.issuedAt, language),
      email: content.email,
      url: content.activationUrl,
    };
    expect(LETTER_KEYS.length).toBeGreaterThanOrEqual(14);
    for (const key of LETTER_KEYS) {
      const printed = translate(language, key, key === 'letter.valid_until' ? { date: formatLongDate(content.expiresAt, language) } : params);
      expect({ key, printed: text.includes(flat(printed)) }).toEqual({ key, printed: true });
    }
    expect(text).toContain(content.code);
    expect(text).not.toMatch(/\{\w+\}/);
    // In the language asked for: the title of another language is not on the page.
    for (const other of LANGUAGES.filter((l) => l !== language)) expect(text).not.toContain(translate(other, 'letter.title'));
  });
});
