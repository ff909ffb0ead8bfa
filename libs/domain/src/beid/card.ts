import { BeidFormatError } from './beid-format.error';

/** AID of the BELPIC applet: `00 A4 04 00 0F <AID>` selects it (REFERENCE §1.2). */
export const BELPIC_AID_HEX = 'A00000003029057000AD13100101FF';
/** AID of the BELPIC applet as bytes. Shared instance: copy before mutating. */
export const BELPIC_AID: Buffer = Buffer.from(BELPIC_AID_HEX, 'hex');
/** PKCS#15 AID listed in EF(DIR) `3F00/2F00` (label "BELPIC", path `3F00DF00`). */
export const BELPIC_PKCS15_AID_HEX = 'A000000177504B43532D3135';

/** Card generations: 1.7 = RSA cards (all applets before 1.8), 1.8 = ECC cards. */
export type BeidGeneration = '1.7' | '1.8';

/** A known BEID ATR (REFERENCE §1.1). */
export interface BeidAtr {
  atr: string;
  description: string;
  generation: BeidGeneration;
}

const KNOWN_ATRS: BeidAtr[] = [
  {
    atr: '3B9813400AA503010101AD1311',
    description: 'Applet 1.x, personalisation v02 (from 13-12-2004)',
    generation: '1.7',
  },
  {
    atr: '3B9894400AA503010101AD1310',
    description: 'Personalisation v01 (01-01-2004), EMV-compatible V1.0',
    generation: '1.7',
  },
  { atr: '3B989440FFA503010101AD1310', description: 'Early beta 5 / V1.0', generation: '1.7' },
  {
    atr: '3B7F96000080318065B085040120120FFF829000',
    description: 'Applet 1.8 ECC card (personalisation v04, 01-09-2020)',
    generation: '1.8',
  },
];

/** The ATRs of BEID cards, as uppercase hex. */
export const BEID_ATRS: readonly Readonly<BeidAtr>[] = Object.freeze(KNOWN_ATRS.map((entry) => Object.freeze(entry)));

/**
 * The Windows smart-card registration for RSA cards: ATR `3B98004000A503010101AD1300` under mask
 * `FFFF00FF00FFFFFFFFFFFFFF00`. The mask is 13 bytes like the ATR (eid-mw installer registry checks);
 * REFERENCE §1.1 prints it one `FF` short.
 */
const RSA_ATR = Buffer.from('3B98004000A503010101AD1300', 'hex');
const RSA_ATR_MASK = Buffer.from('FFFF00FF00FFFFFFFFFFFFFF00', 'hex');

/**
 * Recognises a BEID card from its ATR. RSA cards match the masked Windows entry; 1.8 cards must
 * match all 20 bytes, because Thales IDPrime cards share the first 11 bytes. Confirm the card with
 * GET CARD DATA afterwards.
 */
export function matchBeidAtr(atr: Buffer): { generation: BeidGeneration; description: string } | null {
  const hex = atr.toString('hex').toUpperCase();
  const known = BEID_ATRS.find((entry) => entry.atr === hex);
  if (known) return { generation: known.generation, description: known.description };
  if (atr.length !== RSA_ATR.length) return null;
  for (let i = 0; i < atr.length; i += 1) {
    if ((atr[i] & RSA_ATR_MASK[i]) !== (RSA_ATR[i] & RSA_ATR_MASK[i])) return null;
  }
  return { generation: '1.7', description: 'BELPIC RSA card (masked ATR match)' };
}

/** Files read without PIN, as hex paths for SELECT by path (REFERENCE §1.3). */
export const BEID_FILES = Object.freeze({
  identity: '3F00DF014031',
  identitySignature: '3F00DF014032',
  address: '3F00DF014033',
  addressSignature: '3F00DF014034',
  photo: '3F00DF014035',
  basicPublicKey: '3F00DF014040',
  rrnCertificate: '3F00DF00503C',
} as const);

/** Decoded GET CARD DATA response (`80 E4 00 00 1C`, or `80 E4 00 01 1F` on applet ≥ 1.8). */
export interface BeidCardData {
  /** Bytes 0–15 as uppercase hex. */
  chipSerial: string;
  componentCode: number;
  osNumber: number;
  osVersion: number;
  softmaskNumber: number;
  softmaskVersion: number;
  /** Byte 21: `0x17` for applet 1.7, `0x18` for 1.8. */
  appletVersion: number;
  /** Global OS version (bytes 22–23). */
  globalOsVersion: number;
  appletInterfaceVersion: number;
  pkcs1Support: number;
  keyExchangeVersion: number;
  /** Byte 27. `0x0F` has been seen on working cards: do not decide on it. */
  appletLifeCycle: number;
  /** Byte 28 of the 1.8 long form (`P2 = 01`), else null. */
  pinTriesLeft: number | null;
  /** V1 cards (global OS version `00 01`) need a 50 ms pause before resending after `6Cxx`. */
  needsDelayBeforeResend: boolean;
}

/**
 * Decodes a GET CARD DATA response, without its status word (REFERENCE §1.2; field layout from the
 * BELPIC spec as used by Fedict commons-eid `CardData`).
 * @throws BeidFormatError `beid.card_data.truncated` below 28 bytes.
 */
export function parseCardData(data: Buffer): BeidCardData {
  if (data.length < 28) {
    throw new BeidFormatError('beid.card_data.truncated', `GET CARD DATA returned ${data.length} bytes, expected 28`);
  }
  const appletVersion = data[21];
  const globalOsVersion = data.readUInt16BE(22);
  return {
    chipSerial: data.subarray(0, 16).toString('hex').toUpperCase(),
    componentCode: data[16],
    osNumber: data[17],
    osVersion: data[18],
    softmaskNumber: data[19],
    softmaskVersion: data[20],
    appletVersion,
    globalOsVersion,
    appletInterfaceVersion: data[24],
    pkcs1Support: data[25],
    keyExchangeVersion: data[26],
    appletLifeCycle: data[27],
    pinTriesLeft: appletVersion >= 0x18 && data.length >= 29 ? data[28] : null,
    needsDelayBeforeResend: globalOsVersion === 0x0001,
  };
}

/**
 * Cuts the zero padding off a certificate file (503x): keeps the DER SEQUENCE whose length is in
 * the header (`30 82 LL LL` → `LLLL + 4` bytes; short and `81` forms are accepted too).
 * @throws BeidFormatError `beid.certificate.absent` for an empty or all-zero file (never issued),
 *   `beid.certificate.format` when the file does not start with a DER SEQUENCE,
 *   `beid.certificate.truncated` when the DER length runs past the file.
 */
export function trimCertificate(file: Buffer): Buffer {
  if (file.every((byte) => byte === 0)) {
    throw new BeidFormatError('beid.certificate.absent', 'the certificate file is empty (never issued)');
  }
  const length = derElementLength(file);
  if (length === null) throw new BeidFormatError('beid.certificate.format', 'the certificate file is not DER');
  if (length > file.length) {
    throw new BeidFormatError('beid.certificate.truncated', `DER says ${length} bytes, the file has ${file.length}`);
  }
  return Buffer.from(file.subarray(0, length));
}

/**
 * Total length (header + content) of the DER SEQUENCE at the start of `data`, or null when it does
 * not start with one. Does not check that `data` is long enough.
 */
export function derElementLength(data: Buffer): number | null {
  if (data.length < 2 || data[0] !== 0x30) return null;
  const first = data[1];
  if (first < 0x80) return first + 2;
  const count = first & 0x7f;
  if (count < 1 || count > 3 || data.length < 2 + count) return null;
  let length = 0;
  for (let i = 0; i < count; i += 1) length = length * 256 + data[2 + i];
  return length + 2 + count;
}
