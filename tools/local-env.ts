import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where `npm start` records the URLs of the services it started, for the other npm scripts. */
export const LOCAL_ENV_FILE = join(__dirname, '..', '.data', 'local.env');

/** Fills `process.env` from `.data/local.env` for variables that are not already set. */
export function loadLocalEnv(): void {
  if (!existsSync(LOCAL_ENV_FILE)) return;
  for (const line of readFileSync(LOCAL_ENV_FILE, 'utf8').split('\n')) {
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (match && process.env[match[1]] === undefined) process.env[match[1]] = match[2];
  }
}

export function writeLocalEnv(values: Record<string, string>): void {
  mkdirSync(dirname(LOCAL_ENV_FILE), { recursive: true, mode: 0o700 });
  const body = Object.entries(values)
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
  writeFileSync(LOCAL_ENV_FILE, `# written by npm start; local development only\n${body}\n`, { mode: 0o600 });
}
