/**
 * Desk-agent WebSocket protocol, version 1: the messages the staff console and the agent exchange
 * over `ws://127.0.0.1:<DESK_AGENT_PORT>`, one JSON object per text frame.
 *
 * The single source for both ends: the agent and the Angular console import it as
 * `@sesame/desk-protocol`. It has no imports and no runtime dependencies on purpose, so that it
 * builds for the browser as well as for Node. The agent validates what it receives with the zod
 * schemas in `desk-agent/src/server/client-messages.ts`, which are checked against these types.
 */

export const PROTOCOL_VERSION = 1;

// ───────────────────────────── client → agent ─────────────────────────────

/** First message of every connection. `token` (optional) lets a reloaded console resume its pairing. */
export interface HelloRequest {
  type: 'hello';
  protocol: number;
  token?: string;
}

/** Asks the agent to show a pairing code on the desk PC's own screen (never sent over the socket). */
export interface PairStartRequest {
  type: 'pair.start';
}

/** The code the clerk read on the agent's screen and typed into the console. */
export interface PairConfirmRequest {
  type: 'pair.confirm';
  code: string;
}

export interface UnpairRequest {
  type: 'unpair';
  token: string;
}

export interface StatusRequest {
  type: 'status';
  token: string;
}

/** Reads the eID in `reader` (a name from the status message), or in the only reader holding an eID. */
export interface CardReadRequest {
  type: 'card.read';
  token: string;
  requestId: string;
  reader?: string;
}

export type ClientMessage =
  | HelloRequest
  | PairStartRequest
  | PairConfirmRequest
  | UnpairRequest
  | StatusRequest
  | CardReadRequest;

// ───────────────────────────── agent → client ─────────────────────────────

export interface HelloResponse {
  type: 'hello';
  agentVersion: string;
  /** The version this agent speaks (its `PROTOCOL_VERSION`); an older or newer agent sends another. */
  protocol: number;
  /** True when the hello carried a token that is valid for this origin. */
  paired: boolean;
}

export interface PairStartedResponse {
  type: 'pair.started';
  /** ISO 8601; the code shown on the desk PC stops working then. */
  expiresAt: string;
}

export interface PairedResponse {
  type: 'paired';
  /** Send it with every later message. Bound to the console's origin; expires after inactivity. */
  token: string;
  /** ISO 8601; slides forward with every message that carries the token. */
  expiresAt: string;
}

export interface UnpairedResponse {
  type: 'unpaired';
}

/**
 * - `absent`: no card in the reader;
 * - `present`: a card is in, but it gave no ATR yet (powering up, mute);
 * - `beid`: the ATR is a Belgian eID ATR (confirmed at read time with GET CARD DATA);
 * - `unknown_card`: some other card.
 */
export type ReaderCardState = 'absent' | 'present' | 'beid' | 'unknown_card';

export interface ReaderStatus {
  name: string;
  card: ReaderCardState;
  /** Upper-case hex, when a card is in and answered. */
  atr?: string;
}

/** Pushed to every paired connection on each change, and sent in reply to `status`. */
export interface StatusMessage {
  type: 'status';
  pcscd: 'ok' | 'unavailable';
  readers: ReaderStatus[];
}

export type BeidGeneration = '1.7' | '1.8';

/** Every file as read from the card, base64, byte for byte (nothing trimmed, nothing stripped). */
export interface BeidRawFiles {
  /** 3F00/DF01/4031 */
  identity: string;
  /** 3F00/DF01/4032: RRN signature over `identity` */
  identitySignature: string;
  /** 3F00/DF01/4033, zero padding included */
  address: string;
  /** 3F00/DF01/4034: RRN signature over `address` (trailing zeros stripped) + `identitySignature` */
  addressSignature: string;
  /** 3F00/DF01/4035, JPEG */
  photo: string;
  /** 3F00/DF00/503C, DER followed by zero padding */
  rrnCertificate: string;
  /** 3F00/DF01/4040, applet 1.8 only */
  basicPublicKey?: string;
}

/** A JSON value: the parsed identity and address, with binary fields as upper-case hex strings. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface CardReadResult {
  type: 'card.read.result';
  requestId: string;
  reader: string;
  /** Upper-case hex */
  atr: string;
  generation: BeidGeneration;
  cardData: {
    /** Bytes 0–15 of GET CARD DATA, upper-case hex */
    chipSerial: string;
    /** Byte 21 of GET CARD DATA as `major.minor`, e.g. `1.7`, `1.8` */
    appletVersion: string;
  };
  files: BeidRawFiles;
  /** For display only: the API parses and verifies `files` again before it believes anything. */
  parsed: { identity: JsonValue; address: JsonValue };
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

export interface ErrorMessage {
  type: 'error';
  code: AgentErrorCode;
  /** Echoed from `card.read` (and from any message carrying one), so the console can match replies. */
  requestId?: string;
  /** `agent.version_mismatch`: the protocol this agent speaks. */
  expected?: number;
  /** `agent.read_error`: the status word that ended the read, upper-case hex (`6A82`). */
  sw?: string;
  /** `agent.pair_code_invalid`: wrong codes still allowed before the code is void. */
  attemptsLeft?: number;
  /** A short technical explanation in English, for logs and support; never shown as is to the clerk. */
  detail?: string;
}

export type AgentMessage =
  | HelloResponse
  | PairStartedResponse
  | PairedResponse
  | UnpairedResponse
  | StatusMessage
  | CardReadResult
  | ErrorMessage;
