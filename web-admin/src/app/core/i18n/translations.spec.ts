import de from '../../../../public/i18n/de.json';
import en from '../../../../public/i18n/en.json';
import fr from '../../../../public/i18n/fr.json';
import nl from '../../../../public/i18n/nl.json';
import { ROLES } from '../auth/auth.models';
import { NAV_ITEMS } from '../shell/navigation';
import { LANGUAGES } from './languages';

type Tree = { [key: string]: string | Tree };

const FILES: Record<string, Tree> = { fr, nl, de, en };

/** `{ a: { b: 'x' } }` → `{ 'a.b': 'x' }`; a non-string leaf is kept as is so the test can flag it. */
function flatten(tree: Tree, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [k, v] of flatten(value, path)) {
        out.set(k, v);
      }
    } else {
      out.set(path, value);
    }
  }
  return out;
}

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();
}

describe('translation files', () => {
  const flat = Object.fromEntries(Object.entries(FILES).map(([lang, tree]) => [lang, flatten(tree)]));
  const allKeys = new Set(Object.values(flat).flatMap((map) => [...map.keys()]));

  it('exist for every console language', () => {
    expect(Object.keys(FILES).sort()).toEqual([...LANGUAGES].sort());
  });

  for (const lang of LANGUAGES) {
    it(`${lang}.json has exactly the keys of the others`, () => {
      const keys = new Set(flat[lang].keys());
      const missing = [...allKeys].filter((key) => !keys.has(key));
      expect(missing, `missing in ${lang}.json`).toEqual([]);
      expect(keys.size, `extra keys in ${lang}.json`).toBe(allKeys.size);
    });

    it(`${lang}.json has a non-empty string for every key`, () => {
      const bad = [...flat[lang]].filter(([, value]) => typeof value !== 'string' || value.trim() === '');
      expect(bad.map(([key]) => key)).toEqual([]);
    });

    it(`${lang}.json uses the same {{placeholders}} as English`, () => {
      const different = [...flat['en']]
        .filter(([key, value]) => {
          const other = flat[lang].get(key);
          return typeof other === 'string' && typeof value === 'string'
            ? placeholders(other).join() !== placeholders(value).join()
            : false;
        })
        .map(([key]) => key);
      expect(different).toEqual([]);
    });
  }

  it('are real translations, not copies of the English file', () => {
    const en = flat['en'];
    for (const lang of ['fr', 'nl', 'de']) {
      const same = [...flat[lang]].filter(([key, value]) => en.get(key) === value).length;
      // Brand names, autonyms and a few international words ("Actions", "Status", "Supervisor") may match.
      expect(same / en.size, `${lang}.json is too close to en.json`).toBeLessThan(0.1);
    }
  });

  it('name every role, language and menu entry', () => {
    const fr = flat['fr'];
    const needed = [
      ...ROLES.map((role) => `roles.${role}`),
      ...LANGUAGES.map((lang) => `language.name.${lang}`),
      ...LANGUAGES.map((lang) => `language.autonym.${lang}`),
      ...NAV_ITEMS.flatMap((item) => [item.labelKey, item.descriptionKey]),
    ];
    expect(needed.filter((key) => !fr.has(key))).toEqual([]);
  });
});
