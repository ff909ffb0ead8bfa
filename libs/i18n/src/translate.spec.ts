import { CATALOGUES, negotiateLanguage, translate } from './translate';

describe('translate', () => {
  it('fills placeholders', () => {
    expect(translate('en', 'auth.too_many_attempts', { seconds: 30 })).toBe(
      'Too many failed attempts. Try again in 30 seconds.',
    );
    expect(translate('nl', 'validation.minLength', { min: 12 })).toBe('Te kort (minstens 12 tekens).');
  });

  it('has the same keys, none empty, and the same placeholders in fr, nl, de and en', () => {
    const reference = CATALOGUES.en;
    for (const [language, catalogue] of Object.entries(CATALOGUES)) {
      expect(Object.keys(catalogue).sort()).toEqual(Object.keys(reference).sort());
      for (const [key, text] of Object.entries(catalogue)) {
        expect({ language, key, empty: text.trim() === '' }).toEqual({ language, key, empty: false });
        const placeholders = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
        expect({ language, key, p: placeholders(text) }).toEqual({
          language,
          key,
          p: placeholders(reference[key as keyof typeof reference]),
        });
      }
    }
  });
});

describe('negotiateLanguage', () => {
  it.each([
    ['nl-BE,nl;q=0.9,en;q=0.8', 'nl'],
    ['de-DE', 'de'],
    ['es-ES,en;q=0.5', 'en'],
    ['es-ES', 'fr'],
    ['en;q=0.2,de;q=0.9', 'de'],
    [undefined, 'fr'],
  ])('%s → %s', (header, expected) => {
    expect(negotiateLanguage(header)).toBe(expected);
  });
});
