import type { Server as HttpServer } from 'node:http';
import type { AddressInfo, Server as NetServer } from 'node:net';
import type { Readable } from 'node:stream';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { createHttpApi } from './http-api';
import { MailStore, type CaughtMail, type MailPredicate } from './mail-store';
import { parseMail } from './parse-mail';

export type { CaughtMail, MailPredicate } from './mail-store';

export const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

export interface MailCatcherOptions {
  /** SMTP port; omitted or 0 = any free port. */
  smtpPort?: number;
  /** HTTP API port; omitted or 0 = any free port. */
  httpPort?: number;
  /** Only loopback: the catcher accepts anything from anyone who can reach it. */
  host?: '127.0.0.1';
  log?: (message: string) => void;
  /** How many mails are kept (default 500; the fault suite counts every mail of its run). */
  capacity?: number;
}

export interface MailCatcher {
  /** `smtp://127.0.0.1:PORT`: no TLS, any credentials (or none) accepted. */
  smtpUrl: string;
  /** `http://127.0.0.1:PORT` of the JSON API. */
  httpUrl: string;
  stop(): Promise<void>;
  /** Caught mails, newest first (the last `capacity`, 500 by default). */
  messages(): CaughtMail[];
  clear(): void;
  /** The newest caught mail matching `predicate`, or the next one to arrive; rejects after `timeoutMs` (10 s). */
  waitFor(predicate: MailPredicate, timeoutMs?: number): Promise<CaughtMail>;
}

type SmtpCallback = (err?: Error | null) => void;

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

function createSmtpServer(store: MailStore, log: (message: string) => void): SMTPServer {
  const onData = (stream: SMTPServerDataStream, session: SMTPServerSession, callback: SmtpCallback): void => {
    parseMail(stream as Readable, session.envelope).then(
      (mail) => {
        if (stream.sizeExceeded) {
          callback(smtpError(`Message exceeds the ${MAX_MESSAGE_BYTES / 1024 / 1024} MB limit`, 552));
          return;
        }
        store.add(mail);
        log(`caught "${mail.subject}" → ${mail.to.join(', ')}`);
        callback();
      },
      (err: unknown) => callback(smtpError(`Could not parse the message: ${String(err)}`, 451)),
    );
  };
  return new SMTPServer({
    banner: 'Sésame mail catcher',
    secure: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(null, { user: auth.username ?? 'anonymous' }),
    size: MAX_MESSAGE_BYTES,
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 1000,
    onData,
  });
}

function listen(server: NetServer | HttpServer, port: number, host: string, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (err: NodeJS.ErrnoException): void => {
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`Mail catcher: ${what} port ${port} on ${host} is already in use`)
          : new Error(`Mail catcher: cannot listen for ${what} on ${host}:${port}: ${err.message}`),
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.removeListener('error', onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeHttp(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function closeSmtp(server: SMTPServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

/** Starts an SMTP server that keeps what it receives, and a JSON API to read it, both on 127.0.0.1. */
export async function startMailCatcher(options: MailCatcherOptions = {}): Promise<MailCatcher> {
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((): void => undefined);
  const store = new MailStore(options.capacity);
  const smtp = createSmtpServer(store, log);
  let smtpUrl = '';
  const http = createHttpApi(store, () => smtpUrl);

  // Registered before listen(): SMTPServer re-emits server and connection errors and would throw without it.
  smtp.on('error', (err: Error) => {
    if (smtpUrl !== '') log(`SMTP error: ${err.message}`);
  });
  const smtpPort = await listen(smtp.server, options.smtpPort ?? 0, host, 'SMTP');
  smtpUrl = `smtp://${host}:${smtpPort}`;
  let httpPort: number;
  try {
    httpPort = await listen(http, options.httpPort ?? 0, host, 'HTTP');
  } catch (err) {
    await closeSmtp(smtp);
    throw err;
  }
  const httpUrl = `http://${host}:${httpPort}`;

  let stopped: Promise<void> | undefined;
  return {
    smtpUrl,
    httpUrl,
    stop: () => {
      stopped ??= (async () => {
        store.rejectWaiters('Mail catcher stopped');
        await Promise.all([closeSmtp(smtp), closeHttp(http)]);
      })();
      return stopped;
    },
    messages: () => store.list(),
    clear: () => store.clear(),
    waitFor: (predicate, timeoutMs) => store.waitFor(predicate, timeoutMs),
  };
}
