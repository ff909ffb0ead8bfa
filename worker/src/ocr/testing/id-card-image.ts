/**
 * Test images for the OCR library: ID-card-like pictures drawn with @napi-rs/canvas (colour
 * background with a guilloche, photo box, printed text and an ICAO MRZ in DejaVu Sans Mono), their
 * MRZ lines with real check digits, and the bad inputs the library must refuse. Test code only: it
 * needs the dev dependency @napi-rs/canvas.
 */
import { createCanvas, GlobalFonts, type SKRSContext2D } from '@napi-rs/canvas';
import { formatCardNumber } from '@sesame/domain';
import { dirname, join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';

// The same npm DejaVu fonts the letters use (worker/src/letters): found on any machine.
const FONT_DIR = join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const MONO = 'Sesame Test Mono';
const SANS = 'Sesame Test Sans';
const SANS_BOLD = 'Sesame Test Sans Bold';
let fontsRegistered = false;

function registerFonts(): void {
  if (fontsRegistered) return;
  for (const [file, family] of [
    ['DejaVuSansMono.ttf', MONO],
    ['DejaVuSans.ttf', SANS],
    ['DejaVuSans-Bold.ttf', SANS_BOLD],
  ] as const) {
    if (!GlobalFonts.registerFromPath(join(FONT_DIR, file), family)) throw new Error(`cannot load font ${file}`);
  }
  fontsRegistered = true;
}

// --- MRZ lines -------------------------------------------------------------------------------

/** ICAO 9303 check digit (weights 7, 3, 1; `<` = 0, A = 10 … Z = 35). */
export function icaoCheckDigit(text: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    const value = char === '<' ? 0 : char >= '0' && char <= '9' ? Number(char) : char.charCodeAt(0) - 55;
    sum += value * weights[i % 3];
  }
  return String(sum % 10);
}

const fill = (text: string, length: number): string => {
  if (text.length > length) throw new RangeError(`${text} is longer than ${length}`);
  return text.padEnd(length, '<');
};

/** The holder and document written in an MRZ (dates as YYMMDD, names in MRZ letters). */
export interface MrzHolder {
  documentCode: string;
  issuingState: string;
  documentNumber: string;
  nationality: string;
  surname: string;
  givenNames: string[];
  birthDate: string;
  sex: 'M' | 'F' | '<';
  expiryDate: string;
  /** TD1 optional data 2 (Belgian national number) or TD3 personal number. */
  optional?: string;
}

const nameField = (holder: MrzHolder, length: number): string => fill(`${holder.surname}<<${holder.givenNames.join('<')}`, length);

/** TD1 (ID card, 3 × 30): document numbers longer than 9 characters follow the ICAO long-number rule. */
export function td1Lines(holder: MrzHolder): string[] {
  const number = holder.documentNumber;
  const line1 =
    number.length <= 9
      ? `${fill(holder.documentCode, 2)}${holder.issuingState}${fill(number, 9)}${icaoCheckDigit(fill(number, 9))}${fill('', 15)}`
      : `${fill(holder.documentCode, 2)}${holder.issuingState}${number.slice(0, 9)}<${fill(number.slice(9) + icaoCheckDigit(number), 15)}`;
  const head = `${holder.birthDate}${icaoCheckDigit(holder.birthDate)}${holder.sex}${holder.expiryDate}${icaoCheckDigit(holder.expiryDate)}${fill(holder.nationality, 3)}${fill(holder.optional ?? '', 11)}`;
  const composite = icaoCheckDigit(line1.slice(5, 30) + head.slice(0, 7) + head.slice(8, 15) + head.slice(18, 29));
  return [line1, head + composite, nameField(holder, 30)];
}

/** TD3 (passport, 2 × 44). */
export function td3Lines(holder: MrzHolder): string[] {
  const line1 = `${fill(holder.documentCode, 2)}${fill(holder.issuingState, 3)}${nameField(holder, 39)}`;
  const number = fill(holder.documentNumber, 9);
  const personal = fill(holder.optional ?? '', 14);
  const personalCheck = holder.optional ? icaoCheckDigit(personal) : '<';
  const body = `${number}${icaoCheckDigit(number)}${fill(holder.nationality, 3)}${holder.birthDate}${icaoCheckDigit(holder.birthDate)}${holder.sex}${holder.expiryDate}${icaoCheckDigit(holder.expiryDate)}${personal}${personalCheck}`;
  const composite = icaoCheckDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
  return [line1, body + composite];
}

/** Belgian card number: ten digits and their mod-97 remainder (0 written 97). */
function belgianCardNumber(first10: string): string {
  const remainder = Number(first10) % 97;
  return first10 + String(remainder === 0 ? 97 : remainder).padStart(2, '0');
}

/** Belgian national number born in the 1900s: nine digits and 97 − (n mod 97). */
function belgianNationalNumber(first9: string): string {
  return first9 + String(97 - (Number(first9) % 97)).padStart(2, '0');
}

/** A Belgian eID (TD1, 12-digit card number, national number in optional data 2). */
export const BELGIAN_ID_CARD: MrzHolder = {
  documentCode: 'ID',
  issuingState: 'BEL',
  documentNumber: belgianCardNumber('5920381467'),
  nationality: 'BEL',
  surname: 'PEETERS',
  givenNames: ['LOTTE', 'MARIE'],
  birthDate: '900412',
  sex: 'F',
  expiryDate: '320118',
  optional: belgianNationalNumber('900412124'),
};

/** A Dutch passport (TD3, letters and digits in the document number, a personal number). */
export const DUTCH_PASSPORT: MrzHolder = {
  documentCode: 'P',
  issuingState: 'NLD',
  documentNumber: 'NXC4R8P51',
  nationality: 'NLD',
  surname: 'DE<BRUIJN',
  givenNames: ['WILLEKE', 'LISELOTTE'],
  birthDate: '850310',
  sex: 'F',
  expiryDate: '290914',
  optional: '999999990',
};

// --- Pictures --------------------------------------------------------------------------------

/** Options of {@link drawIdDocument}. */
export interface DrawOptions {
  /** `TD1`: ID card (85.6 × 54 mm); `TD3`: passport data page (125 × 88 mm). */
  format: 'TD1' | 'TD3';
  /** MRZ lines to print; `null` draws the side without an MRZ. Default: the format's sample. */
  mrz?: string[] | null;
  /** Pixels per millimetre (default 20 ≈ 508 dpi for TD1, 14 ≈ 356 dpi for TD3). */
  pxPerMm?: number;
}

/**
 * Draws an ID document as a PNG: pastel background with a guilloche, a colour photo box, labels
 * and data in four languages, and the MRZ in the ICAO zone at the bottom (monospaced, the ICAO
 * 2.54 mm character pitch, characters about 2.4 mm high).
 */
export function drawIdDocument(options: DrawOptions): Buffer {
  registerFonts();
  const td1 = options.format === 'TD1';
  const mm = options.pxPerMm ?? (td1 ? 20 : 14);
  const [widthMm, heightMm] = td1 ? [85.6, 53.98] : [125, 88];
  const width = Math.round(widthMm * mm);
  const height = Math.round(heightMm * mm);
  const mrz = options.mrz === undefined ? (td1 ? td1Lines(BELGIAN_ID_CARD) : td3Lines(DUTCH_PASSPORT)) : options.mrz;
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');

  // Background: a pastel gradient and a fine guilloche, as on a real card.
  const background = ctx.createLinearGradient(0, 0, width, height);
  background.addColorStop(0, td1 ? '#f7d9e3' : '#dfe9f7');
  background.addColorStop(0.5, td1 ? '#e4f0dc' : '#f3e6d8');
  background.addColorStop(1, td1 ? '#d8e6f5' : '#e2f2ea');
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, width, height);
  drawGuilloche(ctx, width, height, mm, td1 ? 'rgba(190, 80, 120, 0.18)' : 'rgba(60, 90, 170, 0.18)');

  // Header band.
  ctx.fillStyle = td1 ? '#b8325c' : '#21468b';
  ctx.fillRect(0, 0, width, 7 * mm);
  ctx.fillStyle = '#ffffff';
  ctx.font = `${3.2 * mm}px "${SANS_BOLD}"`;
  ctx.fillText(td1 ? 'BELGIË  BELGIQUE  BELGIEN  BELGIUM' : 'KONINKRIJK DER NEDERLANDEN', 4 * mm, 4.9 * mm);

  // Photo box with a simple portrait.
  // The ID card is small: its photo and fields must stay above the 17.9 mm MRZ zone.
  const photo = { x: 4 * mm, y: (td1 ? 9 : 10) * mm, w: (td1 ? 20 : 32) * mm, h: (td1 ? 25 : 40) * mm };
  ctx.fillStyle = '#c9d6e3';
  ctx.fillRect(photo.x, photo.y, photo.w, photo.h);
  ctx.fillStyle = '#8c5a3c';
  ctx.beginPath();
  ctx.ellipse(photo.x + photo.w / 2, photo.y + photo.h * 0.38, photo.w * 0.22, photo.h * 0.2, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = '#2f4f6f';
  ctx.beginPath();
  ctx.ellipse(photo.x + photo.w / 2, photo.y + photo.h * 0.98, photo.w * 0.42, photo.h * 0.34, 0, Math.PI, Math.PI * 2);
  ctx.fill();

  // Printed fields.
  const left = photo.x + photo.w + 5 * mm;
  const fields: [string, string][] = td1
    ? [
        ['Naam / Nom / Name', 'PEETERS'],
        ['Voornamen / Prénoms / Vornamen', 'Lotte Marie'],
        ['Geboortedatum / Date de naissance', '12 04 1990'],
        ['Kaartnummer / N° de carte', formatCardNumber(BELGIAN_ID_CARD.documentNumber)],
        ['Geldig tot / Valable jusqu’au', '18 01 2032'],
      ]
    : [
        ['Naam / Surname', 'DE BRUIJN'],
        ['Voornamen / Given names', 'Willeke Liselotte'],
        ['Nationaliteit / Nationality', 'Nederlandse'],
        ['Geboortedatum / Date of birth', '10 MAA/MAR 1985'],
        ['Documentnummer / Document no.', 'NXC4R8P51'],
        ['Geldig tot / Date of expiry', '14 SEP/SEP 2029'],
      ];
  const type = td1 ? { label: 1.5, value: 2.3, gap: 2.8, step: 4.7, top: 10.5 } : { label: 1.7, value: 2.6, gap: 3.2, step: 6.4, top: 12 };
  let y = type.top * mm;
  for (const [label, value] of fields) {
    ctx.fillStyle = '#5a5a66';
    ctx.font = `${type.label * mm}px "${SANS}"`;
    ctx.fillText(label, left, y);
    ctx.fillStyle = '#15151c';
    ctx.font = `${type.value * mm}px "${SANS_BOLD}"`;
    ctx.fillText(value, left, y + type.gap * mm);
    y += type.step * mm;
  }

  if (mrz) drawMrz(ctx, mrz, { width, height, mm, td1 });
  return canvas.toBuffer('image/png');
}

/** The MRZ: a plain light zone, characters on the ICAO pitch, lines from the bottom up. */
function drawMrz(ctx: SKRSContext2D, lines: string[], page: { width: number; height: number; mm: number; td1: boolean }): void {
  const { width, height, mm, td1 } = page;
  const zoneHeight = (td1 ? 17.9 : 23.2) * mm;
  ctx.fillStyle = 'rgba(255, 255, 255, 0.55)';
  ctx.fillRect(0, height - zoneHeight, width, zoneHeight);
  const pitch = 2.54 * mm;
  const lineSpacing = (td1 ? 4.3 : 5.2) * mm;
  // DejaVu Sans Mono capitals are 0.73 em high: about 2.4 mm, like OCR-B.
  ctx.font = `${3.3 * mm}px "${MONO}"`;
  ctx.fillStyle = '#111111';
  ctx.textAlign = 'center';
  const lineWidth = Math.max(...lines.map((line) => line.length)) * pitch;
  const x0 = (width - lineWidth) / 2;
  const baseline0 = height - (td1 ? 3.5 : 4.5) * mm - (lines.length - 1) * lineSpacing;
  lines.forEach((line, row) => {
    [...line].forEach((char, column) => ctx.fillText(char, x0 + (column + 0.5) * pitch, baseline0 + row * lineSpacing));
  });
  ctx.textAlign = 'start';
}

function drawGuilloche(ctx: SKRSContext2D, width: number, height: number, mm: number, colour: string): void {
  ctx.strokeStyle = colour;
  ctx.lineWidth = Math.max(1, 0.12 * mm);
  for (let k = 0; k < 14; k++) {
    ctx.beginPath();
    for (let x = 0; x <= width; x += 4) {
      const y = height * (0.08 + k * 0.065) + Math.sin(x / (9 * mm) + k) * 2.2 * mm + Math.sin(x / (3.1 * mm) + k * 0.7) * 0.6 * mm;
      if (x === 0) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
}

/** A white page with `lines` of printed text (DejaVu Sans, 40 px), e.g. a letter to read in some language. */
export function drawTextPage(lines: readonly string[]): Buffer {
  registerFonts();
  const canvas = createCanvas(1400, 120 + lines.length * 70);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.fillStyle = '#111111';
  ctx.font = `40px "${SANS}"`;
  lines.forEach((line, row) => ctx.fillText(line, 60, 100 + row * 70));
  return canvas.toBuffer('image/png');
}

// --- Variants --------------------------------------------------------------------------------

/** The same picture as a greyscale scan saved as RGB (three equal channels), as scanners do. */
export async function greyscaleCopy(png: Buffer): Promise<Buffer> {
  return sharp(png).flatten({ background: '#ffffff' }).greyscale().toColourspace('srgb').png().toBuffer();
}

/** The same picture out of focus (Gaussian blur of `sigma` pixels). */
export async function blurredCopy(png: Buffer, sigma = 4): Promise<Buffer> {
  return sharp(png).blur(sigma).png().toBuffer();
}

/** The picture scaled to `width` pixels wide (a low-resolution photo). */
export async function resizedCopy(png: Buffer, width: number): Promise<Buffer> {
  return sharp(png).resize({ width }).png().toBuffer();
}

/**
 * A JPEG as a phone held sideways writes it: pixels stored turned 90° anticlockwise, with EXIF
 * orientation 6 telling viewers to turn them back clockwise.
 */
export async function sidewaysPhoto(png: Buffer): Promise<Buffer> {
  return sharp(png).rotate(-90).jpeg({ quality: 92 }).withMetadata({ orientation: 6 }).toBuffer();
}

/**
 * A decompression bomb: a valid 1-bit greyscale PNG of `width` × `height` white pixels, a few
 * kilobytes on disk. With `headerOnly` the pixel data is cut short (the header alone declares the
 * size; a 50 000 × 50 000 image costs nothing to make).
 */
export function decompressionBombPng(width: number, height: number, options: { headerOnly?: boolean } = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([1, 0, 0, 0, 0], 8); // bit depth 1, greyscale, deflate, adaptive filter, no interlace
  const rowBytes = 1 + Math.ceil(width / 8);
  const rows = options.headerOnly ? Math.min(height, 64) : height;
  const raw = Buffer.alloc(rowBytes * rows, 0xff);
  for (let row = 0; row < rows; row++) raw[row * rowBytes] = 0; // filter byte "none"
  const idat = deflateSync(raw, { level: 9 });
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', idat),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
