/**
 * Development mail catcher:
 *   tsx tools/mail-catcher/main.ts [--smtp-port 1025] [--http-port 1080]
 * Ports also come from MAIL_CATCHER_SMTP_PORT / MAIL_CATCHER_HTTP_PORT (0 = any free port).
 */
import { parseArgs } from 'node:util';
import { startMailCatcher } from './mail-catcher';

const USAGE = 'Usage: tsx tools/mail-catcher/main.ts [--smtp-port 1025] [--http-port 1080]';

function parsePort(value: string | undefined, fallback: number, name: string): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`${name} must be a port number (0–65535), got "${value}"`);
  }
  return port;
}

function readPorts(argv: string[]): { smtpPort: number; httpPort: number } {
  const { values } = parseArgs({
    args: argv,
    options: { 'smtp-port': { type: 'string' }, 'http-port': { type: 'string' } },
  });
  return {
    smtpPort: parsePort(values['smtp-port'] ?? process.env.MAIL_CATCHER_SMTP_PORT, 1025, '--smtp-port'),
    httpPort: parsePort(values['http-port'] ?? process.env.MAIL_CATCHER_HTTP_PORT, 1080, '--http-port'),
  };
}

async function main(): Promise<void> {
  let ports: { smtpPort: number; httpPort: number };
  try {
    ports = readPorts(process.argv.slice(2));
  } catch (err) {
    console.error(`${(err as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  const log = (message: string): void => console.log(`[mail-catcher] ${message}`);
  const catcher = await startMailCatcher({ ...ports, log });
  log(`SMTP ${catcher.smtpUrl}  (no TLS, any or no credentials)`);
  log(`HTTP ${catcher.httpUrl}/messages  (GET newest first, GET /messages/:id, DELETE /messages, GET /health)`);
  const shutdown = (): void => {
    void catcher.stop().then(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((err: unknown) => {
  console.error(`[mail-catcher] ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
