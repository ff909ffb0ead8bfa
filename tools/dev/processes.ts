import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';

export const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'node_modules', '.bin');
/** The compiled api and worker, relative to ROOT (`npm run build`). */
export const API_ENTRY = 'dist/api/api/src/main.js';
export const WORKER_ENTRY = 'dist/worker/worker/src/main.js';

/** Where quiet children write their output unless told otherwise. */
export const LOG_DIR = join(ROOT, '.data', 'logs');

/** Runs a build step in the foreground; throws with its output when it fails. */
export function runStep(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const started = Date.now();
  const result = spawnSync(join(BIN, command), args, { cwd: ROOT, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) {
    throw new Error(`${label} failed:\n${result.stdout}\n${result.stderr}`);
  }
  console.log(`  ✓ ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

/** Builds api, worker, the desk agent and the console into dist/. */
export function buildAll(): void {
  runStep('build api', 'nest', ['build', 'api']);
  runStep('build worker', 'nest', ['build', 'worker']);
  runStep('build desk agent', 'nest', ['build', 'desk-agent']);
  runStep('build console', 'ng', ['build', 'web-admin']);
}

/**
 * Starts a compiled Node entry point as a child that dies with us; its output is prefixed on the
 * terminal, or written to <logDir>/<label>.log when quiet (tests; .data/logs by default).
 */
export function startNode(label: string, entry: string, env: NodeJS.ProcessEnv, quiet = false, logDir = LOG_DIR): ChildProcess {
  const child = spawn(process.execPath, ['--enable-source-maps', join(ROOT, entry)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const logFile = quiet ? (mkdirSync(logDir, { recursive: true }), createWriteStream(join(logDir, `${label}.log`))) : null;
  const forward = (stream: NodeJS.ReadableStream | null, target: NodeJS.WriteStream) =>
    stream?.on('data', (chunk: Buffer) => {
      if (logFile) return void logFile.write(chunk);
      for (const line of chunk.toString().split('\n').filter(Boolean)) target.write(`[${label}] ${line}\n`);
    });
  forward(child.stdout, process.stdout);
  forward(child.stderr, process.stderr);
  return child;
}

export async function stopChild(child: ChildProcess, timeoutMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function waitForHttp(url: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 250));
  }
}
