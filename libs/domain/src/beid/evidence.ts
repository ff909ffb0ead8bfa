import { createHash } from 'node:crypto';

/** The raw files of one card read, exactly as the card returned them (padding included). */
export interface BeidRawFiles {
  identity: Buffer;
  identitySignature: Buffer;
  address: Buffer;
  addressSignature: Buffer;
  photo: Buffer;
  /** 503C, padded or not. */
  rrnCertificate: Buffer;
  /** 4040, applet 1.8 only. */
  basicPublicKey?: Buffer | null;
}

/** The fixed order in which files enter the evidence hash. */
export const BEID_EVIDENCE_ORDER = [
  'identity',
  'identitySignature',
  'address',
  'addressSignature',
  'photo',
  'rrnCertificate',
  'basicPublicKey',
] as const satisfies readonly (keyof BeidRawFiles)[];

const ABSENT = 0xffffffff;

/**
 * SHA-256 (hex) over all raw files in {@link BEID_EVIDENCE_ORDER}: for each, its name, a NUL, its
 * length as 4 bytes big-endian (`FFFFFFFF` when absent) and its bytes. Names and lengths make the
 * encoding unambiguous, so two different reads never share an input.
 */
export function beidEvidenceHash(files: BeidRawFiles): string {
  const hash = createHash('sha256');
  hash.update('sesame.beid.evidence.v1\n');
  for (const name of BEID_EVIDENCE_ORDER) {
    const file = files[name] ?? null;
    const length = Buffer.alloc(4);
    length.writeUInt32BE(file === null ? ABSENT : file.length);
    hash.update(name).update('\0').update(length);
    if (file !== null) hash.update(file);
  }
  return hash.digest('hex');
}
