import { DEFAULT_MAX_PIXELS, ImageRejectedError, readImageHeader as sharedReadImageHeader, type ImageHeader } from '@sesame/images';
import sharp, { type Sharp } from 'sharp';
import { OcrError } from './ocr.error';

export { DEFAULT_MAX_PIXELS, type ImageHeader } from '@sesame/images';

/**
 * The shared header check ({@link sharedReadImageHeader}) with its refusals as {@link OcrError}s:
 * `ocr.image.unreadable` or `ocr.image.too_large`, decided before any pixel is decoded.
 */
export async function readImageHeader(image: Buffer, maxPixels: number = DEFAULT_MAX_PIXELS): Promise<ImageHeader> {
  try {
    return await sharedReadImageHeader(image, maxPixels);
  } catch (error) {
    if (error instanceof ImageRejectedError) throw new OcrError(`ocr.image.${error.reason}`, error.message, { cause: error });
    throw error;
  }
}

/**
 * A sharp pipeline over an image already checked by {@link readImageHeader}: the pixel limit is
 * enforced again by libvips while decoding, and corrupt or truncated data fails the pipeline.
 */
export function openImage(image: Buffer, maxPixels: number = DEFAULT_MAX_PIXELS): Sharp {
  return sharp(image, { limitInputPixels: maxPixels, failOn: 'error' });
}

/** Runs a sharp step and turns libvips failures into {@link OcrError}s. */
export async function decodeSafely<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof OcrError) throw error;
    const message = messageOf(error);
    if (/pixel limit/i.test(message)) throw new OcrError('ocr.image.too_large', message, { cause: error });
    throw new OcrError('ocr.image.unreadable', `the image could not be decoded: ${message}`, { cause: error });
  }
}

/** Side of the square the colour thumbnail of a {@link PageImage} fits in (colourfulness is a statistic). */
export const COLOUR_THUMBNAIL_BOX = 256;

/**
 * One uploaded picture decoded once, for every analysis of it (quality, MRZ, text): the compressed
 * file is the costly part to decode, so it is decoded a single time and the rest works on pixels.
 */
export interface PageImage {
  /** Container format of the file (`jpeg`, `png`, …). */
  format: string;
  /** Upright size (EXIF orientation applied). */
  width: number;
  height: number;
  /** Upright, flattened on white: one grey byte per pixel, `width × height`. */
  grey: Buffer;
  /** Upright colour thumbnail fitting {@link COLOUR_THUMBNAIL_BOX}: sRGB, 3 bytes per pixel. */
  colour: { data: Buffer; width: number; height: number };
}

/**
 * Decodes `image` once into a {@link PageImage}. The header is checked first, so a decompression
 * bomb or a non-image fails fast, before any decoding.
 * @throws OcrError `ocr.image.too_large` or `ocr.image.unreadable`.
 */
export async function loadPageImage(image: Buffer, maxPixels: number = DEFAULT_MAX_PIXELS): Promise<PageImage> {
  const header = await readImageHeader(image, maxPixels);
  return decodeSafely(async () => {
    const rgb = await openImage(image, maxPixels).rotate().flatten({ background: '#ffffff' }).toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const raw = { width: rgb.info.width, height: rgb.info.height, channels: rgb.info.channels };
    const [grey, colour] = await Promise.all([
      // sharp writes raw output in sRGB unless told greyscale(): one byte per pixel only then.
      sharp(rgb.data, { raw }).greyscale().raw().toBuffer(),
      sharp(rgb.data, { raw })
        .resize(COLOUR_THUMBNAIL_BOX, COLOUR_THUMBNAIL_BOX, { fit: 'inside', withoutEnlargement: true })
        .raw()
        .toBuffer({ resolveWithObject: true }),
    ]);
    if (raw.channels !== 3 || colour.info.channels !== 3 || grey.length !== raw.width * raw.height) {
      throw new OcrError('ocr.image.unreadable', `unexpected decoded layout: ${raw.channels} channels`);
    }
    return {
      format: header.format,
      width: raw.width,
      height: raw.height,
      grey,
      colour: { data: colour.data, width: colour.info.width, height: colour.info.height },
    };
  });
}

/** A sharp pipeline over the grey pixels of a {@link PageImage} (or of any grey raster). */
export function greyPicture(page: { grey: Buffer; width: number; height: number }): Sharp {
  return sharp(page.grey, { raw: { width: page.width, height: page.height, channels: 1 } });
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
