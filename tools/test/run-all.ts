/**
 * npm test — every test of Sésame against real services:
 * type check → migrations (up, check against the entities, down, up) → Jest unit → Jest integration
 * (PostgreSQL, Redis, SMTP catcher) → Angular unit tests (Vitest) → build → fault suite (its own
 * PostgreSQL and Redis, restarted under traffic) → browser tests (Playwright + Debian Chromium). PostgreSQL and Redis are found or started as for `npm start`.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../libs/database/src/data-source.options';
import { pendingSchemaChanges } from '../db/migrate';
import { browserEnv, ensureChromium, ensurePostgres, ensureRedis } from '../infra';

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');
const log = (message: string): void => console.log(`  · ${message}`);
const totals = { passed: 0, failed: 0 };

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  console.log(`\n▶ ${label}`);
  return new Promise((resolve, reject) => {
    const child = spawn(join(BIN, command), args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer, target: NodeJS.WriteStream) => {
      output += chunk.toString();
      target.write(chunk);
    };
    child.stdout.on('data', (chunk: Buffer) => keep(chunk, process.stdout));
    child.stderr.on('data', (chunk: Buffer) => keep(chunk, process.stderr));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) return resolve(output);
      reject(Object.assign(new Error(`${label} failed (exit ${code})`), { output }));
    });
  });
}

/** Jest writes its counts to a JSON file: add them to the totals even when the run failed. */
async function jest(label: string, project: string, env: NodeJS.ProcessEnv): Promise<void> {
  // A fresh clone has no .data/ when PostgreSQL was found rather than embedded: Jest cannot create it.
  mkdirSync(join(ROOT, '.data'), { recursive: true });
  const report = join(ROOT, '.data', `jest-${project}.json`);
  rmSync(report, { force: true });
  const args = ['--selectProjects', project, '--json', '--outputFile', report, '--ci'];
  if (project !== 'unit') args.push('--runInBand');
  try {
    await run(label, 'jest', args, env);
  } finally {
    if (existsSync(report)) {
      const result = JSON.parse(readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number };
      totals.passed += result.numPassedTests;
      totals.failed += result.numFailedTests;
    }
  }
}

async function checkMigrations(url: string): Promise<void> {
  console.log('\n▶ migrations: up, compare with the entities, down to empty, up again');
  const dataSource = await new DataSource(dataSourceOptions(url, { applicationName: 'sesame-test-migrations', poolSize: 1 })).initialize();
  try {
    await dataSource.runMigrations({ transaction: 'each' });
    const { up } = await pendingSchemaChanges(dataSource);
    if (up.length) throw new Error(`entities and migrations disagree; migration:generate would write:\n${up.join(';\n')}`);
    const count = dataSource.migrations.length;
    for (let i = 0; i < count; i += 1) await dataSource.undoLastMigration({ transaction: 'each' });
    const [{ tables }] = await dataSource.query<{ tables: string }[]>(
      `SELECT count(*) AS tables FROM information_schema.tables WHERE table_schema = 'public' AND table_name <> 'migrations'`,
    );
    if (Number(tables) !== 0) throw new Error(`down migrations left ${tables} table(s) behind`);
    await dataSource.runMigrations({ transaction: 'each' });
    console.log(`  ✓ ${count} migrations: up, entity check (empty diff), down, up`);
    totals.passed += 1;
  } catch (error) {
    totals.failed += 1;
    throw error;
  } finally {
    await dataSource.destroy();
  }
}

async function main(): Promise<void> {
  const started = Date.now();
  const postgres = await ensurePostgres({ dataDir: join(ROOT, '.data', 'postgres'), log });
  const redis = await ensureRedis({ log });
  const chromium = await ensureChromium({ log });
  const failures: string[] = [];
  try {
    await postgres.createDatabase('sesame_test', { dropFirst: true });
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      ...browserEnv(chromium),
      TEST_DATABASE_URL: postgres.urlFor('sesame_test'),
      TEST_POSTGRES_BASE_URL: postgres.baseUrl,
      REDIS_URL: redis.url,
      CI: process.env.CI ?? 'true',
    };
    const steps: [string, () => Promise<unknown>][] = [
      ['type check', () => run('type check (api, worker, libs, tools, tests)', 'tsc', ['-p', 'tsconfig.json', '--noEmit'], env)],
      ['migrations', () => checkMigrations(postgres.urlFor('sesame_test'))],
      ['unit', () => jest('back-end unit tests (Jest)', 'unit', env)],
      ['integration', () => jest('integration tests on PostgreSQL, Redis and SMTP (Jest)', 'integration', env)],
      ['web unit', () => webUnit(env)],
      ['build', () => build(env)],
      // Bounded: one round of every fault, 4 s phases (`npm run test:faults` runs three, 10 s each).
      ['faults', () => jest('fault suite: worker, Redis, PostgreSQL and api failures under traffic (Jest)', 'faults', env)],
      ['browser', () => jest('browser tests (Playwright + Chromium)', 'e2e', env)],
    ];
    for (const [name, step] of steps) {
      try {
        await step();
      } catch (error) {
        failures.push(`${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
        if (name === 'type check' || name === 'build') break;
      }
    }
  } finally {
    await redis.stop();
    await postgres.stop();
  }
  console.log(`\nSésame tests finished in ${Math.round((Date.now() - started) / 1000)} s`);
  for (const failure of failures) console.log(`  ✗ ${failure}`);
  console.log(`${totals.passed} passed, ${totals.failed} failed`);
  process.exit(failures.length || totals.failed ? 1 : 0);
}

async function webUnit(env: NodeJS.ProcessEnv): Promise<void> {
  try {
    countVitest(await run('console unit tests (Angular + Vitest)', 'ng', ['test', 'web-admin', '--watch=false'], env));
  } catch (error) {
    countVitest((error as { output?: string }).output ?? '');
    throw error;
  }
}

function countVitest(output: string): void {
  const clean = output.replace(/\x1b\[[0-9;]*m/g, '');
  const line = /Tests\s+(.*)\(\d+\)/.exec(clean)?.[1] ?? '';
  totals.passed += Number(/(\d+) passed/.exec(line)?.[1] ?? 0);
  totals.failed += Number(/(\d+) failed/.exec(line)?.[1] ?? 0);
}

async function build(env: NodeJS.ProcessEnv): Promise<void> {
  await run('build api', 'nest', ['build', 'api'], env);
  await run('build worker', 'nest', ['build', 'worker'], env);
  await run('build desk agent', 'nest', ['build', 'desk-agent'], env);
  await run('build console', 'ng', ['build', 'web-admin'], env);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  console.log(`${totals.passed} passed, ${Math.max(totals.failed, 1)} failed`);
  process.exit(1);
});
