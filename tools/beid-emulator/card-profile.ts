import type { KeyObject } from 'node:crypto';

/**
 * Types for the emulated Belgian eID card (BELPIC applet 1.7 / 1.8).
 *
 * Everything here is written independently of `libs/domain`: the emulator is a second,
 * independent reading of the card specification so that bugs in our parser are caught.
 */

export type AppletGeneration = '1.7' | '1.8';

/** Language the card was personalised in (drives the birth-date month spelling on real cards). */
export type CardLanguage = 'fr' | 'nl' | 'de';

/** `M`; a woman is `F` (fr), `V` (nl) or `W` (de). */
export type CardSex = 'M' | 'F' | 'V' | 'W';

/** What can be wrong with an emulated card. See README.md for what each one does. */
export type CardDefect =
  | 'tampered-identity'
  | 'bad-signature'
  | 'wrong-photo-hash'
  | 'expired'
  | 'unknown-atr'
  | 'truncated'
  | 'untrusted'
  | 'remove-after';

export const CARD_DEFECTS: readonly CardDefect[] = [
  'tampered-identity',
  'bad-signature',
  'wrong-photo-hash',
  'expired',
  'unknown-atr',
  'truncated',
  'untrusted',
  'remove-after',
];

export interface CardholderAddress {
  /** Street and number, UTF-8, ≤ 60 (tag 01 of 4033). */
  street: string;
  /** ASCII, 4 digits (tag 02). */
  postalCode: string;
  /** UTF-8, ≤ 47 (tag 03). */
  municipality: string;
}

/** Mentions printed on foreigner cards (identity-file tags 0x13–0x1F, 0x1A excepted). */
export interface ForeignerMentions {
  /** Tag 13: 1 SHAPE, 2 NATO, 4 former EU Blue Card holder, 5 researcher. */
  specialOrganisation?: '1' | '2' | '4' | '5';
  /** Tag 14: present = member of family (written with an empty value). */
  memberOfFamily?: boolean;
  /** Tag 15: `dd.MM.yyyy-A2`. */
  dateAndCountryOfProtection?: string;
  /** Tag 16: 7 unlimited, 8 limited, 9 none, A seasonal. */
  workPermit?: '7' | '8' | '9' | 'A';
  /** Tag 17: `xxxx.xxx.xxx`. */
  employerVat1?: string;
  /** Tag 18: `xxxx.xxx.xxx`. */
  employerVat2?: string;
  /** Tag 19: ASCII, 18. */
  regionalFileNumber?: string;
  /** Tag 1B: `B` = Art. 18(1) Withdrawal Agreement. */
  brexitMention1?: string;
  /** Tag 1C: `C` = séjour permanent. */
  brexitMention2?: string;
  /** Tag 1D: A seasonal, D student, E pupil, F trainee, G volunteer, H au pair, I researcher, J job search. */
  cardAMention1?: string;
  /** Tag 1E: K mobility programme. */
  cardAMention2?: string;
  /** Tag 1F: EU / EU+ start date `DD.MM.YYYY`. */
  euStartDate?: string;
}

/** The contents of a card as the holder sees it printed, in the card's own text forms. */
export interface CardholderIdentity {
  /** 12 digits; the last two are the first ten mod 97 (0 written as 97). */
  cardNumber: string;
  /** 16 bytes as 32 hex digits (tag 02, also bytes 0–15 of GET CARD DATA). */
  chipNumber: string;
  /** `DD.MM.YYYY`. */
  validityBegin: string;
  /** `DD.MM.YYYY`. */
  validityEnd: string;
  deliveryMunicipality: string;
  /** 11 digits, check digits valid (2-prefix for births from 2000). */
  nationalNumber: string;
  surname: string;
  /** The first two given names. */
  firstNames: string;
  /** First letter of the third given name, '' when none. */
  thirdNameInitial: string;
  nationality: string;
  birthPlace: string;
  /** Card text: `30 JUIL 1985`, `30 JUL 1985`, German cards `15.MÄR.1985`. */
  birthDate: string;
  sex: CardSex;
  nobleCondition?: string;
  /** Tag 0F. A number is written with two digits (`01`); a string verbatim (`1` also occurs). */
  documentType: number | string;
  /** Tag 10: 0 none, 1 white cane, 2 extended minority, 3 = 1+2, 4 yellow cane, 5 = 4+2. */
  specialStatus: 0 | 1 | 2 | 3 | 4 | 5;
  /** Tag 12 (ASCII, 2), absent when undefined. */
  duplicate?: string;
  foreignerMentions?: ForeignerMentions;
  address: CardholderAddress;
  /** JPEG bytes (FFD8 … FFD9). */
  photo: Buffer;
  cardLanguage: CardLanguage;
}

/** A DER certificate and its private key. */
export interface RrnSigner {
  keyType: 'rsa' | 'ec';
  certDer: Buffer;
  certPem: string;
  privateKey: KeyObject;
}

/** The card's files, as stored on the chip (padding included). */
export interface BeidFiles {
  /** DF01/4031 */
  identity: Buffer;
  /** DF01/4032 */
  identitySignature: Buffer;
  /** DF01/4033 (zero-padded to 117 bytes) */
  address: Buffer;
  /** DF01/4034 */
  addressSignature: Buffer;
  /** DF01/4035 */
  photo: Buffer;
  /** DF01/4040, applet 1.8 only: P-384 SubjectPublicKeyInfo (DER). */
  basicPublicKey?: Buffer;
  /** DF00/503B (DER + zero padding) */
  rootCertificate: Buffer;
  /** DF00/503C (DER + zero padding) */
  rrnCertificate: Buffer;
}

/** Everything the applet and the vpcd client need to play one card. */
export interface CardProfile {
  /** Human label (`Jan Peeters, 1.7 RSA, expired`). */
  label: string;
  generation: AppletGeneration;
  atr: Buffer;
  /** False for a non-Belgian card (defect `unknown-atr`): SELECT of the BELPIC AID answers 6A82. */
  hasBelpicApplet: boolean;
  /** Answer to `80 E4 00 00 1C` (28 bytes). */
  cardData: Buffer;
  /** Answer to `80 E4 00 01 1F` (31 bytes, applet 1.8 only). */
  cardDataExtended?: Buffer;
  files: BeidFiles;
  /** Answer SELECT (AID) and GET CARD DATA with 61xx and wait for GET RESPONSE. */
  useGetResponse: boolean;
  /** Close the socket after this many APDUs (defect `remove-after`). */
  removeAfterApdus?: number;
  defect?: CardDefect;
  /** RSA 1.7 cards: hash used by the RRN signatures (`sha256` = re-signed "CA4" card). */
  signatureHash: 'sha1' | 'sha256' | 'sha384';
  /** The identity as written on the card (dates already moved for `expired`). */
  identity: CardholderIdentity;
  /** Private half of 4040 (applet 1.8 only), for tests that want to check a challenge signature. */
  basicPrivateKey?: KeyObject;
}

/** ISO 7816 file identifiers of the emulated file system. */
export const FILE_IDS = {
  mf: 0x3f00,
  dfBelpic: 0xdf00,
  dfId: 0xdf01,
  identity: 0x4031,
  identitySignature: 0x4032,
  address: 0x4033,
  addressSignature: 0x4034,
  photo: 0x4035,
  basicPublicKey: 0x4040,
  rootCertificate: 0x503b,
  rrnCertificate: 0x503c,
} as const;

export const BELPIC_AID = Buffer.from('A00000003029057000AD13100101FF', 'hex');
export const PKCS15_AID = Buffer.from('A000000177504B43532D3135', 'hex');

export const ATR_APPLET_17 = Buffer.from('3B9813400AA503010101AD1311', 'hex');
export const ATR_APPLET_18 = Buffer.from('3B7F96000080318065B085040120120FFF829000', 'hex');
/** A Gemalto/Thales IDPrime-like ATR sharing the first 11 bytes of the 1.8 ATR. */
export const ATR_FOREIGN_IDPRIME = Buffer.from('3B7F96000080318065B0850300EF120FFE829000', 'hex');
