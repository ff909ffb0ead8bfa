import * as crypto from 'node:crypto';
import { isValidCardNumber, isValidNationalNumber } from './belgian-numbers';
import {
  ATR_APPLET_17,
  ATR_APPLET_18,
  ATR_FOREIGN_IDPRIME,
  type AppletGeneration,
  type BeidFiles,
  type CardDefect,
  type CardholderIdentity,
  type CardProfile,
  type RrnSigner,
} from './card-profile';
import type { TestPki } from './test-pki';
import { encodeTlv, tlvLayout, type TlvField } from './tlv';

export interface BuildCardProfileOptions {
  /** Default: 1.8 when the card's validity begins on or after 01.09.2020, else 1.7. */
  generation?: AppletGeneration;
  defect?: CardDefect;
  /** Answer SELECT (AID) and GET CARD DATA with 61xx first; the reader must send GET RESPONSE. */
  useGetResponse?: boolean;
  /** Applet 1.7 only: a re-signed "CA4" card (SHA-1 photo hash, SHA-256 RRN signatures). */
  ca4?: boolean;
  /** APDUs answered before the card leaves (defect `remove-after`). Default 4. */
  removeAfterApdus?: number;
  /** PIN tries left, byte 28 of the 1.8 GET CARD DATA. Default 3. */
  pinTriesLeft?: number;
  /** "Today" for the `expired` defect. Default: now. */
  now?: Date;
}

/** Applet 1.8 cards store the DER ECDSA signature in a fixed-length, zero-padded file. */
export const EC_SIGNATURE_FILE_LENGTH = 0x70;
/** The address file is zero-padded to 117 bytes. */
export const ADDRESS_FILE_LENGTH = 117;
/** Zero padding after the DER of certificate files. */
export const CERTIFICATE_PADDING: Record<AppletGeneration, number> = { '1.7': 50, '1.8': 1100 };
export const DEFAULT_REMOVE_AFTER_APDUS = 4;

/** Cards personalised from 01.09.2020 carry applet 1.8 (personalisation v04). */
const APPLET_18_FROM = Date.UTC(2020, 8, 1);

const FILE_VERSION: Record<AppletGeneration, Buffer> = {
  '1.7': Buffer.from([0x00, 0x03]),
  '1.8': Buffer.from([0x00, 0x04]),
};

export function parseCardDate(text: string): Date {
  const match = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(text);
  if (match === null) throw new Error(`Expected a DD.MM.YYYY card date, got "${text}"`);
  return new Date(Date.UTC(Number(match[3]), Number(match[2]) - 1, Number(match[1])));
}

export function formatCardDate(date: Date): string {
  const dd = String(date.getUTCDate()).padStart(2, '0');
  const mm = String(date.getUTCMonth() + 1).padStart(2, '0');
  return `${dd}.${mm}.${date.getUTCFullYear()}`;
}

export function defaultGeneration(identity: CardholderIdentity): AppletGeneration {
  return parseCardDate(identity.validityBegin).getTime() >= APPLET_18_FROM ? '1.8' : '1.7';
}

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');
const ascii = (text: string): Buffer => Buffer.from(text, 'latin1');

/** The identity file's fields in card order (tag 00 first, then ascending tags). */
export function identityFields(
  identity: CardholderIdentity,
  generation: AppletGeneration,
  photoHash: Buffer,
  basicKeyHash?: Buffer,
): TlvField[] {
  const documentType =
    typeof identity.documentType === 'number' ? String(identity.documentType).padStart(2, '0') : identity.documentType;
  const fields: TlvField[] = [
    { tag: 0x00, value: FILE_VERSION[generation] },
    { tag: 0x01, value: ascii(identity.cardNumber) },
    { tag: 0x02, value: Buffer.from(identity.chipNumber, 'hex') },
    { tag: 0x03, value: ascii(identity.validityBegin) },
    { tag: 0x04, value: ascii(identity.validityEnd) },
    { tag: 0x05, value: utf8(identity.deliveryMunicipality) },
    { tag: 0x06, value: ascii(identity.nationalNumber) },
    { tag: 0x07, value: utf8(identity.surname) },
    { tag: 0x08, value: utf8(identity.firstNames) },
    { tag: 0x09, value: utf8(identity.thirdNameInitial) },
    { tag: 0x0a, value: utf8(identity.nationality) },
    { tag: 0x0b, value: utf8(identity.birthPlace) },
    { tag: 0x0c, value: utf8(identity.birthDate) },
    { tag: 0x0d, value: ascii(identity.sex) },
  ];
  if (identity.nobleCondition !== undefined) fields.push({ tag: 0x0e, value: utf8(identity.nobleCondition) });
  fields.push({ tag: 0x0f, value: ascii(documentType) });
  fields.push({ tag: 0x10, value: ascii(String(identity.specialStatus)) });
  fields.push({ tag: 0x11, value: photoHash });
  if (identity.duplicate !== undefined) fields.push({ tag: 0x12, value: ascii(identity.duplicate) });

  const m = identity.foreignerMentions ?? {};
  const optional: Array<[number, Buffer | undefined]> = [
    [0x13, m.specialOrganisation === undefined ? undefined : ascii(m.specialOrganisation)],
    [0x14, m.memberOfFamily === true ? Buffer.alloc(0) : undefined],
    [0x15, m.dateAndCountryOfProtection === undefined ? undefined : ascii(m.dateAndCountryOfProtection)],
    [0x16, m.workPermit === undefined ? undefined : ascii(m.workPermit)],
    [0x17, m.employerVat1 === undefined ? undefined : ascii(m.employerVat1)],
    [0x18, m.employerVat2 === undefined ? undefined : ascii(m.employerVat2)],
    [0x19, m.regionalFileNumber === undefined ? undefined : ascii(m.regionalFileNumber)],
    [0x1a, basicKeyHash],
    [0x1b, m.brexitMention1 === undefined ? undefined : ascii(m.brexitMention1)],
    [0x1c, m.brexitMention2 === undefined ? undefined : ascii(m.brexitMention2)],
    [0x1d, m.cardAMention1 === undefined ? undefined : ascii(m.cardAMention1)],
    [0x1e, m.cardAMention2 === undefined ? undefined : ascii(m.cardAMention2)],
    [0x1f, m.euStartDate === undefined ? undefined : ascii(m.euStartDate)],
  ];
  for (const [tag, value] of optional) if (value !== undefined) fields.push({ tag, value });
  return fields;
}

export function encodeAddressFile(identity: CardholderIdentity, generation: AppletGeneration): Buffer {
  const tlv = encodeTlv([
    { tag: 0x00, value: FILE_VERSION[generation] },
    { tag: 0x01, value: utf8(identity.address.street) },
    { tag: 0x02, value: ascii(identity.address.postalCode) },
    { tag: 0x03, value: utf8(identity.address.municipality) },
  ]);
  if (tlv.length > ADDRESS_FILE_LENGTH) {
    throw new Error(`Address TLV is ${tlv.length} bytes; the card file holds ${ADDRESS_FILE_LENGTH}`);
  }
  return Buffer.concat([tlv, Buffer.alloc(ADDRESS_FILE_LENGTH - tlv.length)]);
}

export function stripTrailingZeros(data: Buffer): Buffer {
  let end = data.length;
  while (end > 0 && data[end - 1] === 0) end--;
  return data.subarray(0, end);
}

function padTo(data: Buffer, length: number): Buffer {
  if (data.length > length) throw new Error(`${data.length} bytes do not fit a ${length}-byte file`);
  return Buffer.concat([data, Buffer.alloc(length - data.length)]);
}

function signWith(signer: RrnSigner, hash: CardProfile['signatureHash'], data: Buffer): Buffer {
  if (signer.keyType === 'ec') return crypto.sign('sha384', data, { key: signer.privateKey, dsaEncoding: 'der' });
  return crypto.sign(hash, data, { key: signer.privateKey, padding: crypto.constants.RSA_PKCS1_PADDING });
}

function cardData(chip: Buffer, generation: AppletGeneration, pinTriesLeft: number): { short: Buffer; extended: Buffer } {
  // Bytes 16–20 echo the pre-issuing data of the ATR's historical bytes (component code, OS
  // number/version, softmask number/version); 21 is the applet version; 22–23 the global OS
  // version; 24 applet interface version; 25 PKCS#1 support; 26 key exchange version; 27 life cycle.
  const tail =
    generation === '1.7'
      ? [0xa5, 0x03, 0x01, 0x01, 0x01, 0x17, 0x00, 0x02, 0x01, 0x01, 0x01, 0x0f]
      : [0xb0, 0x85, 0x04, 0x01, 0x20, 0x18, 0x00, 0x04, 0x02, 0x00, 0x02, 0x0f];
  const short = Buffer.concat([chip, Buffer.from(tail)]);
  // 1.8 extended answer: byte 28 = PIN tries left, 29–30 reserved (0).
  const extended = Buffer.concat([short, Buffer.from([pinTriesLeft, 0x00, 0x00])]);
  return { short, extended };
}

function checkIdentity(identity: CardholderIdentity): void {
  if (!isValidCardNumber(identity.cardNumber)) throw new Error(`Invalid card number ${identity.cardNumber}`);
  if (!isValidNationalNumber(identity.nationalNumber)) {
    throw new Error(`Invalid national number ${identity.nationalNumber}`);
  }
  if (!/^[0-9a-fA-F]{32}$/.test(identity.chipNumber)) throw new Error('chipNumber must be 32 hex digits (16 bytes)');
  parseCardDate(identity.validityBegin);
  parseCardDate(identity.validityEnd);
}

function withExpiredValidity(identity: CardholderIdentity, generation: AppletGeneration, now: Date): CardholderIdentity {
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - 30));
  let begin = new Date(Date.UTC(end.getUTCFullYear() - 10, end.getUTCMonth(), end.getUTCDate()));
  if (generation === '1.8' && begin.getTime() < APPLET_18_FROM) begin = new Date(APPLET_18_FROM + 14 * 86_400_000);
  return { ...identity, validityBegin: formatCardDate(begin), validityEnd: formatCardDate(end) };
}

/** Builds the card's files, signatures and answers from a cardholder and the test PKI. */
export function buildCardProfile(
  sourceIdentity: CardholderIdentity,
  pki: TestPki,
  options: BuildCardProfileOptions = {},
): CardProfile {
  checkIdentity(sourceIdentity);
  const generation = options.generation ?? defaultGeneration(sourceIdentity);
  const defect = options.defect;
  if (options.ca4 === true && generation !== '1.7') throw new Error('"ca4" only applies to applet 1.7 (RSA) cards');
  const identity =
    defect === 'expired' ? withExpiredValidity(sourceIdentity, generation, options.now ?? new Date()) : sourceIdentity;

  const hierarchy = defect === 'untrusted' ? pki.untrusted : pki;
  const signer = generation === '1.8' ? hierarchy.ec : hierarchy.rsa;
  const signatureHash: CardProfile['signatureHash'] =
    generation === '1.8' ? 'sha384' : options.ca4 === true ? 'sha256' : 'sha1';
  const photoHashAlgorithm = generation === '1.8' ? 'sha384' : 'sha1';

  let photoHash = crypto.createHash(photoHashAlgorithm).update(identity.photo).digest();
  if (defect === 'wrong-photo-hash') {
    photoHash = Buffer.from(photoHash);
    photoHash[photoHash.length - 1] ^= 0x5a;
  }

  let basicPublicKey: Buffer | undefined;
  let basicPrivateKey: crypto.KeyObject | undefined;
  let basicKeyHash: Buffer | undefined;
  if (generation === '1.8') {
    const pair = crypto.generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    basicPrivateKey = pair.privateKey;
    basicPublicKey = pair.publicKey.export({ type: 'spki', format: 'der' });
    basicKeyHash = crypto.createHash('sha384').update(basicPublicKey).digest();
  }

  const fields = identityFields(identity, generation, photoHash, basicKeyHash);
  let identityFile = encodeTlv(fields);
  if (defect === 'truncated') {
    // Cut in the middle of the last field's value: the TLV announces more than the file holds.
    const last = tlvLayout(fields)[fields.length - 1];
    identityFile = identityFile.subarray(0, last.valueOffset + Math.floor(last.length / 2));
  }

  const finishSignature = (raw: Buffer): Buffer =>
    generation === '1.8' ? padTo(raw, EC_SIGNATURE_FILE_LENGTH) : raw;

  let identitySignature = finishSignature(signWith(signer, signatureHash, identityFile));
  if (defect === 'bad-signature') {
    identitySignature = Buffer.from(identitySignature);
    identitySignature[10] ^= 0x01; // inside the RSA block / inside ECDSA r: DER stays well-formed
  }

  const addressFile = encodeAddressFile(identity, generation);
  // The address signature covers the address without its zero padding, followed by 4032 in full.
  const addressSignature = finishSignature(
    signWith(signer, signatureHash, Buffer.concat([stripTrailingZeros(addressFile), identitySignature])),
  );

  if (defect === 'tampered-identity') {
    const surname = tlvLayout(fields).find((entry) => entry.tag === 0x07);
    if (surname === undefined || surname.length === 0) throw new Error('tampered-identity needs a surname');
    identityFile = Buffer.from(identityFile);
    // Swap the case of the first ASCII letter ('D' -> 'd'): still valid text, no longer what was signed.
    let at = surname.valueOffset;
    while (at < surname.valueOffset + surname.length && !/[A-Za-z]/.test(String.fromCharCode(identityFile[at]))) at++;
    if (at === surname.valueOffset + surname.length) throw new Error('tampered-identity needs an ASCII letter in the surname');
    identityFile[at] ^= 0x20;
  }

  const padding = CERTIFICATE_PADDING[generation];
  const files: BeidFiles = {
    identity: identityFile,
    identitySignature,
    address: addressFile,
    addressSignature,
    photo: identity.photo,
    basicPublicKey,
    rootCertificate: Buffer.concat([hierarchy.rootDer, Buffer.alloc(padding)]),
    rrnCertificate: Buffer.concat([signer.certDer, Buffer.alloc(padding)]),
  };

  const { short, extended } = cardData(Buffer.from(identity.chipNumber, 'hex'), generation, options.pinTriesLeft ?? 3);
  const unknownCard = defect === 'unknown-atr';
  const kind = unknownCard ? 'foreign IDPrime-like card' : generation === '1.8' ? '1.8 ECC' : options.ca4 ? '1.7 RSA CA4' : '1.7 RSA';
  return {
    label: `${identity.firstNames.split(' ')[0]} ${identity.surname}, ${kind}${defect === undefined ? '' : `, ${defect}`}`,
    generation,
    atr: unknownCard ? ATR_FOREIGN_IDPRIME : generation === '1.8' ? ATR_APPLET_18 : ATR_APPLET_17,
    hasBelpicApplet: !unknownCard,
    cardData: short,
    cardDataExtended: generation === '1.8' ? extended : undefined,
    files,
    useGetResponse: options.useGetResponse ?? false,
    removeAfterApdus: defect === 'remove-after' ? (options.removeAfterApdus ?? DEFAULT_REMOVE_AFTER_APDUS) : undefined,
    defect,
    signatureHash,
    identity,
    basicPrivateKey,
  };
}

/** Length of the identity file this cardholder gives on a card of this generation. */
export function identityFileLength(identity: CardholderIdentity, generation: AppletGeneration): number {
  const photoHash = Buffer.alloc(generation === '1.8' ? 48 : 20);
  const basicKeyHash = generation === '1.8' ? Buffer.alloc(48) : undefined;
  return encodeTlv(identityFields(identity, generation, photoHash, basicKeyHash)).length;
}

/**
 * The same cardholder with a longer (double-barrelled) surname so that the identity file is
 * exactly `length` bytes: e.g. 504 = 2 × 252, where the reader's third READ BINARY at offset 504
 * gets `6B00` instead of a short chunk.
 */
export function withIdentityFileLength(
  identity: CardholderIdentity,
  generation: AppletGeneration,
  length: number,
): CardholderIdentity {
  const filler = 'Vandenberghe'.repeat(40);
  const base = identityFileLength(identity, generation);
  if (base === length) return identity;
  if (base > length) throw new Error(`Identity file is already ${base} bytes, longer than ${length}`);
  for (let extra = length - base; extra > 0; extra--) {
    const suffix = extra === 1 ? 's' : `-${filler.slice(0, extra - 1)}`;
    const candidate = { ...identity, surname: identity.surname + suffix };
    if (identityFileLength(candidate, generation) === length) return candidate;
  }
  throw new Error(`Could not reach an identity file of ${length} bytes`);
}
