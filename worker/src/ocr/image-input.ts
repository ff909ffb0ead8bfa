import sharp, { type Metadata, type Sharp } from 'sharp';
import { OcrError } from './ocr.error';

/** Default pixel budget of one image (width × height): 40 MP, matching `UPLOAD_MAX_PIXELS`. */
export const DEFAULT_MAX_PIXELS = 40_000_000;

/**
 * Raster formats accepted from uploads. SVG and PDF are refused: they are programs as much as
 * pictures (external references, unbounded rendering cost) and no camera or scanner produces them.
 */
const ACCEPTED_FORMATS: ReadonlySet<string> = new Set(['jpeg', 'png', 'webp', 'tiff', 'gif', 'heif', 'avif', 'jp2']);

/** What the header of an accepted image says, read without decoding the pixels. */
export interface ImageHeader {
  /** Stored width and height, before any EXIF rotation. */
  width: number;
  height: number;
  format: string;
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number;
  /** Colour space as libvips names it (`srgb`, `b-w`, `cmyk`, …). */
  space: string | null;
}

/**
 * Reads the header of `image` and refuses it before any pixel is decoded when it is not a raster
 * image ({@link OcrError} `ocr.image.unreadable`) or declares more than `maxPixels` pixels
 * (`ocr.image.too_large`: a 50 000 × 50 000 PNG of a few kilobytes would need gigabytes decoded).
 */
export async function readImageHeader(image: Buffer, maxPixels: number = DEFAULT_MAX_PIXELS): Promise<ImageHeader> {
  if (!Buffer.isBuffer(image) || image.length === 0) throw new OcrError('ocr.image.unreadable', 'the image is empty');
  let metadata: Metadata;
  try {
    metadata = await sharp(image, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new OcrError('ocr.image.unreadable', `not a readable image: ${messageOf(error)}`, { cause: error });
  }
  const { format, width, height } = metadata;
  if (!format || !ACCEPTED_FORMATS.has(format)) throw new OcrError('ocr.image.unreadable', `image format ${format ?? 'unknown'} is not accepted`);
  if (!width || !height) throw new OcrError('ocr.image.unreadable', 'the image has no dimensions');
  const pageHeight = metadata.pageHeight ?? height;
  if (width * pageHeight > maxPixels) {
    throw new OcrError('ocr.image.too_large', `the image declares ${width}×${pageHeight} pixels, more than the ${maxPixels} allowed`);
  }
  return { width, height, format, orientation: metadata.orientation ?? 1, space: metadata.space ?? null };
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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
