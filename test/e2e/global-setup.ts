import { VPCD_PORTS, VPCD_READER_NAMES } from '../../tools/beid-emulator';
import { startSystem } from '../../tools/dev/system';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_LOG_DIR, resetRunRecord } from './run-record';

/**
 * Browser tests run against the whole system as `npm start` runs it (compiled api + worker + desk
 * agent, the built console, the SMTP catcher, pcscd with the card emulator in a vpcd reader), on a
 * fresh database of their own with the demo accounts.
 */
export default async function globalSetup(): Promise<void> {
  // The video test books the next slot, which near midnight is up to an hour away: its waiting room
  // (and the agent's start) open an hour ahead instead of the default ten minutes.
  process.env.VIDEO_JOIN_OPENS_MINUTES ??= '60';
  // Every process logs all it can, into a directory of this run that log-scan.e2e-spec.ts reads last.
  process.env.LOG_LEVEL = 'trace';
  resetRunRecord();
  const system = await startSystem({
    database: 'sesame_e2e',
    fresh: true,
    quiet: true,
    logDir: E2E_LOG_DIR,
    log: () => undefined,
    // The test reader (not the demo's), an empty slot (the desk test picks its card), a port of its own.
    cardReader: { vpcdPort: VPCD_PORTS.test, readerName: VPCD_READER_NAMES.test, agentPort: 35992, required: true },
  });
  Object.assign(process.env, system.env, { E2E_BASE_URL: system.baseUrl, E2E_MAIL_CATCHER_URL: system.env.MAIL_CATCHER_URL });
  const root = join(__dirname, '..', '..');
  const seed = spawnSync(join(root, 'node_modules', '.bin', 'tsx'), ['tools/dev/seed.ts'], { cwd: root, env: process.env, encoding: 'utf8' });
  writeFileSync(join(E2E_LOG_DIR, 'seed.log'), `${seed.stdout ?? ''}${seed.stderr ?? ''}`);
  if (seed.status !== 0) {
    await system.stop();
    throw new Error(`demo seed failed: ${seed.stderr}`);
  }
  (globalThis as { __sesameSystem?: { stop(): Promise<void> } }).__sesameSystem = system;
}
