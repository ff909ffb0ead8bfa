import { parseTlv } from './tlv';
import { TlvRecord } from './tlv-record';

/** Tags of the address file 4033 (REFERENCE §1.4). */
export const ADDRESS_TAGS = Object.freeze({
  fileVersion: 0x00,
  streetAndNumber: 0x01,
  postalCode: 0x02,
  municipality: 0x03,
} as const);

/** The address file 4033, decoded. Unsigned data until {@link verifyBeidRead} says ok. */
export interface BeidAddress {
  streetAndNumber: string;
  /** 4 digits today; up to 6 characters planned. */
  postalCode: string;
  municipality: string;
}

/**
 * Decodes the zero-padded address file 4033.
 * @throws BeidFormatError naming the missing or bad tag, or the TLV fault.
 */
export function parseAddressFile(data: Buffer): BeidAddress {
  const record = new TlvRecord('address file', parseTlv(data));
  const postalCode = record.text(ADDRESS_TAGS.postalCode, 'postal code').trim();
  if (!/^[0-9A-Z]{1,6}$/i.test(postalCode)) {
    throw record.bad(ADDRESS_TAGS.postalCode, 'postal code', 'is not 1–6 letters or digits');
  }
  return {
    streetAndNumber: record.text(ADDRESS_TAGS.streetAndNumber, 'street and number').trim(),
    postalCode,
    municipality: record.text(ADDRESS_TAGS.municipality, 'municipality').trim(),
  };
}
