import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import {
  PROTOCOL_VERSION,
  type AgentMessage,
  type CardReadRequest,
  type ClientMessage,
  type ErrorMessage,
  type StatusMessage,
} from '@sesame/desk-protocol';
import { AgentError } from '../agent.error';
import { BeidCardReader, type BeidCardRead } from '../card/beid-card-reader';
import { toCardReadResult } from '../card/card-read-result';
import type { OpenCardChannel } from '../pcsc/card-channel';
import type { PcscSnapshot, ReaderPort, ReaderSnapshot } from '../pcsc/pcsc-monitor';
import { parseClientMessage } from './client-messages';
import type { PairingService } from './pairing';

/** The console lives in a browser on the same PC: never listen on another interface. */
export const AGENT_HOST = '127.0.0.1';
export const AGENT_VERSION = '0.1.0';
/** v1 messages are a few hundred bytes; a larger frame is refused (and the connection closed by ws). */
const MAX_PAYLOAD = 16 * 1024;
const MAX_CONNECTIONS = 16;
const HEARTBEAT_MS = 30_000;

export interface AgentServerOptions {
  /** 0 picks a free port (specs). */
  port: number;
  allowedOrigins: readonly string[];
  readers: ReaderPort;
  pairing: PairingService;
  log: Logger;
  /** Default: BeidCardReader over the channel. */
  readCard?: (channel: OpenCardChannel) => Promise<BeidCardRead>;
}

interface Connection {
  id: string;
  socket: WebSocket;
  origin: string;
  hello: boolean;
  /** The last token this connection presented that was valid; status pushes go to such connections. */
  token?: string;
  alive: boolean;
}

const defaultReadCard = (channel: OpenCardChannel): Promise<BeidCardRead> =>
  new BeidCardReader(channel).readCard(channel.atr);

/**
 * The agent's local WebSocket endpoint (protocol v1, see protocol.ts).
 *
 * Security: bound to 127.0.0.1; the handshake is refused with 403 unless the Origin header is one
 * of DESK_AGENT_ALLOWED_ORIGINS (so no other web page can talk to it); every message but hello and
 * the pairing pair needs a token obtained by typing a code shown on the desk PC's own screen.
 * Malformed input gets an error message, never an exception out of a handler.
 */
export class AgentServer {
  private wss: WebSocketServer | undefined;
  private readonly connections = new Map<string, Connection>();
  /** Readers with a read in progress: one read per reader at a time. */
  private readonly busy = new Set<string>();
  private readonly allowed: Set<string>;
  private unsubscribe: (() => void) | undefined;
  private heartbeat: NodeJS.Timeout | undefined;
  private readonly readCard: (channel: OpenCardChannel) => Promise<BeidCardRead>;

  constructor(private readonly options: AgentServerOptions) {
    this.allowed = new Set(options.allowedOrigins.map(normalizeOrigin).filter((o): o is string => o !== undefined));
    this.readCard = options.readCard ?? defaultReadCard;
  }

  /** The port actually listened on. */
  get port(): number {
    return (this.wss?.address() as AddressInfo | undefined)?.port ?? 0;
  }

  async start(): Promise<void> {
    const wss = new WebSocketServer({
      host: AGENT_HOST,
      port: this.options.port,
      maxPayload: MAX_PAYLOAD,
      perMessageDeflate: false,
      verifyClient: (info, callback) => {
        const origin = normalizeOrigin(info.origin);
        if (origin === undefined || !this.allowed.has(origin)) {
          this.options.log.warn({ origin: info.origin ?? null }, 'agent: connection refused (origin not allowed)');
          callback(false, 403, 'Forbidden');
        } else if (this.connections.size >= MAX_CONNECTIONS) {
          callback(false, 503, 'Too many connections');
        } else {
          callback(true);
        }
      },
    });
    await new Promise<void>((resolve, reject) => {
      wss.once('listening', resolve);
      wss.once('error', reject);
    });
    wss.on('error', (error) => this.options.log.error({ err: error.message }, 'agent: server error'));
    wss.on('connection', (socket, request) => this.accept(socket, normalizeOrigin(request.headers.origin)!));
    this.wss = wss;
    this.unsubscribe = this.options.readers.onChange((snapshot) => this.pushStatus(snapshot));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
    this.options.log.info({ url: `ws://${AGENT_HOST}:${this.port}`, origins: [...this.allowed] }, 'agent: listening');
  }

  async stop(): Promise<void> {
    clearInterval(this.heartbeat);
    this.unsubscribe?.();
    for (const connection of this.connections.values()) connection.socket.terminate();
    this.connections.clear();
    const wss = this.wss;
    this.wss = undefined;
    if (wss !== undefined) await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  private accept(socket: WebSocket, origin: string): void {
    const connection: Connection = { id: randomUUID(), socket, origin, hello: false, alive: true };
    this.connections.set(connection.id, connection);
    this.options.log.debug({ connection: connection.id, origin }, 'agent: console connected');
    socket.on('pong', () => (connection.alive = true));
    socket.on('error', (error) => this.options.log.debug({ connection: connection.id, err: error.message }, 'agent: socket error'));
    socket.on('close', () => {
      this.connections.delete(connection.id);
      this.options.pairing.forgetConnection(connection.id);
    });
    socket.on('message', (data, isBinary) => {
      this.onMessage(connection, data, isBinary).catch((error: unknown) => {
        this.options.log.error({ err: (error as Error).message }, 'agent: message handler failed');
      });
    });
  }

  private async onMessage(connection: Connection, data: RawData, isBinary: boolean): Promise<void> {
    if (isBinary) return this.send(connection, { type: 'error', code: 'agent.bad_message', detail: 'binary frame' });
    const parsed = parseClientMessage(rawToString(data));
    if (!parsed.ok) {
      return this.send(connection, {
        type: 'error',
        code: 'agent.bad_message',
        detail: parsed.detail,
        ...(parsed.requestId === undefined ? {} : { requestId: parsed.requestId }),
      });
    }
    const message = parsed.message;
    const requestId = message.type === 'card.read' ? message.requestId : undefined;
    try {
      await this.dispatch(connection, message);
    } catch (error) {
      this.send(connection, this.errorMessage(error, requestId));
    }
  }

  private async dispatch(connection: Connection, message: ClientMessage): Promise<void> {
    const { pairing } = this.options;
    if (message.type === 'hello') {
      if (message.protocol !== PROTOCOL_VERSION) {
        return this.send(connection, { type: 'error', code: 'agent.version_mismatch', expected: PROTOCOL_VERSION });
      }
      connection.hello = true;
      const paired = pairing.check(message.token, connection.origin) !== undefined;
      if (paired) connection.token = message.token;
      this.send(connection, { type: 'hello', agentVersion: AGENT_VERSION, protocol: PROTOCOL_VERSION, paired });
      if (paired) this.send(connection, this.statusMessage(this.options.readers.snapshot()));
      return;
    }
    if (!connection.hello) throw new AgentError('agent.bad_message', { detail: 'send hello first' });

    switch (message.type) {
      case 'pair.start': {
        const { expiresAt } = pairing.start(connection.origin, connection.id);
        this.options.log.info({ connection: connection.id }, 'agent: pairing code shown');
        return this.send(connection, { type: 'pair.started', expiresAt: expiresAt.toISOString() });
      }
      case 'pair.confirm': {
        let result: { token: string; expiresAt: Date };
        try {
          result = pairing.confirm(connection.origin, connection.id, message.code);
        } catch (error) {
          this.options.log.warn({ connection: connection.id, code: (error as AgentError).code }, 'agent: pairing refused');
          throw error;
        }
        connection.token = result.token;
        this.options.log.info({ connection: connection.id, origin: connection.origin }, 'agent: console paired');
        this.send(connection, { type: 'paired', token: result.token, expiresAt: result.expiresAt.toISOString() });
        return this.send(connection, this.statusMessage(this.options.readers.snapshot()));
      }
      default:
        break;
    }

    if (pairing.check(message.token, connection.origin) === undefined) {
      if (connection.token === message.token) connection.token = undefined;
      throw new AgentError('agent.not_paired');
    }
    connection.token = message.token;
    switch (message.type) {
      case 'unpair':
        pairing.revoke(message.token, connection.origin);
        for (const other of this.connections.values()) if (other.token === message.token) other.token = undefined;
        this.options.log.info({ connection: connection.id }, 'agent: console unpaired');
        return this.send(connection, { type: 'unpaired' });
      case 'status':
        return this.send(connection, this.statusMessage(this.options.readers.snapshot()));
      case 'card.read':
        return this.read(connection, message);
    }
  }

  private async read(connection: Connection, request: CardReadRequest): Promise<void> {
    const snapshot = this.options.readers.snapshot();
    if (snapshot.pcscd !== 'ok') throw new AgentError('agent.pcscd_unavailable');
    const reader = this.pickReader(snapshot, request.reader);
    this.busy.add(reader.name);
    const log = this.options.log.child({ requestId: request.requestId, reader: reader.name });
    try {
      const channel = await this.options.readers.open(reader.name);
      let read: BeidCardRead;
      try {
        read = await this.readCard(channel);
      } finally {
        await channel.close().catch(() => undefined);
      }
      const result = toCardReadResult(request.requestId, reader.name, read);
      // Never log what the card holds: generation and timings only.
      log.info({ generation: read.generation, apdus: read.stats.apdus, ms: read.stats.ms }, 'agent: card read');
      this.send(connection, result);
    } catch (error) {
      if (error instanceof AgentError) log.info({ code: error.code, sw: error.details.sw }, 'agent: card read failed');
      throw error;
    } finally {
      this.busy.delete(reader.name);
    }
  }

  /** The named reader, or the one eID in sight; throws the error that tells the clerk what to do. */
  private pickReader(snapshot: PcscSnapshot, name: string | undefined): ReaderSnapshot {
    let reader: ReaderSnapshot | undefined;
    if (name !== undefined) {
      reader = snapshot.readers.find((candidate) => candidate.name === name);
      if (reader === undefined) throw new AgentError('agent.no_reader', { detail: 'no such reader' });
    } else {
      if (snapshot.readers.length === 0) throw new AgentError('agent.no_reader');
      const eids = snapshot.readers.filter((candidate) => candidate.card === 'beid');
      reader =
        eids.find((candidate) => !this.busy.has(candidate.name)) ??
        eids[0] ??
        snapshot.readers.find((candidate) => candidate.card !== 'absent');
      if (reader === undefined) throw new AgentError('agent.no_card');
    }
    if (reader.card === 'absent') throw new AgentError('agent.no_card');
    if (reader.card === 'unknown_card') throw new AgentError('agent.not_beid', { detail: 'unknown ATR' });
    if (reader.card === 'present') throw new AgentError('agent.not_beid', { detail: 'the card gave no ATR' });
    if (this.busy.has(reader.name)) throw new AgentError('agent.busy', { detail: 'a read is in progress on this reader' });
    return reader;
  }

  private pushStatus(snapshot: PcscSnapshot): void {
    const message = this.statusMessage(snapshot);
    for (const connection of this.connections.values()) {
      if (connection.token === undefined) continue;
      if (this.options.pairing.check(connection.token, connection.origin, false) === undefined) {
        connection.token = undefined;
        continue;
      }
      this.send(connection, message);
    }
  }

  private statusMessage(snapshot: PcscSnapshot): StatusMessage {
    return {
      type: 'status',
      pcscd: snapshot.pcscd,
      readers: snapshot.readers.map((reader) => ({
        name: reader.name,
        card: reader.card,
        ...(reader.atr === undefined ? {} : { atr: reader.atr.toString('hex').toUpperCase() }),
      })),
    };
  }

  private errorMessage(error: unknown, requestId: string | undefined): ErrorMessage {
    const base = requestId === undefined ? {} : { requestId };
    if (error instanceof AgentError) {
      const { sw, detail, attemptsLeft } = error.details;
      return {
        type: 'error',
        code: error.code,
        ...base,
        ...(sw === undefined ? {} : { sw }),
        ...(detail === undefined ? {} : { detail }),
        ...(attemptsLeft === undefined ? {} : { attemptsLeft }),
      };
    }
    this.options.log.error({ err: (error as Error)?.message }, 'agent: unexpected error');
    return { type: 'error', code: 'agent.internal', ...base };
  }

  private send(connection: Connection, message: AgentMessage): void {
    if (connection.socket.readyState !== WebSocket.OPEN) return;
    connection.socket.send(JSON.stringify(message));
  }

  /** Drops connections whose browser stopped answering pings (sleeping laptop, killed tab). */
  private beat(): void {
    for (const connection of this.connections.values()) {
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }
}

/** `https://Console.example.be:443` → `https://console.example.be`; undefined when absent or no origin. */
export function normalizeOrigin(origin: string | undefined): string | undefined {
  if (origin === undefined || origin === '' || origin === 'null') return undefined;
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.origin : undefined;
  } catch {
    return undefined;
  }
}

function rawToString(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
