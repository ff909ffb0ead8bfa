import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every translation key the console names literally exists in its translation files. The console's
 * own spec (web-admin/src/app/core/i18n/translations.spec.ts) proves fr, nl, de and en hold the same
 * keys; a key typed in a template but missing from all four would still show raw on screen. Keys
 * built at run time (`'roles.' + role`) are not literal and not checked here (the console spec checks
 * the roles, languages and menu entries).
 */
const ROOT = join(__dirname, '..', '..');
const APP = join(ROOT, 'web-admin', 'src', 'app');

type Tree = { [key: string]: string | Tree };
function flatten(tree: Tree, prefix = '', out = new Set<string>()): Set<string> {
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'object') flatten(value, path, out);
    else out.add(path);
  }
  return out;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.(html|ts)$/.test(entry.name) && !/\.spec\.ts$/.test(entry.name) ? [path] : [];
  });
}

const KEY = String.raw`[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+`;
/** Where the console names a key: the translate pipe, `instant`/`stream` of the translation services, and `…Key: '…'` properties (not `form.get('person.surname')`: a form path). */
const PATTERNS = [
  new RegExp(String.raw`'(${KEY})'\s*\|\s*translate\b`, 'g'),
  new RegExp(String.raw`\.(?:instant|stream)\(\s*'(${KEY})'`, 'g'),
  new RegExp(String.raw`\b\w*Key\??:\s*'(${KEY})'`, 'g'),
];

describe('console translation keys', () => {
  const known = Object.fromEntries(['fr', 'nl', 'de', 'en'].map((language) => [language, flatten(JSON.parse(readFileSync(join(ROOT, 'web-admin', 'public', 'i18n', `${language}.json`), 'utf8')) as Tree)]));
  const used = new Map<string, string>();
  for (const file of sources(APP)) {
    const text = readFileSync(file, 'utf8');
    for (const pattern of PATTERNS) for (const match of text.matchAll(pattern)) used.set(match[1]!, relative(ROOT, file));
  }

  it('finds the keys the console names (the scan is not vacuous)', () => {
    expect(used.size).toBeGreaterThan(500);
    if (process.env.SESAME_TEST_VERBOSE) console.log(`console translation keys: ${used.size} named literally`);
  });

  it.each(['fr', 'nl', 'de', 'en'])('every key named in the console exists in %s.json', (language) => {
    const missing = [...used].filter(([key]) => !known[language]!.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});
