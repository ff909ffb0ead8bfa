/**
 * Desk-agent WebSocket protocol, version 1, as the console uses it. Mirrors
 * `desk-agent/src/protocol.ts` (the source of truth; keep both in step): one JSON object per
 * text frame, `hello` first, `pair.start`/`pair.confirm` without a token, everything else with it.
 */

export const DESK_AGENT_PROTOCOL_VERSION = 1;

// ── console → agent ──
export type AgentRequest =
  | { type: 'hello'; protocol: number; token?: string }
  | { type: 'pair.start' }
  | { type: 'pair.confirm'; code: string }
  | { type: 'unpair'; token: string }
  | { type: 'status'; token: string }
  | { type: 'card.read'; token: string; requestId: string; reader?: string };

// ── agent → console ──
export type ReaderCardState = 'absent' | 'present' | 'beid' | 'unknown_card';

export interface ReaderStatus {
  name: string;
  card: ReaderCardState;
  atr?: string;
}

/** Every file as read from the card, base64, byte for byte. */
export interface BeidRawFiles {
  identity: string;
  identitySignature: string;
  address: string;
  addressSignature: string;
  /** JPEG */
  photo: string;
  rrnCertificate: string;
  basicPublicKey?: string;
}

export interface CardReadResult {
  type: 'card.read.result';
  requestId: string;
  reader: string;
  atr: string;
  generation: string;
  cardData: { chipSerial: string; appletVersion: string };
  files: BeidRawFiles;
  /** Display only, never trusted: the API parses and verifies `files` itself. */
  parsed: { identity: unknown; address: unknown };
  stats: { apdus: number; ms: number };
}

export const AGENT_ERROR_CODES = [
  'agent.version_mismatch',
  'agent.bad_message',
  'agent.not_paired',
  'agent.pair_not_started',
  'agent.pair_code_invalid',
  'agent.pair_code_expired',
  'agent.pair_rate_limited',
  'agent.pcscd_unavailable',
  'agent.no_reader',
  'agent.no_card',
  'agent.not_beid',
  'agent.card_removed',
  'agent.read_error',
  'agent.busy',
  'agent.internal',
] as const;

export type AgentErrorCode = (typeof AGENT_ERROR_CODES)[number];

export interface AgentErrorMessage {
  type: 'error';
  code: AgentErrorCode;
  requestId?: string;
  expected?: number;
  sw?: string;
  attemptsLeft?: number;
  detail?: string;
}

export type AgentMessage =
  | { type: 'hello'; agentVersion: string; protocol: number; paired: boolean }
  | { type: 'pair.started'; expiresAt: string }
  | { type: 'paired'; token: string; expiresAt: string }
  | { type: 'unpaired' }
  | { type: 'status'; pcscd: 'ok' | 'unavailable'; readers: ReaderStatus[] }
  | CardReadResult
  | AgentErrorMessage;
