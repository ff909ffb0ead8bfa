import { matchBeidAtr } from '@sesame/domain';
import pino, { type Logger } from 'pino';
import type { AgentConfig } from './agent.config';
import { PcscMonitor } from './pcsc/pcsc-monitor';
import type { PcscFactory } from './pcsc/pcsclite';
import { AgentServer } from './server/agent-server';
import { PairingService } from './server/pairing';

export interface DeskAgent {
  server: AgentServer;
  monitor: PcscMonitor;
  pairing: PairingService;
  /** ws://127.0.0.1:<port> */
  url: string;
  stop(): Promise<void>;
}

export interface DeskAgentOptions {
  /** Shows a new pairing code to the clerk. Default: printed in a box on stdout (main.ts). */
  onPairingCode: (code: string, expiresAt: Date) => void;
  log?: Logger;
  /** Default: the pcsclite addon. */
  pcscFactory?: PcscFactory;
}

/**
 * Builds and starts the desk agent exactly as it runs on a desk PC; the integration spec uses the
 * same function. Plain Node on purpose (no NestJS): a pcsclite watcher, a pairing table and one
 * WebSocket endpoint do not need a DI container, and the agent stays small to install on desk PCs.
 */
export async function startDeskAgent(config: AgentConfig, options: DeskAgentOptions): Promise<DeskAgent> {
  const log = options.log ?? pino({ level: config.DESK_AGENT_LOG_LEVEL, base: { service: 'desk-agent' } });
  const monitor = new PcscMonitor({
    log,
    classifyAtr: (atr) => (matchBeidAtr(atr) === null ? 'unknown_card' : 'beid'),
    retryMs: config.DESK_AGENT_PCSCD_RETRY_MS,
    ...(config.DESK_AGENT_READER_FILTER === undefined ? {} : { readerFilter: config.DESK_AGENT_READER_FILTER }),
    ...(options.pcscFactory === undefined ? {} : { factory: options.pcscFactory }),
  });
  const pairing = new PairingService({
    codeTtlMs: config.DESK_AGENT_PAIRING_TTL * 1000,
    tokenTtlMs: config.DESK_AGENT_TOKEN_TTL * 1000,
    onPairingCode: options.onPairingCode,
  });
  const server = new AgentServer({
    port: config.DESK_AGENT_PORT,
    allowedOrigins: config.DESK_AGENT_ALLOWED_ORIGINS,
    readers: monitor,
    pairing,
    log,
  });
  monitor.start();
  try {
    await server.start();
  } catch (error) {
    monitor.stop();
    throw error;
  }
  return {
    server,
    monitor,
    pairing,
    url: `ws://127.0.0.1:${server.port}`,
    stop: async () => {
      await server.stop();
      monitor.stop();
    },
  };
}
