import { accessSync, constants } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { aptInstall, findExecutable, isRoot } from './apt';
import type { Log } from './log';

export interface EnsureChromiumOptions {
  log: Log;
}

/** Flags that make Debian's Chromium usable headless, as root, offline (Playwright or Karma). */
export const CHROMIUM_HEADLESS_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

const DEBIAN_CHROMIUM = '/usr/bin/chromium';

function assertExecutable(file: string, origin: string): string {
  try {
    accessSync(file, constants.X_OK);
    return file;
  } catch {
    throw new Error(`${origin} points to ${file}, which is not an executable file.`);
  }
}

function describeVersion(file: string): string {
  const result = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 15_000 });
  return result.status === 0 ? result.stdout.trim() : 'version unknown';
}

/**
 * Path of Debian's Chromium (`CHROMIUM_PATH` if set, else /usr/bin/chromium), installing the
 * `chromium` package with apt-get when it is missing and we are root. Never downloads a browser
 * any other way; pair it with `browserEnv()` so that tools do not try to either.
 */
export async function ensureChromium(options: EnsureChromiumOptions): Promise<string> {
  const { log } = options;
  const fromEnv = process.env.CHROMIUM_PATH;
  if (fromEnv !== undefined && fromEnv !== '') return assertExecutable(fromEnv, 'CHROMIUM_PATH');
  const found = findExecutable('chromium');
  if (found !== null) return found;
  if (!isRoot() || findExecutable('apt-get') === null) {
    throw new Error('Chromium not found: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH).');
  }
  log('Chromium not found: installing Debian package chromium');
  await aptInstall(['chromium'], { log });
  const installed = assertExecutable(DEBIAN_CHROMIUM, 'The chromium package');
  log(`Chromium: ${describeVersion(installed)} at ${installed}`);
  return installed;
}

/**
 * Environment for child processes that drive a browser: points Karma/Vitest/Playwright/Puppeteer
 * at `chromiumPath` and tells the download-happy ones not to fetch a browser of their own.
 */
export function browserEnv(chromiumPath: string): Record<string, string> {
  return {
    CHROMIUM_PATH: chromiumPath,
    CHROME_BIN: chromiumPath,
    PUPPETEER_EXECUTABLE_PATH: chromiumPath,
    PUPPETEER_SKIP_DOWNLOAD: 'true',
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  };
}
