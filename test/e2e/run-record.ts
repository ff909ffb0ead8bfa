import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../../tools/dev/processes';

/**
 * What a browser-test run leaves for `log-scan.e2e-spec.ts`, which runs last: the output of every
 * process of the run (api, worker, desk agent, demo seed, the harness), and the secrets the specs
 * saw (codes, links, passwords, TOTP secrets, cookies), kept outside the log directory.
 */
export const E2E_LOG_DIR = join(ROOT, '.data', 'logs', 'e2e');
const SEEN_SECRETS_FILE = join(ROOT, '.data', 'e2e-seen-secrets.jsonl');

/** Empties the log directory and forgets the secrets of the previous run (global setup). */
export function resetRunRecord(): void {
  rmSync(E2E_LOG_DIR, { recursive: true, force: true });
  mkdirSync(E2E_LOG_DIR, { recursive: true, mode: 0o700 });
  rmSync(SEEN_SECRETS_FILE, { force: true });
}

/** Records a secret a spec saw, so that the log scan can look for it verbatim. */
export function rememberSecret(kind: string, value: string | null | undefined): void {
  if (!value) return;
  mkdirSync(join(ROOT, '.data'), { recursive: true, mode: 0o700 });
  appendFileSync(SEEN_SECRETS_FILE, `${JSON.stringify({ kind, value })}\n`, { mode: 0o600 });
}

export function rememberedSecrets(): { kind: string; value: string }[] {
  if (!existsSync(SEEN_SECRETS_FILE)) return [];
  return readFileSync(SEEN_SECRETS_FILE, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { kind: string; value: string });
}

/** Records the cookies of a browser context (session and CSRF tokens). */
export async function rememberCookies(context: { cookies(): Promise<{ name: string; value: string }[]> }): Promise<void> {
  for (const cookie of await context.cookies()) rememberSecret(`cookie ${cookie.name}`, decodeURIComponent(cookie.value));
}
