import { DEFAULT_MAX_PIXELS, decodeSafely, greyPicture, loadPageImage, type PageImage } from './image-input';

/** Why a picture of a document is not good enough. */
export type ImageProblem = 'too_small' | 'greyscale' | 'blurred';

/**
 * Thresholds of {@link assessImage}. The defaults come from measurements on the drawn ID cards and
 * passport pages of `testing/id-card-image.ts` (figures below; image-quality.spec.ts pins them):
 * - `minShortSide` / `minLongSide` 600 / 900 px. MRZ characters are 4.5 % of a TD1 card's short
 *   side: a card filling a 600 px high picture has them 27 px high, comfortably above the ~20 px
 *   tesseract needs (the MRZ reader still reads 350 px wide fixtures, after enlarging them, but fine
 *   print and the portrait are no longer legible to an operator at that size).
 * - `minColourfulness` 6: the colour spread √(σ²rg + σ²yb) of Hasler & Süsstrunk's colourfulness
 *   (rg = R − G, yb = (R + G)/2 − B), without its mean term so that a uniform colour cast does not
 *   count as colour. Measured: greyscale saved as RGB, PNG or JPEG 0; with a scanner's warm cast
 *   (+15/+8/0) 3.3–3.7; colour documents 31–47, still 8.3–13 with their saturation cut to 30 %.
 *   A strongly sepia-toned print of a greyscale copy measures 5.5–7 and may pass as colour.
 * - `minSharpness` 200: variance of the 4-neighbour Laplacian of the picture scaled to fit
 *   1000 × 1000 and contrast-stretched (so the figure depends neither on resolution nor on exposure).
 *   Measured: sharp documents 2100–2300; Gaussian blur σ 1 px ≈ 1200, 1.5 px ≈ 610, 2 px 290–370,
 *   3 px 73–120, 4 px 23–43 (at 1700 px wide). So σ ≥ 3 is flagged: text visibly smeared, though
 *   the big MRZ characters are often still read. Real photos carry sensor noise, which raises the
 *   figure: the threshold is low on purpose, to flag pictures a person would also call blurred.
 */
export interface ImageQualityLimits {
  /** Pixel budget (width × height) before decoding: decompression-bomb guard. */
  maxPixels: number;
  minShortSide: number;
  minLongSide: number;
  minColourfulness: number;
  minSharpness: number;
}

export const DEFAULT_IMAGE_QUALITY_LIMITS: Readonly<ImageQualityLimits> = {
  maxPixels: DEFAULT_MAX_PIXELS,
  minShortSide: 600,
  minLongSide: 900,
  minColourfulness: 6,
  minSharpness: 200,
};

/** Measurements of a picture and the problems they reveal. */
export interface ImageAssessment {
  /** Upright size (EXIF orientation applied). */
  width: number;
  height: number;
  /** Container format as sharp names it (`jpeg`, `png`, `webp`, …). */
  format: string;
  isColour: boolean;
  /** Colour spread (Hasler & Süsstrunk without the mean term): 0 for grey, whatever its tint. */
  colourfulness: number;
  /** Variance of the Laplacian on the normalised greyscale downscale. */
  sharpness: number;
  problems: ImageProblem[];
}

/** Side of the square the sharpness is measured in. */
const SHARPNESS_BOX = 1000;

/**
 * Measures size, colour and sharpness of a document picture: a file (decoded here, its header
 * checked first, so a decompression bomb or a non-image fails fast with an {@link OcrError}), or a
 * page already decoded by {@link loadPageImage} for the other analyses too.
 * @throws OcrError `ocr.image.too_large` or `ocr.image.unreadable`.
 */
export async function assessImage(image: Buffer | PageImage, limits: Partial<ImageQualityLimits> = {}): Promise<ImageAssessment> {
  const thresholds = { ...DEFAULT_IMAGE_QUALITY_LIMITS, ...limits };
  const page = Buffer.isBuffer(image) ? await loadPageImage(image, thresholds.maxPixels) : image;
  const { width, height } = page;

  const grey = await decodeSafely(() =>
    greyPicture(page).resize(SHARPNESS_BOX, SHARPNESS_BOX, { fit: 'inside', withoutEnlargement: true }).normalise().greyscale().raw().toBuffer({ resolveWithObject: true }),
  );

  const colourfulness = round(colourfulnessOf(page.colour.data, 3));
  const sharpness = round(laplacianVariance(grey.data, grey.info.width, grey.info.height, grey.info.channels));
  const isColour = colourfulness >= thresholds.minColourfulness;
  const problems: ImageProblem[] = [];
  if (Math.min(width, height) < thresholds.minShortSide || Math.max(width, height) < thresholds.minLongSide) problems.push('too_small');
  if (!isColour) problems.push('greyscale');
  if (sharpness < thresholds.minSharpness) problems.push('blurred');
  return { width, height, format: page.format, isColour, colourfulness, sharpness, problems };
}

/**
 * Colour spread, the first term of Hasler & Süsstrunk's colourfulness (2003): with rg = R − G and
 * yb = (R + G) / 2 − B per pixel, √(σ²rg + σ²yb). Their second term, 0.3 √(μ²rg + μ²yb), is left
 * out: it measures a uniform tint, which is what a greyscale scan with a colour cast has. Zero when
 * the three channels are equal.
 */
export function colourfulnessOf(pixels: Uint8Array, channels: number): number {
  if (channels < 3) return 0;
  let count = 0;
  let sumRg = 0;
  let sumYb = 0;
  let sumRg2 = 0;
  let sumYb2 = 0;
  for (let i = 0; i + 2 < pixels.length; i += channels) {
    const rg = pixels[i] - pixels[i + 1];
    const yb = (pixels[i] + pixels[i + 1]) / 2 - pixels[i + 2];
    sumRg += rg;
    sumYb += yb;
    sumRg2 += rg * rg;
    sumYb2 += yb * yb;
    count++;
  }
  if (count === 0) return 0;
  const meanRg = sumRg / count;
  const meanYb = sumYb / count;
  const varianceRg = Math.max(0, sumRg2 / count - meanRg * meanRg);
  const varianceYb = Math.max(0, sumYb2 / count - meanYb * meanYb);
  return Math.sqrt(varianceRg + varianceYb);
}

/** Variance of the 4-neighbour Laplacian over the inner pixels of the first channel. */
export function laplacianVariance(pixels: Uint8Array, width: number, height: number, channels = 1): number {
  if (width < 3 || height < 3) return 0;
  let count = 0;
  let sum = 0;
  let sumSquares = 0;
  const at = (x: number, y: number) => pixels[(y * width + x) * channels];
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const value = at(x - 1, y) + at(x + 1, y) + at(x, y - 1) + at(x, y + 1) - 4 * at(x, y);
      sum += value;
      sumSquares += value * value;
      count++;
    }
  }
  const mean = sum / count;
  return sumSquares / count - mean * mean;
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
