/** ISO 7816-4 command builders and status-word helpers used by the BEID reader. */

export const SW_OK = 0x9000;

export interface ApduResponse {
  data: Buffer;
  /** SW1 << 8 | SW2 */
  sw: number;
}

export const sw1 = (sw: number): number => sw >> 8;
export const sw2 = (sw: number): number => sw & 0xff;
export const swHex = (sw: number): string => sw.toString(16).toUpperCase().padStart(4, '0');

/** Splits a response APDU; the caller has checked it is at least 2 bytes long. */
export function splitResponse(response: Buffer): ApduResponse {
  const end = response.length - 2;
  return { data: Buffer.from(response.subarray(0, end)), sw: response.readUInt16BE(end) };
}

/** `Le` byte for an expected length: 256 is encoded as 00. */
const le = (length: number): number => (length === 256 ? 0 : length);
/** `61xx` / `6Cxx` put the length in SW2, where 00 means 256. */
export const lengthFromSw2 = (sw: number): number => (sw2(sw) === 0 ? 256 : sw2(sw));

export const selectByAid = (aid: Buffer): Buffer => Buffer.from([0x00, 0xa4, 0x04, 0x00, aid.length, ...aid]);

/** SELECT by absolute path from the MF, no FCI returned (`00 A4 08 0C 06 3F00 DFxx EFxx`). */
export const selectByPath = (path: Buffer): Buffer => Buffer.from([0x00, 0xa4, 0x08, 0x0c, path.length, ...path]);

/** SELECT one level (`00 A4 02 0C 02 <FID>`), the way eid-mw walks a path when the full path is refused. */
export const selectByFid = (fid: Buffer): Buffer => Buffer.from([0x00, 0xa4, 0x02, 0x0c, 0x02, ...fid]);

export const readBinary = (offset: number, length: number): Buffer =>
  Buffer.from([0x00, 0xb0, (offset >> 8) & 0x7f, offset & 0xff, le(length)]);

export const getResponse = (length: number): Buffer => Buffer.from([0x00, 0xc0, 0x00, 0x00, le(length)]);

/** GET CARD DATA (BELPIC proprietary), 28 bytes. */
export const getCardData = (length = 0x1c): Buffer => Buffer.from([0x80, 0xe4, 0x00, 0x00, le(length)]);

/** The same command with a different `Le` (its last byte), for a `6Cxx` answer. */
export const withLe = (command: Buffer, length: number): Buffer => {
  const copy = Buffer.from(command);
  copy[copy.length - 1] = le(length);
  return copy;
};
