/**
 * Placeholder ID photos: a face-like grey silhouette encoded as a real baseline (SOF0) greyscale
 * JFIF JPEG. Small (2–4 KB, like a real card photo, so reading 4035 takes several chunks) and
 * deterministic for a given seed, so each demo cardholder has a photo (and photo hash) of their own.
 */

export interface PlaceholderPhotoOptions {
  /** 140 on applet 1.7 cards, 150 on cards from 2021. */
  width?: number;
  /** 200 on applet 1.7 cards, 195 on cards from 2021. */
  height?: number;
  /** Any string: changes background, hair and face shape a little. */
  seed?: string;
  /** JPEG quality 1–100. */
  quality?: number;
}

export function createPlaceholderPhoto(options: PlaceholderPhotoOptions = {}): Buffer {
  const width = options.width ?? 140;
  const height = options.height ?? 200;
  const pixels = drawFace(width, height, options.seed ?? 'sesame');
  return encodeGreyJpeg(pixels, width, height, options.quality ?? 60);
}

function seedBytes(seed: string): number[] {
  // FNV-1a, spread into a few bytes: enough variety, no crypto needed.
  let h = 0x811c9dc5;
  for (const ch of Buffer.from(seed, 'utf8')) {
    h ^= ch;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return [h & 0xff, (h >>> 8) & 0xff, (h >>> 16) & 0xff, (h >>> 24) & 0xff];
}

function drawFace(width: number, height: number, seed: string): Uint8Array {
  const [a, b, c, d] = seedBytes(seed);
  const background = 200 + (a % 40);
  const hair = 30 + (b % 90);
  const skin = 150 + (c % 50);
  const clothes = 40 + (d % 80);
  const cx = width / 2;
  const headCy = height * 0.42;
  const headRx = width * (0.24 + (a % 5) / 100);
  const headRy = height * (0.23 + (b % 4) / 100);
  const inEllipse = (x: number, y: number, ex: number, ey: number, rx: number, ry: number): boolean =>
    ((x - ex) / rx) ** 2 + ((y - ey) / ry) ** 2 <= 1;

  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let v = background - Math.round((y / height) * 25);
      if (inEllipse(x, y, cx, height * 1.02, width * 0.55, height * 0.3)) v = clothes;
      if (y > headCy && y < headCy + headRy * 1.35 && Math.abs(x - cx) < headRx * 0.42) v = skin - 12; // neck
      if (inEllipse(x, y, cx, headCy - headRy * 0.12, headRx * 1.12, headRy * 1.05)) v = hair;
      if (inEllipse(x, y, cx, headCy + headRy * 0.05, headRx, headRy * 0.95)) {
        v = skin - Math.round(((x - cx) / headRx) * 12);
        const eyeY = headCy - headRy * 0.1;
        if (inEllipse(x, y, cx - headRx * 0.4, eyeY, headRx * 0.16, headRy * 0.07)) v = 45;
        if (inEllipse(x, y, cx + headRx * 0.4, eyeY, headRx * 0.16, headRy * 0.07)) v = 45;
        if (inEllipse(x, y, cx, headCy + headRy * 0.18, headRx * 0.08, headRy * 0.16)) v = skin - 25; // nose
        if (inEllipse(x, y, cx, headCy + headRy * 0.55, headRx * 0.38, headRy * 0.06)) v = 95; // mouth
      }
      pixels[y * width + x] = Math.max(0, Math.min(255, v));
    }
  }
  return pixels;
}

// ---------------------------------------------------------------------------------------------
// Baseline JPEG encoder (ITU T.81), one greyscale component, the Annex K tables.

const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21,
  28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61,
  54, 47, 55, 62, 63,
];

const LUMA_QUANT = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51,
  87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101,
  72, 92, 95, 98, 112, 100, 103, 99,
];

const DC_BITS = [0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0];
const DC_VALUES = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
const AC_BITS = [0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 0x7d];
const AC_VALUES = [
  0x01, 0x02, 0x03, 0x00, 0x04, 0x11, 0x05, 0x12, 0x21, 0x31, 0x41, 0x06, 0x13, 0x51, 0x61, 0x07, 0x22, 0x71, 0x14,
  0x32, 0x81, 0x91, 0xa1, 0x08, 0x23, 0x42, 0xb1, 0xc1, 0x15, 0x52, 0xd1, 0xf0, 0x24, 0x33, 0x62, 0x72, 0x82, 0x09,
  0x0a, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x34, 0x35, 0x36, 0x37, 0x38, 0x39, 0x3a,
  0x43, 0x44, 0x45, 0x46, 0x47, 0x48, 0x49, 0x4a, 0x53, 0x54, 0x55, 0x56, 0x57, 0x58, 0x59, 0x5a, 0x63, 0x64, 0x65,
  0x66, 0x67, 0x68, 0x69, 0x6a, 0x73, 0x74, 0x75, 0x76, 0x77, 0x78, 0x79, 0x7a, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88,
  0x89, 0x8a, 0x92, 0x93, 0x94, 0x95, 0x96, 0x97, 0x98, 0x99, 0x9a, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9,
  0xaa, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca,
  0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7, 0xd8, 0xd9, 0xda, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9, 0xea,
  0xf1, 0xf2, 0xf3, 0xf4, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9, 0xfa,
];

interface HuffmanCode {
  code: number;
  length: number;
}

function buildHuffmanTable(bits: number[], values: number[]): Map<number, HuffmanCode> {
  const table = new Map<number, HuffmanCode>();
  let code = 0;
  let k = 0;
  for (let length = 1; length <= 16; length++) {
    for (let i = 0; i < bits[length - 1]; i++) table.set(values[k++], { code: code++, length });
    code <<= 1;
  }
  return table;
}

class BitWriter {
  private readonly bytes: number[] = [];
  private buffer = 0;
  private count = 0;

  write(value: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) {
      this.buffer = (this.buffer << 1) | ((value >> i) & 1);
      this.count++;
      if (this.count === 8) this.flushByte();
    }
  }

  finish(): Buffer {
    if (this.count > 0) this.write(0x7f, 8 - this.count); // pad with 1 bits
    return Buffer.from(this.bytes);
  }

  private flushByte(): void {
    this.bytes.push(this.buffer);
    if (this.buffer === 0xff) this.bytes.push(0x00); // byte stuffing
    this.buffer = 0;
    this.count = 0;
  }
}

function magnitudeCategory(value: number): number {
  let v = Math.abs(value);
  let n = 0;
  while (v > 0) {
    n++;
    v >>= 1;
  }
  return n;
}

function writeValue(writer: BitWriter, value: number, size: number): void {
  if (size === 0) return;
  writer.write(value >= 0 ? value : value + (1 << size) - 1, size);
}

const COS_TABLE: number[][] = Array.from({ length: 8 }, (_, x) =>
  Array.from({ length: 8 }, (_, u) => Math.cos(((2 * x + 1) * u * Math.PI) / 16)),
);

function forwardDct(block: number[]): number[] {
  const out = new Array<number>(64).fill(0);
  for (let v = 0; v < 8; v++) {
    for (let u = 0; u < 8; u++) {
      let sum = 0;
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) sum += block[y * 8 + x] * COS_TABLE[x][u] * COS_TABLE[y][v];
      }
      const cu = u === 0 ? Math.SQRT1_2 : 1;
      const cv = v === 0 ? Math.SQRT1_2 : 1;
      out[v * 8 + u] = 0.25 * cu * cv * sum;
    }
  }
  return out;
}

function segment(marker: number, body: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(marker, 0);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([header, body]);
}

export function encodeGreyJpeg(pixels: Uint8Array, width: number, height: number, quality: number): Buffer {
  const q = Math.max(1, Math.min(100, Math.round(quality)));
  const scale = q < 50 ? 5000 / q : 200 - q * 2;
  const quant = LUMA_QUANT.map((v) => Math.max(1, Math.min(255, Math.floor((v * scale + 50) / 100))));
  const dcTable = buildHuffmanTable(DC_BITS, DC_VALUES);
  const acTable = buildHuffmanTable(AC_BITS, AC_VALUES);

  const writer = new BitWriter();
  const emit = (table: Map<number, HuffmanCode>, symbol: number): void => {
    const entry = table.get(symbol);
    if (entry === undefined) throw new Error(`No Huffman code for symbol ${symbol}`);
    writer.write(entry.code, entry.length);
  };

  let previousDc = 0;
  for (let by = 0; by < height; by += 8) {
    for (let bx = 0; bx < width; bx += 8) {
      const block = new Array<number>(64);
      for (let y = 0; y < 8; y++) {
        for (let x = 0; x < 8; x++) {
          const px = Math.min(width - 1, bx + x);
          const py = Math.min(height - 1, by + y);
          block[y * 8 + x] = pixels[py * width + px] - 128;
        }
      }
      const coefficients = forwardDct(block);
      const zz = ZIGZAG.map((index) => Math.round(coefficients[index] / quant[index]));

      const diff = zz[0] - previousDc;
      previousDc = zz[0];
      const dcSize = magnitudeCategory(diff);
      emit(dcTable, dcSize);
      writeValue(writer, diff, dcSize);

      let run = 0;
      for (let k = 1; k < 64; k++) {
        if (zz[k] === 0) {
          run++;
          continue;
        }
        while (run > 15) {
          emit(acTable, 0xf0);
          run -= 16;
        }
        const size = magnitudeCategory(zz[k]);
        emit(acTable, (run << 4) | size);
        writeValue(writer, zz[k], size);
        run = 0;
      }
      if (run > 0) emit(acTable, 0x00);
    }
  }

  const jfif = Buffer.from([0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);
  const dqt = Buffer.from([0x00, ...ZIGZAG.map((index) => quant[index])]);
  const sof = Buffer.from([0x08, height >> 8, height & 0xff, width >> 8, width & 0xff, 0x01, 0x01, 0x11, 0x00]);
  const dht = Buffer.from([0x00, ...DC_BITS, ...DC_VALUES, 0x10, ...AC_BITS, ...AC_VALUES]);
  const sos = Buffer.from([0x01, 0x01, 0x00, 0x00, 0x3f, 0x00]);
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    segment(0xffe0, jfif),
    segment(0xffdb, dqt),
    segment(0xffc0, sof),
    segment(0xffc4, dht),
    segment(0xffda, sos),
    writer.finish(),
    Buffer.from([0xff, 0xd9]),
  ]);
}
