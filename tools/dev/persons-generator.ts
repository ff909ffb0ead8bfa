/**
 * Synthetic persons register for demos and benchmarks (issue 5): realistic Belgian and foreign
 * names (accents, particles, compound names), birth dates, sex, nationality, birth place and
 * addresses; valid NISS numbers for Belgians and BIS numbers for the others (libs/domain helpers),
 * unique. Rows are marked `synthetic = true`; the generator is deterministic per row index, and
 * `ensure` tops the synthetic rows up to a count (the demo seed calls it; nothing happens when enough
 * exist).
 *
 *   npm run persons:generate -- --count 10000 [--database-url postgres://…] [--ensure]
 */
import { makeBisNumber, personNameKeys } from '../../libs/domain/src';
import { Client } from 'pg';
import { loadLocalEnv } from '../local-env';

const SURNAMES_FR = ['Dubois', 'Lambert', 'Dupont', 'Martin', 'Simon', 'Laurent', 'Lejeune', 'Leclercq', 'Renard', 'François', 'Lefèvre', 'Mercier', 'Gérard', 'Deschamps', 'Collard', 'Hubert', 'Delhaye', 'de la Fontaine', 'Du Bois', "d'Ursel", 'Lemaître', 'Noël', 'Thiry', 'Wéry', 'Dumont', 'Bodart', 'Henrard', 'Piérard', 'Lhoest', 'Châtelain'];
const SURNAMES_NL = ['Peeters', 'Janssens', 'Maes', 'Jacobs', 'Mertens', 'Willems', 'Claes', 'Goossens', 'Wouters', 'De Smet', 'De Vos', 'Van den Bossche', 'Vandenbussche', 'Van Damme', 'Vermeulen', 'Verstraete', "D'Hondt", 'De Backer', 'Van de Velde', 'Vanderlinden', 'Van Acker', 'Hermans', 'Dewitte', 'De Witte', 'Verhoeven', 'Van Hoof', 'Claeys', 'Declercq', 'Cools', 'Van der Elst'];
const SURNAMES_DE = ['Müller', 'Schmitz', 'Weber', 'Meyer', 'Schröder', 'Krämer', 'Jüngling', 'von Wolff', 'Heinen', 'Weiß', 'Hoffmann', 'Lenz'];
const SURNAMES_FOREIGN = ['El Amrani', 'Benali', 'Yılmaz', 'Öztürk', 'Kowalski', 'Wałęsa', 'Nowak', 'Popescu', 'Ştefănescu', 'Rossi', 'Bianchi', 'Esposito', 'García', 'Muñoz', 'dos Santos', 'Ferreira', 'Nguyen', 'Diallo', 'Mukendi', 'Kabongo', 'Ivanov', 'Papadopoulos', "O'Brien", 'Smith', 'Dvořák', 'Horváth', 'Al Hassan', 'Ben Youssef'];
const GIVEN_M = ['Jean', 'Pierre', 'Luc', 'Marc', 'Philippe', 'François', 'Jean-Pierre', 'Michel', 'Olivier', 'Thomas', 'Noah', 'Louis', 'Arthur', 'Jan', 'Pieter', 'Wouter', 'Bart', 'Koen', 'Jürgen', 'Klaus', 'Mohamed', 'Youssef', 'Mehmet', 'Piotr', 'Andrei', 'Giuseppe', 'José', 'João', 'Mamadou', 'Dmitri', 'Séverin', 'Gaëtan', 'Raphaël'];
const GIVEN_F = ['Marie', 'Anne', 'Sophie', 'Isabelle', 'Nathalie', 'Françoise', 'Marie-Thérèse', 'Chloé', 'Léa', 'Emma', 'Olivia', 'Els', 'An', 'Lies', 'Griet', 'Katrien', 'Sabine', 'Jürgen', 'Fatima', 'Aïcha', 'Elif', 'Agnieszka', 'Ioana', 'Giulia', 'María', 'Inês', 'Aminata', 'Olga', 'Hélène', 'Zoë', 'Noémie'];
const BELGIAN_PLACES: [string, string, string][] = [
  ['Bruxelles', '1000', 'Rue Neuve'], ['Anderlecht', '1070', 'Chaussée de Mons'], ['Antwerpen', '2000', 'Meir'], ['Gent', '9000', 'Veldstraat'],
  ['Liège', '4000', 'Rue Saint-Gilles'], ['Charleroi', '6000', 'Boulevard Tirou'], ['Namur', '5000', 'Rue de Fer'], ['Leuven', '3000', 'Bondgenotenlaan'],
  ['Brugge', '8000', 'Steenstraat'], ['Mons', '7000', 'Rue de Nimy'], ['Eupen', '4700', 'Aachener Straße'], ['Hasselt', '3500', 'Koning Albertstraat'],
  ['Arlon', '6700', 'Grand-Rue'], ['Mechelen', '2800', 'Bruul'], ['Kortrijk', '8500', 'Doorniksestraat'], ['Wavre', '1300', 'Place Bosch'],
];
const FOREIGN: [nationality: string, birthPlace: string][] = [
  ['FRA', 'Lille'], ['NLD', 'Rotterdam'], ['DEU', 'Köln'], ['ITA', 'Palermo'], ['ESP', 'Málaga'], ['PRT', 'Porto'], ['POL', 'Kraków'],
  ['ROU', 'Iași'], ['MAR', 'Casablanca'], ['TUR', 'Kayseri'], ['COD', 'Kinshasa'], ['SYR', 'Alep'], ['UKR', 'Kharkiv'], ['GRC', 'Thessaloniki'],
];

/** mulberry32: a small deterministic PRNG, one stream per row index. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticPerson {
  nationalNumber: string;
  surname: string;
  givenNames: string;
  birthDate: string;
  sex: 'M' | 'F';
  nationality: string;
  birthPlace: string;
  addressStreet: string;
  addressPostalCode: string;
  addressMunicipality: string;
  addressCountry: string;
  language: string;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Builds person number `index` (deterministic). `counters` keeps SSS unique per date and sex within a run. */
export function syntheticPerson(index: number, counters: Map<string, number>): SyntheticPerson {
  const rnd = prng(index * 2654435761 + 17);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const sex: 'M' | 'F' = rnd() < 0.5 ? 'M' : 'F';
  const belgian = rnd() < 0.78;
  const community = rnd();
  const surnameList = !belgian ? SURNAMES_FOREIGN : community < 0.55 ? SURNAMES_NL : community < 0.97 ? SURNAMES_FR : SURNAMES_DE;
  // Some double surnames (Spanish/Portuguese style, or married names), some compound given names.
  const surname = rnd() < 0.06 ? `${pick(surnameList)}-${pick(surnameList)}` : pick(surnameList);
  const firstNames = sex === 'M' ? GIVEN_M : GIVEN_F;
  const givenCount = rnd() < 0.55 ? 1 : rnd() < 0.8 ? 2 : 3;
  const givenNames = Array.from({ length: givenCount }, () => pick(firstNames)).join(' ');
  const year = 1930 + Math.floor(rnd() * 94);
  const month = 1 + Math.floor(rnd() * 12);
  const day = 1 + Math.floor(rnd() * new Date(Date.UTC(year, month, 0)).getUTCDate());
  const [nationality, foreignPlace] = belgian ? ['BEL', ''] : pick(FOREIGN);
  const [municipality, postalCode, street] = pick(BELGIAN_PLACES);
  const key = `${belgian ? 'N' : 'B'}${year}-${month}-${day}-${sex}`;
  const step = 2;
  const counter = (counters.get(key) ?? (sex === 'M' ? 1 + 2 * Math.floor(rnd() * 100) : 2 + 2 * Math.floor(rnd() * 100)) - step) + step;
  if (counter > 998) return syntheticPerson(index + 7_919_000_000, counters);
  counters.set(key, counter);
  const nationalNumber = belgian ? nissNumber(year, month, day, counter) : makeBisNumber({ birthDate: { year, month, day }, sex, counter });
  return {
    nationalNumber,
    surname,
    givenNames,
    birthDate: `${year}-${pad(month)}-${pad(day)}`,
    sex,
    nationality,
    birthPlace: belgian ? pick(BELGIAN_PLACES)[0] : foreignPlace,
    addressStreet: `${street} ${1 + Math.floor(rnd() * 250)}`,
    addressPostalCode: postalCode,
    addressMunicipality: municipality,
    addressCountry: 'BE',
    language: community < 0.55 ? 'nl' : community < 0.97 ? 'fr' : 'de',
  };
}

function nissNumber(year: number, month: number, day: number, counter: number): string {
  const first9 = `${pad(year % 100)}${pad(month)}${pad(day)}${pad(counter, 3)}`;
  return first9 + pad(97 - (Number((year >= 2000 ? '2' : '') + first9) % 97));
}

const COLUMNS = [
  'national_number', 'surname', 'given_names', 'birth_date', 'birth_date_text', 'sex', 'nationality', 'birth_place', 'address_street',
  'address_postal_code', 'address_municipality', 'address_country', 'language', 'surname_key', 'surname_core_key', 'given_names_key', 'name_key',
] as const;
const TYPES = ['text', 'text', 'text', 'date', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text', 'text'];

/** Inserts a batch as arrays (one statement, `unnest`); returns the rows actually inserted. */
async function insertBatch(client: Client, people: SyntheticPerson[]): Promise<number> {
  const columns: unknown[][] = COLUMNS.map(() => []);
  for (const p of people) {
    const keys = personNameKeys(p.surname, p.givenNames);
    const values = [p.nationalNumber, p.surname, p.givenNames, p.birthDate, p.birthDate, p.sex, p.nationality, p.birthPlace, p.addressStreet,
      p.addressPostalCode, p.addressMunicipality, p.addressCountry, p.language, keys.surnameKey, keys.surnameCoreKey, keys.givenNamesKey, keys.nameKey];
    values.forEach((value, i) => columns[i]!.push(value));
  }
  const result = await client.query(
    `INSERT INTO "person" (${COLUMNS.map((c) => `"${c}"`).join(', ')}, "synthetic", "version")
     SELECT *, true, 1 FROM unnest(${TYPES.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
     ON CONFLICT DO NOTHING`,
    columns,
  );
  return result.rowCount ?? 0;
}

export interface GenerateOptions {
  databaseUrl: string;
  count: number;
  /** Only top the synthetic rows up to `count` (default: add `count` rows). */
  ensure?: boolean;
  batchSize?: number;
  log?: (line: string) => void;
}

/** Generates synthetic persons; returns how many were inserted and how long it took. */
export async function generatePersons(options: GenerateOptions): Promise<{ inserted: number; total: number; seconds: number }> {
  const { databaseUrl, count, ensure = false, batchSize = 5000, log = () => undefined } = options;
  const client = new Client({ connectionString: databaseUrl, application_name: 'sesame-persons-generator' });
  await client.connect();
  const started = process.hrtime.bigint();
  try {
    const existing = Number((await client.query(`SELECT count(*) AS n FROM "person" WHERE "synthetic"`)).rows[0].n);
    const target = ensure ? count : existing + count;
    let missing = target - existing;
    // Row indexes continue after the existing synthetic rows, so a top-up makes new people.
    let index = existing;
    const counters = new Map<string, number>();
    let inserted = 0;
    let logged = 0;
    while (missing > 0) {
      const size = Math.min(batchSize, missing);
      const batch = Array.from({ length: size }, () => syntheticPerson(index++, counters));
      // A number already in the register (an earlier run, a desk read) is skipped; the loop tops up.
      const added = await insertBatch(client, batch);
      inserted += added;
      missing -= added;
      if (inserted - logged >= 50_000) log(`${(logged = inserted)} inserted`);
    }
    if (inserted > 0) await client.query(`ANALYZE "person"`);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { inserted, total: existing + inserted, seconds };
  } finally {
    await client.end();
  }
}

function argValue(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

if (require.main === module) {
  loadLocalEnv();
  const args = process.argv.slice(2);
  const count = Number(argValue(args, '--count') ?? 10_000);
  const databaseUrl = argValue(args, '--database-url') ?? process.env.DATABASE_URL;
  if (!databaseUrl || !Number.isInteger(count) || count < 0) {
    console.error('usage: npm run persons:generate -- --count 10000 [--database-url postgres://…] [--ensure]');
    process.exit(2);
  }
  generatePersons({ databaseUrl, count, ensure: args.includes('--ensure'), log: console.log }).then(
    ({ inserted, total, seconds }) => console.log(`inserted ${inserted} synthetic persons in ${seconds.toFixed(1)} s (${total} synthetic in total)`),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
