import { BeidFormatError, parseAddressFile, parseIdentityFile } from '@sesame/domain';
import type { BeidRawFiles, CardReadResult, JsonValue } from '@sesame/desk-protocol';
import { AgentError } from '../agent.error';
import type { BeidCardRead, BeidFiles } from './beid-card-reader';

/**
 * Buffers become upper-case hex, Dates ISO strings, undefined fields disappear: what survives
 * JSON.stringify unchanged and reads the same in the browser.
 */
export function toJsonSafe(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return Buffer.from(value).toString('hex').toUpperCase();
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(toJsonSafe);
  if (typeof value === 'object') {
    const out: { [key: string]: JsonValue } = {};
    for (const [key, item] of Object.entries(value)) if (item !== undefined) out[key] = toJsonSafe(item);
    return out;
  }
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  return String(value);
}

/**
 * Identity and address decoded for the clerk's screen. A file that does not decode ends the read
 * with `agent.read_error` (the card is damaged or not what its ATR says).
 */
export function parseForDisplay(files: BeidFiles): { identity: JsonValue; address: JsonValue } {
  return {
    identity: toJsonSafe(decode('identity file', () => parseIdentityFile(files.identity))),
    address: toJsonSafe(decode('address file', () => parseAddressFile(files.address))),
  };
}

function decode<T>(what: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof BeidFormatError) {
      throw new AgentError('agent.read_error', { detail: `${what}: ${error.code}` });
    }
    throw error;
  }
}

/** `0x17` → `1.7` */
export const appletVersionLabel = (version: number): string => `${version >> 4}.${version & 0x0f}`;

export function toRawFiles(files: BeidFiles): BeidRawFiles {
  return {
    identity: files.identity.toString('base64'),
    identitySignature: files.identitySignature.toString('base64'),
    address: files.address.toString('base64'),
    addressSignature: files.addressSignature.toString('base64'),
    photo: files.photo.toString('base64'),
    rrnCertificate: files.rrnCertificate.toString('base64'),
    ...(files.basicPublicKey === undefined ? {} : { basicPublicKey: files.basicPublicKey.toString('base64') }),
  };
}

export function toCardReadResult(requestId: string, reader: string, read: BeidCardRead): CardReadResult {
  return {
    type: 'card.read.result',
    requestId,
    reader,
    atr: read.atr.toString('hex').toUpperCase(),
    generation: read.generation,
    cardData: { chipSerial: read.cardData.chipSerial, appletVersion: appletVersionLabel(read.cardData.appletVersion) },
    files: toRawFiles(read.files),
    parsed: parseForDisplay(read.files),
    stats: read.stats,
  };
}
