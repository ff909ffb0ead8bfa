import type { MrzResult } from '@sesame/domain';
import sharp from 'sharp';
import { estimateSkewDegrees, MIN_CORRECTED_SKEW_DEGREES } from './deskew';
import { DEFAULT_MAX_PIXELS, decodeSafely, greyPicture, loadPageImage, type PageImage } from './image-input';
import { compareCandidates, findMrzCandidates, MRZ_ALPHABET, type MrzCandidate, type MrzCorrection, type MrzFormat } from './mrz-lines';
import type { OcrEngine, OcrPageSegmentation } from './ocr-engine';

/** Whether each check digit of the MRZ matches its field (ICAO 9303). */
export interface MrzCheckDigits {
  documentNumber: boolean;
  birthDate: boolean;
  expiryDate: boolean;
  /** The composite check digit over the other fields. */
  composite: boolean;
  /** TD3 only: the personal number's check digit. */
  personalNumber?: boolean;
}

/** What {@link readMrz} found in a picture. */
export interface MrzReading {
  /** Lines shaped like an MRZ were found (they may still fail their check digits: see `parsed.valid`). */
  found: boolean;
  /** The MRZ as read and corrected, one string per line. */
  lines: string[];
  format: MrzFormat | null;
  /** The domain's reading: fields, dates, `valid`, and the failed fields in `errors`. */
  parsed: MrzResult | null;
  checkDigits: MrzCheckDigits | null;
  /** Mean tesseract confidence of the MRZ lines, 0–100 (0 when nothing was found). */
  confidence: number;
  /** Characters changed, added or dropped after OCR (see mrz-lines.ts for the rules). */
  corrections: MrzCorrection[];
  /** The part of the picture the reading comes from. */
  region: 'bottom_band' | 'full_image' | null;
  /** Degrees the upright (EXIF-applied) picture was turned clockwise to read it: straightening, plus 180 when upside down. */
  rotation: number;
}

/** Options of {@link readMrz}. */
export interface ReadMrzOptions {
  /** Pixel budget of the image (decompression-bomb guard); default 40 MP. */
  maxPixels?: number;
  /** Reference instant for birth-date centuries; default now. */
  now?: Date;
}

/** Share of the upright picture, from the bottom, read first: the MRZ is a third of a TD1 card, a quarter of a TD3 page. */
const BAND_SHARE = 0.45;
/**
 * Width the pictures are scaled to before OCR. A document filling the frame then has MRZ
 * characters about 40 px (TD1) or 28 px (TD3) high, where tesseract's LSTM reads best; smaller
 * pictures are enlarged (at most 4×), larger ones reduced, which also bounds the OCR time.
 */
const BAND_WIDTH = 1300;
const FULL_WIDTH = { min: 1300, max: 2000 };
const MAX_UPSCALE = 4;
/** A document filling a 1300 px picture is at 260–390 dpi; telling tesseract spares it a guess (and a warning). */
const ASSUMED_DPI = 300;
/** Width of the copy the skew is measured on. */
const SKEW_PROBE_WIDTH = 800;

const NOTHING: MrzReading = { found: false, lines: [], format: null, parsed: null, checkDigits: null, confidence: 0, corrections: [], region: null, rotation: 0 };

/**
 * Finds and reads the MRZ of a passport or ID card picture: a file (decoded here), or a page
 * already decoded by {@link loadPageImage} for the other analyses too.
 *
 * The picture is turned upright by its EXIF orientation, made grey, straightened (skew up to 15°,
 * see deskew.ts), trimmed of a scan's white margins ({@link documentRegion}), contrast-normalised
 * and scaled. The bottom band where MRZs are printed is read
 * first; when it yields no valid MRZ, the whole picture; then the band of the picture turned over
 * (a document upside down). OCR is limited to the MRZ alphabet; lines are picked and corrected by
 * `mrz-lines` and checked by the domain's `parseMrz`; the best reading wins (valid first, then
 * fewest failed fields). A found but invalid reading is returned as such: a person decides.
 * @throws OcrError `ocr.image.*` for an image refused before OCR, `ocr.engine.*` when OCR failed.
 */
export async function readMrz(engine: OcrEngine, image: Buffer | PageImage, options: ReadMrzOptions = {}): Promise<MrzReading> {
  const decoded = Buffer.isBuffer(image) ? await loadPageImage(image, options.maxPixels ?? DEFAULT_MAX_PIXELS) : image;
  const page = await decodeSafely(async () => documentRegion(await straightenedPage(decoded)));

  const passes: { region: NonNullable<MrzReading['region']>; upsideDown: boolean; psm: OcrPageSegmentation; picture: () => Promise<Buffer> }[] = [
    { region: 'bottom_band', upsideDown: false, psm: 'single_block', picture: () => bottomBand(page, false) },
    { region: 'full_image', upsideDown: false, psm: 'auto', picture: () => wholePage(page) },
    // A document laid upside down on the scanner or held so in front of the camera.
    { region: 'bottom_band', upsideDown: true, psm: 'single_block', picture: () => bottomBand(page, true) },
  ];

  let best: (MrzCandidate & Pick<MrzReading, 'region' | 'rotation'>) | null = null;
  for (const pass of passes) {
    const picture = await decodeSafely(pass.picture);
    const ocr = await engine.recognize(picture, { languages: ['eng'], whitelist: MRZ_ALPHABET, psm: pass.psm, dpi: ASSUMED_DPI });
    const [candidate] = findMrzCandidates(ocr.lines, { now: options.now });
    if (candidate && (best === null || compareCandidates(candidate, best) < 0)) {
      best = { ...candidate, region: pass.region, rotation: normaliseDegrees(-page.skew + (pass.upsideDown ? 180 : 0)) };
    }
    if (best?.parsed.valid) break;
  }
  if (best === null) return NOTHING;
  return {
    found: true,
    lines: best.lines,
    format: best.format,
    parsed: best.parsed,
    checkDigits: checkDigitsOf(best.format, best.parsed),
    confidence: Math.round(best.confidence * 10) / 10,
    corrections: best.corrections,
    region: best.region,
    rotation: best.rotation,
  };
}

/** A page made ready for OCR: upright by EXIF, straightened, one grey byte per pixel. */
export interface GreyPage {
  grey: Buffer;
  width: number;
  height: number;
  /** Degrees the text was turned clockwise before straightening. */
  skew: number;
}

/** The grey page straightened when its text lines are turned by {@link MIN_CORRECTED_SKEW_DEGREES} or more. */
export async function straightenedPage(page: PageImage): Promise<GreyPage> {
  const probe = await greyPicture(page)
    .resize({ width: Math.min(SKEW_PROBE_WIDTH, page.width) })
    .normalise()
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const skew = estimateSkewDegrees(probe.data, probe.info.width, probe.info.height);
  if (Math.abs(skew) < MIN_CORRECTED_SKEW_DEGREES) return { grey: page.grey, width: page.width, height: page.height, skew: 0 };
  const straight = await greyPicture(page).rotate(-skew, { background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { grey: straight.data, width: straight.info.width, height: straight.info.height, skew };
}

/** Grey level the margins of a scan are trimmed down to (a scanner's lid is white, rarely pure). */
const MARGIN_TRIM_THRESHOLD = 40;
/** Blank kept around the trimmed document, in pixels (tesseract reads text touching the edge poorly). */
const MARGIN_KEPT = 16;

/**
 * The document itself when the page is a scan with blank margins (an ID card on an A4 flatbed scan
 * or PDF page: a small part of the page, with its MRZ far from the page's bottom band): the page
 * trimmed of its white margins, with a little blank kept around. A photo (its background is not
 * white) or a page the document fills comes back as it is.
 */
export async function documentRegion(page: GreyPage): Promise<GreyPage> {
  const trimmed = await greyPicture(page)
    .trim({ background: '#ffffff', threshold: MARGIN_TRIM_THRESHOLD })
    .extend({ top: MARGIN_KEPT, bottom: MARGIN_KEPT, left: MARGIN_KEPT, right: MARGIN_KEPT, background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const { width, height } = trimmed.info;
  // Margins worth trimming are wide; what is left must still be a document, not a speck of dust.
  if (width * height > 0.7 * page.width * page.height || width < 300 || height < 150) return page;
  return { grey: trimmed.data, width, height, skew: page.skew };
}

/** The bottom {@link BAND_SHARE} of the page (of the page turned over when `upsideDown`), scaled for OCR. */
async function bottomBand(page: GreyPage, upsideDown: boolean): Promise<Buffer> {
  const bandHeight = Math.ceil(page.height * BAND_SHARE);
  // Turned over, the bottom band is the top one, read rotated by 180°.
  const top = upsideDown ? 0 : page.height - bandHeight;
  const band = greyPicture(page).extract({ left: 0, top, width: page.width, height: bandHeight });
  return sharp(await (upsideDown ? band.rotate(180) : band).greyscale().raw().toBuffer(), { raw: { width: page.width, height: bandHeight, channels: 1 } })
    .resize({ width: scaledWidth(page.width, BAND_WIDTH, BAND_WIDTH) })
    .normalise()
    .png({ compressionLevel: 1 })
    .toBuffer();
}

/** The whole page scaled for OCR (also the text pass's picture: see page-text.ts). */
export async function wholePage(page: GreyPage): Promise<Buffer> {
  return greyPicture(page)
    .resize({ width: scaledWidth(page.width, FULL_WIDTH.min, FULL_WIDTH.max) })
    .normalise()
    .png({ compressionLevel: 1 })
    .toBuffer();
}

function normaliseDegrees(degrees: number): number {
  const turned = Math.round(((degrees % 360) + 360) % 360 * 10) / 10;
  return turned > 180 ? Math.round((turned - 360) * 10) / 10 : turned;
}

/** Check-digit validity per field, from the failed fields the domain parser reports. */
export function checkDigitsOf(format: MrzFormat, parsed: MrzResult): MrzCheckDigits {
  const failed = new Set(parsed.errors.map((error) => error.field));
  // A reading the parser could not even split into fields has no valid check digit.
  const ok = (field: string) => !failed.has('format') && !failed.has(field);
  const digits: MrzCheckDigits = {
    documentNumber: ok('documentNumberCheckDigit'),
    birthDate: ok('birthDateCheckDigit'),
    expiryDate: ok('expirationDateCheckDigit'),
    composite: ok('compositeCheckDigit'),
  };
  if (format === 'TD3') digits.personalNumber = ok('personalNumberCheckDigit');
  return digits;
}

/** The width to scale to: `min` at least (not more than 4× enlarged), `max` at most. */
function scaledWidth(width: number, min: number, max: number): number {
  if (width < min) return Math.min(min, width * MAX_UPSCALE);
  return Math.min(width, max);
}
