import { BELPIC_AID, FILE_IDS, PKCS15_AID, type CardProfile } from './card-profile';

/**
 * The BELPIC applet as seen from the reader: one APDU in, one response APDU out.
 *
 * Behaviour follows the card, not our reader code:
 * - SELECT returns no FCI (except the AID SELECT in `useGetResponse` mode, through 61xx);
 *   by AID (`P1=04`), by path from the MF (`P1=08`, with or without a leading 3F00), by path
 *   from the current DF (`P1=09`), or one level at a time (`P1=00/01/02`, 3F00 always allowed).
 *   Unknown files: `6A82`; a failed SELECT keeps the previous selection.
 * - READ BINARY `00 B0 off-hi off-lo Le` (`Le=00` = 256): `Le` bytes + 9000 when at least `Le`
 *   remain; `6C<remaining>` when fewer remain; `6B00` at or past the end of the file.
 * - GET CARD DATA `80 E4 00 00 1C` (28 bytes) and, on 1.8, `80 E4 00 01 1F` (31 bytes);
 *   any other `Le` gets `6Cxx` with the right one.
 * - GET RESPONSE `00 C0 00 00 xx` after a `61xx`; any other command drops the pending data.
 * - Unknown INS `6D00`; known INS with the wrong CLA, or a CLA other than 00/80: `6E00`.
 */

type FileNode = DedicatedFile | ElementaryFile;

interface DedicatedFile {
  kind: 'df';
  fid: number;
  parent?: DedicatedFile;
  children: Map<number, FileNode>;
}

interface ElementaryFile {
  kind: 'ef';
  fid: number;
  parent: DedicatedFile;
  data: Buffer;
}

export const SW = {
  OK: 0x9000,
  WRONG_LENGTH: 0x6700,
  SECURITY_NOT_SATISFIED: 0x6982,
  CONDITIONS_NOT_SATISFIED: 0x6985,
  NO_CURRENT_EF: 0x6986,
  FILE_NOT_FOUND: 0x6a82,
  INCORRECT_P1P2: 0x6a86,
  LC_INCONSISTENT_WITH_P1P2: 0x6a87,
  WRONG_P1P2_OFFSET: 0x6b00,
  INS_NOT_SUPPORTED: 0x6d00,
  CLA_NOT_SUPPORTED: 0x6e00,
} as const;

const INS = { SELECT: 0xa4, READ_BINARY: 0xb0, GET_RESPONSE: 0xc0, GET_CARD_DATA: 0xe4 } as const;

function status(sw: number, data?: Buffer): Buffer {
  const trailer = Buffer.from([sw >> 8, sw & 0xff]);
  return data === undefined || data.length === 0 ? trailer : Buffer.concat([data, trailer]);
}

/** `61xx`/`6Cxx` carry a length in SW2, where 256 is written 00. */
const lengthByte = (length: number): number => length & 0xff;

interface ParsedCommand {
  data: Buffer;
  /** Expected response length, 1–256; undefined for case 1/3 commands. */
  le?: number;
}

/** Short APDUs only (the BELPIC applet does not use extended lengths). */
function parseBody(apdu: Buffer): ParsedCommand | undefined {
  if (apdu.length === 4) return { data: Buffer.alloc(0) };
  if (apdu.length === 5) return { data: Buffer.alloc(0), le: apdu[4] === 0 ? 256 : apdu[4] };
  const lc = apdu[4];
  if (lc === 0) return undefined;
  if (apdu.length === 5 + lc) return { data: apdu.subarray(5, 5 + lc) };
  if (apdu.length === 6 + lc) return { data: apdu.subarray(5, 5 + lc), le: apdu[5 + lc] === 0 ? 256 : apdu[5 + lc] };
  return undefined;
}

export class BeidApplet {
  private readonly mf: DedicatedFile;
  private currentDf: DedicatedFile;
  private currentEf: ElementaryFile | undefined;
  private pendingResponse: Buffer | undefined;

  constructor(private readonly profile: CardProfile) {
    this.mf = buildFileSystem(profile);
    this.currentDf = this.mf;
  }

  get atr(): Buffer {
    return this.profile.atr;
  }

  /** Power on, warm or cold reset: the applet is selected, the MF is the current DF. */
  reset(): void {
    this.currentDf = this.mf;
    this.currentEf = undefined;
    this.pendingResponse = undefined;
  }

  process(apdu: Buffer): Buffer {
    if (apdu.length < 4) return status(SW.WRONG_LENGTH);
    const [cla, ins] = apdu;
    const pending = this.pendingResponse;
    this.pendingResponse = undefined;

    if (cla !== 0x00 && cla !== 0x80) return status(SW.CLA_NOT_SUPPORTED);
    switch (ins) {
      case INS.SELECT:
        return cla === 0x00 ? this.select(apdu) : status(SW.CLA_NOT_SUPPORTED);
      case INS.READ_BINARY:
        return cla === 0x00 ? this.readBinary(apdu) : status(SW.CLA_NOT_SUPPORTED);
      case INS.GET_RESPONSE:
        return cla === 0x00 ? this.getResponse(apdu, pending) : status(SW.CLA_NOT_SUPPORTED);
      case INS.GET_CARD_DATA:
        if (!this.profile.hasBelpicApplet) return status(SW.INS_NOT_SUPPORTED);
        return cla === 0x80 ? this.getCardData(apdu) : status(SW.CLA_NOT_SUPPORTED);
      default:
        return status(SW.INS_NOT_SUPPORTED);
    }
  }

  private select(apdu: Buffer): Buffer {
    const [, , p1, p2] = apdu;
    const command = parseBody(apdu);
    if (command === undefined) return status(SW.WRONG_LENGTH);
    if (p2 !== 0x00 && p2 !== 0x04 && p2 !== 0x0c) return status(SW.INCORRECT_P1P2);
    if (!this.profile.hasBelpicApplet) return status(SW.FILE_NOT_FOUND);
    const { data } = command;

    if (p1 === 0x04) {
      if (data.equals(BELPIC_AID)) {
        this.reset();
        if (this.profile.useGetResponse && p2 !== 0x0c) {
          // FCI template: 6F { 84 <DF name> }
          const fci = Buffer.concat([Buffer.from([0x6f, BELPIC_AID.length + 2, 0x84, BELPIC_AID.length]), BELPIC_AID]);
          this.pendingResponse = fci;
          return status(0x6100 | lengthByte(fci.length));
        }
        return status(SW.OK);
      }
      if (data.equals(PKCS15_AID)) return this.selectNode(this.mf.children.get(FILE_IDS.dfBelpic));
      return status(SW.FILE_NOT_FOUND);
    }

    if (p1 === 0x08 || p1 === 0x09) {
      if (data.length === 0 || data.length % 2 !== 0) return status(SW.LC_INCONSISTENT_WITH_P1P2);
      let node: FileNode = p1 === 0x08 ? this.mf : this.currentDf;
      for (let i = 0; i < data.length; i += 2) {
        const fid = data.readUInt16BE(i);
        if (i === 0 && p1 === 0x08 && fid === FILE_IDS.mf) continue; // "3F00 DF01 4031" variant
        if (node.kind !== 'df') return status(SW.FILE_NOT_FOUND);
        const child: FileNode | undefined = node.children.get(fid);
        if (child === undefined) return status(SW.FILE_NOT_FOUND);
        node = child;
      }
      return this.selectNode(node);
    }

    if (p1 === 0x00 || p1 === 0x01 || p1 === 0x02) {
      if (p1 === 0x00 && data.length === 0) return this.selectNode(this.mf);
      if (data.length !== 2) return status(SW.LC_INCONSISTENT_WITH_P1P2);
      const fid = data.readUInt16BE(0);
      if (fid === FILE_IDS.mf) return this.selectNode(this.mf);
      const child = this.currentDf.children.get(fid);
      if (child === undefined || (p1 === 0x01 && child.kind !== 'df')) return status(SW.FILE_NOT_FOUND);
      return this.selectNode(child);
    }

    return status(SW.INCORRECT_P1P2);
  }

  private selectNode(node: FileNode | undefined): Buffer {
    if (node === undefined) return status(SW.FILE_NOT_FOUND);
    if (node.kind === 'df') {
      this.currentDf = node;
      this.currentEf = undefined;
    } else {
      this.currentDf = node.parent;
      this.currentEf = node;
    }
    return status(SW.OK);
  }

  private readBinary(apdu: Buffer): Buffer {
    const [, , p1, p2] = apdu;
    if (apdu.length !== 5) return status(SW.WRONG_LENGTH);
    if ((p1 & 0x80) !== 0) return status(SW.INCORRECT_P1P2); // short EF identifiers are not supported
    const ef = this.currentEf;
    if (ef === undefined) return status(SW.NO_CURRENT_EF);
    const le = apdu[4] === 0 ? 256 : apdu[4];
    const offset = (p1 << 8) | p2;
    if (offset >= ef.data.length) return status(SW.WRONG_P1P2_OFFSET);
    const remaining = ef.data.length - offset;
    if (le > remaining) return status(0x6c00 | lengthByte(remaining));
    return status(SW.OK, ef.data.subarray(offset, offset + le));
  }

  private getCardData(apdu: Buffer): Buffer {
    const [, , p1, p2] = apdu;
    if (apdu.length !== 5) return status(SW.WRONG_LENGTH);
    if (p1 !== 0x00) return status(SW.INCORRECT_P1P2);
    const data = p2 === 0x00 ? this.profile.cardData : p2 === 0x01 ? this.profile.cardDataExtended : undefined;
    if (data === undefined) return status(SW.INCORRECT_P1P2);
    if (this.profile.useGetResponse) {
      this.pendingResponse = data;
      return status(0x6100 | lengthByte(data.length));
    }
    const le = apdu[4] === 0 ? 256 : apdu[4];
    if (le !== data.length) return status(0x6c00 | lengthByte(data.length));
    return status(SW.OK, data);
  }

  private getResponse(apdu: Buffer, pending: Buffer | undefined): Buffer {
    const [, , p1, p2] = apdu;
    if (apdu.length !== 5) return status(SW.WRONG_LENGTH);
    if (p1 !== 0x00 || p2 !== 0x00) return status(SW.INCORRECT_P1P2);
    if (pending === undefined) return status(SW.CONDITIONS_NOT_SATISFIED);
    const le = apdu[4] === 0 ? 256 : apdu[4];
    if (le > pending.length) {
      this.pendingResponse = pending; // the reader resends GET RESPONSE with the right Le
      return status(0x6c00 | lengthByte(pending.length));
    }
    if (le < pending.length) {
      this.pendingResponse = pending.subarray(le);
      return status(0x6100 | lengthByte(pending.length - le), pending.subarray(0, le));
    }
    return status(SW.OK, pending);
  }
}

function buildFileSystem(profile: CardProfile): DedicatedFile {
  const mf: DedicatedFile = { kind: 'df', fid: FILE_IDS.mf, children: new Map() };
  const addDf = (parent: DedicatedFile, fid: number): DedicatedFile => {
    const df: DedicatedFile = { kind: 'df', fid, parent, children: new Map() };
    parent.children.set(fid, df);
    return df;
  };
  const addEf = (parent: DedicatedFile, fid: number, data: Buffer | undefined): void => {
    if (data !== undefined) parent.children.set(fid, { kind: 'ef', fid, parent, data });
  };
  const { files } = profile;
  const dfBelpic = addDf(mf, FILE_IDS.dfBelpic);
  addEf(dfBelpic, FILE_IDS.rootCertificate, files.rootCertificate);
  addEf(dfBelpic, FILE_IDS.rrnCertificate, files.rrnCertificate);
  const dfId = addDf(mf, FILE_IDS.dfId);
  addEf(dfId, FILE_IDS.identity, files.identity);
  addEf(dfId, FILE_IDS.identitySignature, files.identitySignature);
  addEf(dfId, FILE_IDS.address, files.address);
  addEf(dfId, FILE_IDS.addressSignature, files.addressSignature);
  addEf(dfId, FILE_IDS.photo, files.photo);
  addEf(dfId, FILE_IDS.basicPublicKey, files.basicPublicKey);
  return mf;
}

/** `00 A4 08 0C …` → `00A4080C…` for logs. */
export function toHex(data: Buffer): string {
  return data.toString('hex').toUpperCase();
}
