import type { CardChannel } from '../pcsc/card-channel';

const BELPIC_AID = 'A00000003029057000AD13100101FF';

export interface FakeBeidCardOptions {
  /** GET CARD DATA response (28 bytes). */
  cardData: Buffer;
  /** Files by 6-byte path hex (`3F00DF014031`). */
  files: Record<string, Buffer>;
  /** Answer 6A86 to SELECT by path, as cards that only know the per-level form. */
  refusePathSelect?: boolean;
  /** Answer `6Cxx` when fewer than Le bytes are left, as T=0 cards do (default: return what is left). */
  wrongLeAs6C?: boolean;
}

/**
 * A small in-memory BELPIC card for specs of whole reads: SELECT AID, GET CARD DATA, SELECT by path
 * or per level, READ BINARY with the real end-of-file behaviour (short chunk, or 6B00 past the end).
 */
export class FakeBeidCard implements CardChannel {
  apdus = 0;
  private appletSelected = false;
  private selected: Buffer | undefined;
  private walk: string[] = [];

  constructor(private readonly options: FakeBeidCardOptions) {}

  async transmit(apdu: Buffer): Promise<Buffer> {
    this.apdus++;
    const hex = apdu.toString('hex').toUpperCase();
    const [cla, ins, p1, p2] = apdu;
    if (ins === 0xa4 && p1 === 0x04) {
      this.appletSelected = hex.slice(10) === BELPIC_AID;
      return sw(this.appletSelected ? 0x9000 : 0x6a82);
    }
    if (!this.appletSelected) return sw(0x6d00);
    if (cla === 0x80 && ins === 0xe4) {
      const le = apdu[4] === 0 ? 256 : apdu[4]!;
      if (le !== this.options.cardData.length) return sw(0x6c00 | this.options.cardData.length);
      return Buffer.concat([this.options.cardData, sw(0x9000)]);
    }
    if (ins === 0xa4 && p1 === 0x08) {
      if (this.options.refusePathSelect) return sw(0x6a86);
      return this.select(hex.slice(10));
    }
    if (ins === 0xa4 && p1 === 0x02) {
      const fid = hex.slice(10);
      this.walk = fid === '3F00' ? ['3F00'] : [...this.walk, fid];
      if (this.walk.length < 3) return sw(0x9000);
      const result = this.select(this.walk.join(''));
      this.walk = [];
      return result;
    }
    if (ins === 0xb0) {
      if (this.selected === undefined) return sw(0x6986);
      const offset = ((p1! & 0x7f) << 8) | p2!;
      const le = apdu[4] === 0 ? 256 : apdu[4]!;
      if (offset >= this.selected.length) return sw(0x6b00);
      const left = this.selected.length - offset;
      if (this.options.wrongLeAs6C && left < le) return sw(0x6c00 | left);
      const data = this.selected.subarray(offset, offset + le);
      return Buffer.concat([data, sw(0x9000)]);
    }
    return sw(0x6d00);
  }

  private select(path: string): Buffer {
    const file = this.options.files[path];
    if (file === undefined) return sw(0x6a82);
    this.selected = file;
    return sw(0x9000);
  }
}

function sw(value: number): Buffer {
  return Buffer.from([value >> 8, value & 0xff]);
}
