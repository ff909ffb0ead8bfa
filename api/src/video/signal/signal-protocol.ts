import type { AppointmentStatus } from '@sesame/database';

/**
 * The signalling protocol of video interviews (contract "Signalling WebSocket", ADR 0006): JSON text
 * frames, validated here before anything else looks at them. Pure functions, no Nest.
 */

export type SignalRole = 'agent' | 'citizen';

/** Close codes of the gateway (4xxx mirror the HTTP statuses a page already knows how to explain). */
export const SIGNAL_CLOSE = {
  normal: 1000,
  badMessage: 4400,
  unauthenticated: 4401,
  forbidden: 4403,
  /** Another socket of the same side took this seat (reload, second tab): this one is closed. */
  replaced: 4409,
  tooManyMessages: 4429,
} as const;

export type SignalErrorCode =
  | 'video.signal.unauthenticated'
  | 'video.signal.bad_origin'
  | 'video.signal.forbidden'
  | 'video.signal.not_open'
  | 'video.signal.too_early'
  | 'video.signal.replaced'
  | 'video.signal.bad_message'
  | 'video.signal.not_joined'
  | 'video.signal.too_many_messages';

/** Largest frame the server reads (ws `maxPayload`; a bigger one closes the socket with 1009). */
export const SIGNAL_MAX_PAYLOAD_BYTES = 128 * 1024;
/** Largest SDP relayed (characters). */
export const SIGNAL_MAX_SDP_LENGTH = 100 * 1024;
const MAX_CANDIDATE_LENGTH = 2048;
const MAX_SHORT_FIELD_LENGTH = 256;
/** Per socket: at most this many frames in one window, else close 4429. */
export const SIGNAL_RATE_LIMIT = { messages: 300, windowMs: 10_000 } as const;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const SDP_TYPES = ['offer', 'answer', 'pranswer', 'rollback'] as const;
type SdpType = (typeof SDP_TYPES)[number];

export interface RelayedSdp {
  sdp: { type: SdpType; sdp: string };
}
export interface RelayedCandidate {
  candidate: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; usernameFragment?: string | null } | null;
}
export type SignalData = RelayedSdp | RelayedCandidate;

export type ClientMessage =
  | { type: 'join'; appointmentId: string | null }
  | { type: 'signal'; data: SignalData }
  | { type: 'ping'; t: number };

export type ServerMessage =
  | { type: 'joined'; role: SignalRole; appointmentId: string; state: AppointmentStatus; peerPresent: boolean; iceServers: unknown[] }
  | { type: 'peer-joined'; role: SignalRole }
  | { type: 'peer-left'; role: SignalRole }
  | { type: 'signal'; from: SignalRole; data: SignalData }
  | { type: 'admitted' }
  | { type: 'outcome'; state: 'approved' | 'refused' | 'no_show' | 'cancelled' }
  | { type: 'pong'; t: number }
  | { type: 'error'; code: SignalErrorCode };

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const optionalString = (value: unknown, max: number): boolean => value === undefined || value === null || (typeof value === 'string' && value.length <= max);

/** A client frame, or null when it is not one the protocol knows (the socket is then closed 4400). */
export function parseClientMessage(text: string): ClientMessage | null {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(message)) return null;
  switch (message.type) {
    case 'join': {
      const id = message.appointmentId;
      if (id === undefined || id === null) return { type: 'join', appointmentId: null };
      return typeof id === 'string' && UUID.test(id) ? { type: 'join', appointmentId: id.toLowerCase() } : null;
    }
    case 'ping':
      return typeof message.t === 'number' && Number.isFinite(message.t) ? { type: 'ping', t: message.t } : null;
    case 'signal': {
      const data = parseSignalData(message.data);
      return data ? { type: 'signal', data } : null;
    }
    default:
      return null;
  }
}

/**
 * An SDP (`{ sdp: { type, sdp } }`) or an ICE candidate (`{ candidate: RTCIceCandidateInit | null }`),
 * rebuilt from the known fields only: the relay is not a free channel between the two browsers.
 */
export function parseSignalData(data: unknown): SignalData | null {
  if (!isObject(data)) return null;
  const hasSdp = 'sdp' in data;
  const hasCandidate = 'candidate' in data;
  if (hasSdp === hasCandidate) return null;
  if (hasSdp) {
    const sdp = data.sdp;
    if (!isObject(sdp) || !SDP_TYPES.includes(sdp.type as SdpType)) return null;
    const type = sdp.type as SdpType;
    if (type === 'rollback' && (sdp.sdp === undefined || sdp.sdp === null)) return { sdp: { type, sdp: '' } };
    if (typeof sdp.sdp !== 'string' || sdp.sdp.length > SIGNAL_MAX_SDP_LENGTH) return null;
    return { sdp: { type, sdp: sdp.sdp } };
  }
  const candidate = data.candidate;
  if (candidate === null) return { candidate: null };
  if (!isObject(candidate) || typeof candidate.candidate !== 'string' || candidate.candidate.length > MAX_CANDIDATE_LENGTH) return null;
  if (!optionalString(candidate.sdpMid, MAX_SHORT_FIELD_LENGTH) || !optionalString(candidate.usernameFragment, MAX_SHORT_FIELD_LENGTH)) return null;
  const index = candidate.sdpMLineIndex;
  if (index !== undefined && index !== null && !(Number.isInteger(index) && (index as number) >= 0 && (index as number) <= 65535)) return null;
  return {
    candidate: {
      candidate: candidate.candidate,
      ...(candidate.sdpMid !== undefined ? { sdpMid: candidate.sdpMid as string | null } : {}),
      ...(index !== undefined ? { sdpMLineIndex: index as number | null } : {}),
      ...(candidate.usernameFragment !== undefined ? { usernameFragment: candidate.usernameFragment as string | null } : {}),
    },
  };
}

/** The cookies of an upgrade request (RFC 6265 `Cookie` header; a malformed value is skipped, not fatal). */
export function parseCookieHeader(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index <= 0) continue;
    const name = part.slice(0, index).trim();
    let value = part.slice(index + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (cookies.has(name)) continue; // the first (most specific path) wins, as in browsers' order
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      // not percent-decodable: ignore this cookie
    }
  }
  return cookies;
}

/** Counts the frames of one socket in fixed windows; `hit()` is false once the window's budget is spent. */
export class MessageRateLimiter {
  private windowStart = 0;
  private count = 0;

  constructor(
    private readonly limit: number = SIGNAL_RATE_LIMIT.messages,
    private readonly windowMs: number = SIGNAL_RATE_LIMIT.windowMs,
  ) {}

  hit(now = Date.now()): boolean {
    if (now - this.windowStart >= this.windowMs) {
      this.windowStart = now;
      this.count = 0;
    }
    this.count += 1;
    return this.count <= this.limit;
  }
}
