/**
 * Persons register candidate search over a large synthetic register (issue 5).
 *
 *   npm run bench:persons -- [--count 1000000] [--queries 200] [--reuse] [--postgres postgres://postgres@127.0.0.1:5432]
 *
 * Creates (or with --reuse keeps) the scratch database `sesame_bench`, migrates it, fills it with the
 * generator, then runs candidate searches built from existing persons with typos through the
 * repository + service (TypeORM) and the same SQL bare (node-postgres, no ORM) as the baseline.
 */
import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { PersonsRepository } from '../api/src/persons/persons.repository';
import { CANDIDATE_SQL, candidateParams } from '../api/src/persons/persons.repository';
import { PersonsService } from '../api/src/persons/persons.service';
import type { AppConfig } from '../libs/config/src';
import { dataSourceOptions } from '../libs/database/src';
import { personNameKeys } from '../libs/domain/src';
import { generatePersons } from '../tools/dev/persons-generator';
import { machineLine, writeBenchSection } from './report';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1]!;
};
const COUNT = Number(arg('--count', '1000000'));
const QUERIES = Number(arg('--queries', '200'));
const BASE = arg('--postgres', 'postgres://postgres@127.0.0.1:5432');
const DB = 'sesame_bench';
const URL = `${BASE}/${DB}`;

/** Deterministic typos: drop, double or swap a letter of the surname; strip accents and case. */
function typo(value: string, seed: number): string {
  const plain = value.normalize('NFD').replace(/\p{M}+/gu, '');
  const i = 1 + (seed % Math.max(1, plain.length - 2));
  switch (seed % 4) {
    case 0: return plain.slice(0, i) + plain.slice(i + 1);
    case 1: return plain.slice(0, i) + plain[i] + plain.slice(i);
    case 2: return plain.slice(0, i) + (plain[i + 1] ?? '') + plain[i] + plain.slice(i + 2);
    default: return plain.toUpperCase().replace(/[\s'-]/g, '');
  }
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
const ms = (n: number) => `${n.toFixed(1)} ms`;

async function main(): Promise<void> {
  const admin = new Client({ connectionString: `${BASE}/postgres` });
  await admin.connect();
  const reuse = process.argv.includes('--reuse');
  if (!reuse) {
    await admin.query(`DROP DATABASE IF EXISTS ${DB}`);
    await admin.query(`CREATE DATABASE ${DB}`);
  } else if ((await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB])).rowCount === 0) {
    await admin.query(`CREATE DATABASE ${DB}`);
  }
  await admin.end();

  const dataSource = await new DataSource(dataSourceOptions(URL, { applicationName: 'sesame-bench', poolSize: 4 })).initialize();
  await dataSource.runMigrations({ transaction: 'each' });
  console.log(`generating up to ${COUNT} persons into ${DB}…`);
  const generated = await generatePersons({ databaseUrl: URL, count: COUNT, ensure: true, log: console.log });
  console.log(`inserted ${generated.inserted} in ${generated.seconds.toFixed(1)} s`);
  const total = Number((await dataSource.query(`SELECT count(*) AS n FROM person`))[0].n);
  const size = (await dataSource.query(`SELECT pg_size_pretty(pg_total_relation_size('person')) AS s`))[0].s as string;

  const config = { NISS_AUTO_IDENTIFY_MIN_SCORE: 90, NISS_CANDIDATE_MIN_SCORE: 40, NISS_NAME_SIMILARITY_THRESHOLD: 0.3 } as AppConfig;
  const service = new PersonsService(new PersonsRepository(dataSource), config);
  const sample: { id: string; surname: string; given_names: string; birth_date: string; sex: 'M' | 'F'; nationality: string }[] = await dataSource.query(
    `SELECT id, surname, given_names, to_char(birth_date, 'YYYY-MM-DD') AS birth_date, sex, nationality FROM person TABLESAMPLE SYSTEM (1) REPEATABLE (42) WHERE synthetic LIMIT $1`,
    [QUERIES],
  );
  const queries = sample.map((p, i) => ({
    target: p.id,
    input: { surname: typo(p.surname, i), givenNames: p.given_names.split(' ')[0]!, birthDate: p.birth_date, sex: p.sex, nationality: p.nationality },
  }));

  // Warm-up (caches, plans), then measure.
  for (const q of queries.slice(0, 10)) await service.findCandidates(q.input);
  const ormTimes: number[] = [];
  let top1 = 0;
  let top5 = 0;
  let candidatesSeen = 0;
  for (const q of queries) {
    const t0 = process.hrtime.bigint();
    const { candidates } = await service.findCandidates(q.input);
    ormTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const rank = candidates.findIndex((c) => c.id === q.target);
    if (rank === 0) top1++;
    if (rank !== -1 && rank < 5) top5++;
    candidatesSeen += candidates.length;
  }

  const bare = new Client({ connectionString: URL, application_name: 'sesame-bench-bare' });
  await bare.connect();
  const rowsPerQuery: number[] = [];
  const runBare = async (input: (typeof queries)[number]['input']) => {
    await bare.query('BEGIN');
    await bare.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, ['0.3']);
    const result = await bare.query(
      CANDIDATE_SQL,
      candidateParams({ keys: personNameKeys(input.surname, input.givenNames), birthDate: input.birthDate, birthYear: Number(input.birthDate.slice(0, 4)), nationalNumber: null, similarityThreshold: 0.3, poolSize: 50 }),
    );
    await bare.query('COMMIT');
    return result.rowCount ?? 0;
  };
  for (const q of queries.slice(0, 10)) await runBare(q.input);
  const bareTimes: number[] = [];
  for (const q of queries) {
    const t0 = process.hrtime.bigint();
    rowsPerQuery.push(await runBare(q.input));
    bareTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  // How many rows the trigram filter lets through before LIMIT (the real work of a search).
  await bare.query('BEGIN');
  await bare.query(`SELECT set_config('pg_trgm.similarity_threshold', '0.3', true)`);
  const q0 = queries[0]!.input;
  const plan = await bare.query(`EXPLAIN (ANALYZE, FORMAT JSON) ${CANDIDATE_SQL}`, candidateParams({ keys: personNameKeys(q0.surname, q0.givenNames), birthDate: q0.birthDate, birthYear: Number(q0.birthDate.slice(0, 4)), nationalNumber: null, similarityThreshold: 0.3, poolSize: 50 }));
  await bare.query('COMMIT');
  await bare.end();
  await dataSource.destroy();

  const planText = JSON.stringify(plan.rows[0]['QUERY PLAN']);
  const nodeTypes = [...new Set(Array.from(planText.matchAll(/"Node Type":"([^"]+)"/g), (m) => m[1]))].join(', ');
  ormTimes.sort((a, b) => a - b);
  bareTimes.sort((a, b) => a - b);
  const rows: [string, string][] = [
    ['Register size', `${total.toLocaleString('en')} persons (${size} with indexes), database \`${DB}\``],
    ['Generation (this run)', generated.inserted ? `${generated.inserted.toLocaleString('en')} persons in ${generated.seconds.toFixed(1)} s (${Math.round(generated.inserted / generated.seconds).toLocaleString('en')}/s, batches of 5,000 via \`unnest\`, 3 GIN + btree indexes maintained)` : 'reused'],
    ['Queries', `${queries.length}, built from existing persons: typo in the surname (letter dropped, doubled, swapped, or upper-case without accents/spaces), first given name only, exact birth date, sex, nationality`],
    ['Repository + service (TypeORM, scoring) p50 / p95', `${ms(percentile(ormTimes, 50))} / ${ms(percentile(ormTimes, 95))}`],
    ['Same SQL bare (node-postgres) p50 / p95', `${ms(percentile(bareTimes, 50))} / ${ms(percentile(bareTimes, 95))}`],
    ['Target person ranked first / in the top 5', `${((100 * top1) / queries.length).toFixed(0)} % / ${((100 * top5) / queries.length).toFixed(0)} %`],
    ['Candidates shown per query (≥ min score, ≤ 10) / SQL pool rows', `${(candidatesSeen / queries.length).toFixed(1)} / ${(rowsPerQuery.reduce((a, b) => a + b, 0) / rowsPerQuery.length).toFixed(1)}`],
    ['Plan nodes (first query, EXPLAIN ANALYZE)', nodeTypes],
  ];
  console.table(rows);
  writeBenchSection({
    title: 'Persons register',
    intro: `\`npm run bench:persons -- --count ${COUNT}\` — candidate search of the persons register (pg_trgm similarity over normalised name keys + birth date, sex, nationality; scored 0–100). ${machineLine()}; PostgreSQL ${(await pgVersion())}.`,
    rows,
    outro: 'The synthetic register draws surnames from ~100 frequent Belgian and foreign names, so each surname is shared by thousands of persons: the trigram filter lets many rows through and the pre-rank sorts them. A real register has far more distinct surnames, which makes the filter more selective.',
  });
}

async function pgVersion(): Promise<string> {
  const client = new Client({ connectionString: URL });
  await client.connect();
  const v = (await client.query('SHOW server_version')).rows[0].server_version as string;
  await client.end();
  return v;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
