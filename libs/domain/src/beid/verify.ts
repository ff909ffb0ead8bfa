import { createHash, KeyObject, timingSafeEqual, X509Certificate } from 'node:crypto';
import { parseNationalNumber } from '../niss/national-number';
import { brusselsDate } from '../shared/calendar';
import { BeidAddress, parseAddressFile } from './address-file';
import { BeidFormatError } from './beid-format.error';
import { trimCertificate } from './card';
import { isValidCardNumber } from './card-number';
import { beidEvidenceHash, BeidRawFiles } from './evidence';
import { BeidIdentity, parseIdentityFile } from './identity-file';
import { BeidSignatureAlgorithm, candidateAlgorithms, firstVerifying } from './signatures';
import { stripTrailingZeros } from './tlv';
import { findChain, isCertificateCurrent, parsePemBundle } from './trust';

export type { BeidRawFiles } from './evidence';

/** Why a card read is refused. */
export type BeidRefusal =
  | 'format'
  | 'certificate_untrusted'
  | 'certificate_expired'
  | 'identity_signature'
  | 'address_signature'
  | 'photo_hash'
  | 'basic_key_hash'
  | 'card_expired'
  | 'card_not_yet_valid'
  | 'card_number_check'
  | 'national_number_check';

/** The outcome of {@link verifyBeidRead}. */
export interface BeidVerification {
  /** True only when there is no refusal. */
  ok: boolean;
  /** Every check that failed, in a fixed order; a single `format` refusal when parsing failed. */
  refusals: { reason: BeidRefusal; detail: string }[];
  /** The decoded files (null when parsing failed). Trust them only when `ok` is true. */
  identity: BeidIdentity | null;
  address: BeidAddress | null;
  /** The algorithm the identity (else address) signature verified with; ECDSA whenever the key is EC. */
  algorithm: BeidSignatureAlgorithm | null;
  /** {@link beidEvidenceHash} of the raw files, for the audit trail. */
  evidenceHash: string;
}

/** Options of {@link verifyBeidRead}. */
export interface BeidVerifyOptions {
  /** PEM bundle: Belgium Root CAs (self-signed) and at most the intermediates the RRN certificates need. */
  trustedRoots: string;
  /** The instant to check certificate and card validity against. */
  now: Date;
}

const PHOTO_HASHES: ReadonlyMap<number, string> = new Map([
  [20, 'sha1'],
  [32, 'sha256'],
  [48, 'sha384'],
]);

/**
 * Verifies a card read server-side (REFERENCE §1.5, after eid-viewer `certhelpers.c`):
 *
 * 1. the RRN certificate (503C, padding cut) chains to a trusted root, directly or through one
 *    intermediate of the bundle, and is valid at `now`;
 * 2. the identity file 4031, exactly as read, verifies against 4032;
 * 3. the address file 4033 without its trailing zeros, followed by 4032 in full as read, verifies
 *    against 4034;
 * 4. the photo 4035 hashes to tag 0x11 (20 bytes SHA-1, 32 SHA-256, 48 SHA-384);
 * 5. on EC (applet 1.8) cards, when 4040 was read, SHA-384(4040) equals tag 0x1A;
 * 6. the card is valid today (Belgian calendar date) and its card and national numbers have good
 *    check digits.
 *
 * All refusals are collected. Bad card data never throws; a bundle without any certificate does
 * (it is a configuration error).
 */
export function verifyBeidRead(files: BeidRawFiles, options: BeidVerifyOptions): BeidVerification {
  const evidenceHash = beidEvidenceHash(files);
  const roots = parsePemBundle(options.trustedRoots);
  if (roots.length === 0) throw new Error('verifyBeidRead: trustedRoots holds no certificate');

  const parsed = parseAll(files);
  if ('error' in parsed) {
    const refusals = [{ reason: 'format' as const, detail: parsed.error }];
    return { ok: false, refusals, identity: null, address: null, algorithm: null, evidenceHash };
  }
  const { identity, address, certificate, key } = parsed;
  const refusals: BeidVerification['refusals'] = [];
  const refuse = (reason: BeidRefusal, detail: string): void => {
    refusals.push({ reason, detail });
  };

  // 1. Certificate chain and validity.
  const chain = findChain(certificate, roots, options.now);
  if (!chain.trusted) refuse('certificate_untrusted', chain.reason);
  if (!isCertificateCurrent(certificate, options.now)) {
    refuse('certificate_expired', `RRN certificate valid ${certificate.validFrom} – ${certificate.validTo}`);
  } else if (chain.trusted && chain.expired.length > 0) {
    refuse('certificate_expired', `intermediate "${chain.expired[0].subject.replace(/\n/g, ', ')}" is outside its validity`);
  }

  // 2–3. Signatures.
  const candidates = candidateAlgorithms(key, identity.photoHash.length);
  const identityAlgorithm = firstVerifying(candidates, key, files.identity, files.identitySignature);
  if (identityAlgorithm === null) refuse('identity_signature', `4032 does not verify 4031 (${candidates.join(', ')})`);
  const addressData = Buffer.concat([stripTrailingZeros(files.address), files.identitySignature]);
  // Like eid-viewer: once the identity signature has shown the hash, the address must use it too.
  const addressCandidates = identityAlgorithm === null ? candidates : [identityAlgorithm];
  const addressAlgorithm = firstVerifying(addressCandidates, key, addressData, files.addressSignature);
  if (addressAlgorithm === null) {
    refuse('address_signature', `4034 does not verify 4033 + 4032 (${addressCandidates.join(', ')})`);
  }

  // 4. Photo.
  const photoAlgorithm = PHOTO_HASHES.get(identity.photoHash.length) ?? 'sha256';
  if (!sameBytes(createHash(photoAlgorithm).update(files.photo).digest(), identity.photoHash)) {
    refuse('photo_hash', `${photoAlgorithm} of 4035 differs from tag 0x11`);
  }

  // 5. Basic key (applet 1.8).
  const basicKey = files.basicPublicKey ?? null;
  if (key.asymmetricKeyType === 'ec' && basicKey !== null && basicKey.length > 0) {
    if (identity.basicKeyHash === null) refuse('basic_key_hash', '4040 was read but tag 0x1A is missing');
    else if (!sameBytes(createHash('sha384').update(basicKey).digest(), identity.basicKeyHash)) {
      refuse('basic_key_hash', 'sha384 of 4040 differs from tag 0x1A');
    }
  }

  // 6. Card validity and check digits.
  const today = brusselsDate(options.now);
  if (today < identity.validityBegin) {
    refuse('card_not_yet_valid', `card valid from ${identity.validityBegin}, today is ${today}`);
  }
  if (today > identity.validityEnd) refuse('card_expired', `card valid until ${identity.validityEnd}, today is ${today}`);
  if (!isValidCardNumber(identity.cardNumber)) {
    refuse('card_number_check', 'card number fails its check digits');
  }
  if (parseNationalNumber(identity.nationalNumber) === null) {
    refuse('national_number_check', 'national number fails its check digits or date');
  }

  return {
    ok: refusals.length === 0,
    refusals,
    identity,
    address,
    algorithm: key.asymmetricKeyType === 'ec' ? 'ecdsa-p384-sha384' : (identityAlgorithm ?? addressAlgorithm),
    evidenceHash,
  };
}

interface ParsedRead {
  identity: BeidIdentity;
  address: BeidAddress;
  certificate: X509Certificate;
  key: KeyObject;
}

function parseAll(files: BeidRawFiles): ParsedRead | { error: string } {
  try {
    const identity = parseIdentityFile(files.identity);
    const address = parseAddressFile(files.address);
    const certificate = parseCertificate(files.rrnCertificate);
    const key = certificate.publicKey;
    const supported =
      key.asymmetricKeyType === 'rsa' ||
      (key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'secp384r1');
    if (!supported) {
      throw new BeidFormatError('beid.certificate.unsupported_key', 'RRN certificate key is neither RSA nor EC P-384');
    }
    return { identity, address, certificate, key };
  } catch (error) {
    // Card data must never make verification throw: anything unexpected is a format refusal too.
    if (error instanceof BeidFormatError) return { error: `${error.code}: ${error.message}` };
    return { error: `unreadable card data: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function parseCertificate(file: Buffer): X509Certificate {
  const der = trimCertificate(file);
  try {
    return new X509Certificate(der);
  } catch {
    throw new BeidFormatError('beid.certificate.format', 'the RRN certificate is not a valid X.509 certificate');
  }
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
