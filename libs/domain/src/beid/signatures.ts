import { KeyObject, verify } from 'node:crypto';
import { derElementLength } from './card';

/** Signature algorithms used by the National Register on BEID cards. */
export type BeidSignatureAlgorithm = 'rsa-sha1' | 'rsa-sha256' | 'ecdsa-p384-sha384';

const P384_RAW_SIGNATURE_LENGTH = 96;

/**
 * The signature bytes of a signature file (4032/4034) as the algorithm needs them.
 *
 * - ECDSA: the files are fixed-length and zero-padded, the real DER `SEQUENCE{r,s}` is
 *   byte[1] + 2 long (eid-viewer `verify_once`).
 * - RSA: the signature is the modulus length; any zero padding after it is cut.
 */
export function signatureBytes(file: Buffer, key: KeyObject): Buffer {
  if (key.asymmetricKeyType === 'ec') {
    const length = derElementLength(file);
    return length !== null && length <= file.length ? file.subarray(0, length) : file;
  }
  const modulusBytes = Math.ceil((key.asymmetricKeyDetails?.modulusLength ?? 0) / 8);
  if (modulusBytes > 0 && file.length > modulusBytes && file.subarray(modulusBytes).every((b) => b === 0)) {
    return file.subarray(0, modulusBytes);
  }
  return file;
}

/**
 * Verifies one signature and never throws: malformed signatures count as not verified.
 * ECDSA signatures are DER; a 96-byte file that is not DER is tried as raw `r‖s` (older eid-viewer
 * code read them that way).
 */
export function verifySignature(
  algorithm: BeidSignatureAlgorithm,
  key: KeyObject,
  data: Buffer,
  signatureFile: Buffer,
): boolean {
  const signature = signatureBytes(signatureFile, key);
  try {
    switch (algorithm) {
      case 'ecdsa-p384-sha384': {
        const raw = signature[0] !== 0x30 && signature.length === P384_RAW_SIGNATURE_LENGTH;
        return verify('sha384', data, { key, dsaEncoding: raw ? 'ieee-p1363' : 'der' }, signature);
      }
      case 'rsa-sha1':
        return verify('sha1', data, key, signature);
      case 'rsa-sha256':
        return verify('sha256', data, key, signature);
    }
  } catch {
    return false;
  }
}

/**
 * The algorithms to try, in order, for the key and photo-hash length (REFERENCE §1.5): EC keys use
 * ECDSA P-384/SHA-384; RSA keys use SHA-1 when the photo hash is 20 bytes (then SHA-256, for
 * re-signed "CA4" cards), else SHA-256.
 */
export function candidateAlgorithms(key: KeyObject, photoHashLength: number): BeidSignatureAlgorithm[] {
  if (key.asymmetricKeyType === 'ec') return ['ecdsa-p384-sha384'];
  return photoHashLength === 20 ? ['rsa-sha1', 'rsa-sha256'] : ['rsa-sha256'];
}

/** The first algorithm of `candidates` under which the signature verifies, or null. */
export function firstVerifying(
  candidates: BeidSignatureAlgorithm[],
  key: KeyObject,
  data: Buffer,
  signatureFile: Buffer,
): BeidSignatureAlgorithm | null {
  return candidates.find((algorithm) => verifySignature(algorithm, key, data, signatureFile)) ?? null;
}
