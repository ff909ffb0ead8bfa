import { parseBeidBirthDate, parseCardDate, PartialDate } from './dates';
import { BeidDocumentKind, describeDocumentType } from './document-types';
import { parseTlv } from './tlv';
import { TlvRecord } from './tlv-record';

/** Tags of the identity file 4031 (REFERENCE §1.4). */
export const IDENTITY_TAGS = Object.freeze({
  fileVersion: 0x00,
  cardNumber: 0x01,
  chipNumber: 0x02,
  validityBegin: 0x03,
  validityEnd: 0x04,
  deliveryMunicipality: 0x05,
  nationalNumber: 0x06,
  surname: 0x07,
  firstNames: 0x08,
  thirdNameInitial: 0x09,
  nationality: 0x0a,
  birthPlace: 0x0b,
  birthDate: 0x0c,
  sex: 0x0d,
  nobleCondition: 0x0e,
  documentType: 0x0f,
  specialStatus: 0x10,
  photoHash: 0x11,
  duplicate: 0x12,
  specialOrganisation: 0x13,
  memberOfFamily: 0x14,
  dateAndCountryOfProtection: 0x15,
  workPermit: 0x16,
  employerVat1: 0x17,
  employerVat2: 0x18,
  regionalFileNumber: 0x19,
  basicKeyHash: 0x1a,
  brexitMention1: 0x1b,
  brexitMention2: 0x1c,
  cardAMention1: 0x1d,
  cardAMention2: 0x1e,
  euStartDate: 0x1f,
} as const);

/** Special status (tag 0x10): 0 none, 1 white cane, 2 extended minority, 3 = 1+2, 4 yellow cane, 5 = 4+2. */
export interface BeidSpecialStatus {
  code: number;
  whiteCane: boolean;
  yellowCane: boolean;
  extendedMinority: boolean;
}

/** The identity file 4031, decoded. Unsigned data until {@link verifyBeidRead} says ok. */
export interface BeidIdentity {
  fileVersion: number | null;
  /** 12 characters as stored (digits on Belgian cards). */
  cardNumber: string;
  /** Uppercase hex. */
  chipNumber: string;
  /** ISO `YYYY-MM-DD`. */
  validityBegin: string;
  /** ISO `YYYY-MM-DD`, last valid day. */
  validityEnd: string;
  deliveryMunicipality: string;
  /** 11 digits, not checked here (see verify). */
  nationalNumber: string;
  surname: string;
  /** The first two given names, space-separated as on the card. */
  firstNames: string;
  thirdNameInitial: string | null;
  nationality: string;
  birthPlace: string;
  birthDate: PartialDate;
  sex: 'M' | 'F';
  nobleCondition: string | null;
  documentType: { code: number; kind: BeidDocumentKind; card: string | null };
  specialStatus: BeidSpecialStatus;
  photoHash: Buffer;
  duplicate: string | null;
  specialOrganisation: string | null;
  memberOfFamily: boolean;
  /** Raw `dd.MM.yyyy-A2`. */
  dateAndCountryOfProtection: string | null;
  workPermit: string | null;
  employerVat1: string | null;
  employerVat2: string | null;
  regionalFileNumber: string | null;
  /** SHA-384 of the basic public key file 4040 (applet 1.8). */
  basicKeyHash: Buffer | null;
  brexitMention1: string | null;
  brexitMention2: string | null;
  cardAMention1: string | null;
  cardAMention2: string | null;
  /** EU / EU+ start date, converted to ISO `YYYY-MM-DD`. */
  euStartDate: string | null;
}

const SPECIAL_STATUS: ReadonlyMap<number, Omit<BeidSpecialStatus, 'code'>> = new Map([
  [0, { whiteCane: false, yellowCane: false, extendedMinority: false }],
  [1, { whiteCane: true, yellowCane: false, extendedMinority: false }],
  [2, { whiteCane: false, yellowCane: false, extendedMinority: true }],
  [3, { whiteCane: true, yellowCane: false, extendedMinority: true }],
  [4, { whiteCane: false, yellowCane: true, extendedMinority: false }],
  [5, { whiteCane: false, yellowCane: true, extendedMinority: true }],
]);

const PHOTO_HASH_LENGTHS = new Set([20, 32, 48]);

/**
 * Decodes the identity file 4031 (REFERENCE §1.4). Unknown tags above 0x1F are ignored so newer
 * cards still read.
 * @throws BeidFormatError naming the missing or bad tag (`beid.file.missing_tag`, `beid.file.bad_tag`,
 *   `beid.file.duplicate_tag`) or the TLV fault (`beid.tlv.*`).
 */
export function parseIdentityFile(data: Buffer): BeidIdentity {
  const record = new TlvRecord('identity file', parseTlv(data));
  const t = IDENTITY_TAGS;

  const cardNumber = record.text(t.cardNumber, 'card number').trim();
  if (!/^[0-9A-Z]{1,20}$/.test(cardNumber)) throw record.bad(t.cardNumber, 'card number', 'is not alphanumeric');

  const chip = record.bytes(t.chipNumber, 'chip number');
  if (chip.length === 0) throw record.bad(t.chipNumber, 'chip number', 'is empty');

  const nationalNumber = record.text(t.nationalNumber, 'national number').trim();
  if (!/^\d{11}$/.test(nationalNumber)) throw record.bad(t.nationalNumber, 'national number', 'is not 11 digits');

  const photoHash = record.bytes(t.photoHash, 'photo hash');
  if (!PHOTO_HASH_LENGTHS.has(photoHash.length)) {
    throw record.bad(t.photoHash, 'photo hash', `has ${photoHash.length} bytes, expected 20, 32 or 48`);
  }

  const basicKeyHash = record.optionalBytes(t.basicKeyHash);
  if (basicKeyHash !== null && basicKeyHash.length !== 48) {
    throw record.bad(t.basicKeyHash, 'basic key hash', `has ${basicKeyHash.length} bytes, expected 48`);
  }

  const euStart = record.optionalText(t.euStartDate, 'EU start date');

  return {
    fileVersion: readFileVersion(record.optionalBytes(t.fileVersion)),
    cardNumber,
    chipNumber: chip.toString('hex').toUpperCase(),
    validityBegin: record.parse(t.validityBegin, 'validity begin', parseCardDate),
    validityEnd: record.parse(t.validityEnd, 'validity end', parseCardDate),
    deliveryMunicipality: record.text(t.deliveryMunicipality, 'delivery municipality').trim(),
    nationalNumber,
    surname: record.text(t.surname, 'surname').trim(),
    firstNames: record.optionalText(t.firstNames, 'first names') ?? '',
    thirdNameInitial: record.optionalText(t.thirdNameInitial, 'third name initial'),
    nationality: record.text(t.nationality, 'nationality').trim(),
    birthPlace: record.text(t.birthPlace, 'birth place').trim(),
    birthDate: record.parse(t.birthDate, 'birth date', parseBeidBirthDate),
    sex: readSex(record),
    nobleCondition: record.optionalText(t.nobleCondition, 'noble condition'),
    documentType: describeDocumentType(readSmallNumber(record, t.documentType, 'document type')),
    specialStatus: readSpecialStatus(record),
    photoHash,
    duplicate: record.optionalText(t.duplicate, 'duplicate'),
    specialOrganisation: record.optionalText(t.specialOrganisation, 'special organisation'),
    memberOfFamily: record.has(t.memberOfFamily),
    dateAndCountryOfProtection: record.optionalText(t.dateAndCountryOfProtection, 'date and country of protection'),
    workPermit: record.optionalText(t.workPermit, 'work permit'),
    employerVat1: record.optionalText(t.employerVat1, 'employer VAT 1'),
    employerVat2: record.optionalText(t.employerVat2, 'employer VAT 2'),
    regionalFileNumber: record.optionalText(t.regionalFileNumber, 'regional file number'),
    basicKeyHash,
    brexitMention1: record.optionalText(t.brexitMention1, 'Brexit mention 1'),
    brexitMention2: record.optionalText(t.brexitMention2, 'Brexit mention 2'),
    cardAMention1: record.optionalText(t.cardAMention1, 'A-card mention 1'),
    cardAMention2: record.optionalText(t.cardAMention2, 'A-card mention 2'),
    euStartDate: euStart === null ? null : record.parse(t.euStartDate, 'EU start date', parseCardDate),
  };
}

function readFileVersion(value: Buffer | null): number | null {
  if (value === null || value.length === 0) return null;
  return value.length === 1 ? value[0] : value.readUInt16BE(0);
}

function readSex(record: TlvRecord): 'M' | 'F' {
  const tag = IDENTITY_TAGS.sex;
  const value = record.text(tag, 'sex').trim().toUpperCase();
  if (value === 'M') return 'M';
  if (value === 'F' || value === 'V' || value === 'W') return 'F';
  throw record.bad(tag, 'sex', `is ${JSON.stringify(value)}, expected M, F, V or W`);
}

/** ASCII digits such as `1`, `01` or `6`. */
function readSmallNumber(record: TlvRecord, tag: number, what: string): number {
  const text = record.text(tag, what).trim();
  if (!/^\d{1,3}$/.test(text)) throw record.bad(tag, what, `is ${JSON.stringify(text)}, expected digits`);
  return Number(text);
}

function readSpecialStatus(record: TlvRecord): BeidSpecialStatus {
  const tag = IDENTITY_TAGS.specialStatus;
  const value = record.optionalBytes(tag);
  if (value === null || value.length === 0) return { code: 0, whiteCane: false, yellowCane: false, extendedMinority: false };
  // Written as an ASCII digit; accept the binary form too (0x00..0x05 and '0'..'5' cannot collide).
  const code = value.length === 1 && value[0] <= 0x05 ? value[0] : readSmallNumber(record, tag, 'special status');
  const flags = SPECIAL_STATUS.get(code);
  if (!flags) throw record.bad(tag, 'special status', `has unknown code ${code}`);
  return { code, ...flags };
}
