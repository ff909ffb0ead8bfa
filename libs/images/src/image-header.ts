import sharp, { type Metadata } from 'sharp';

/** Default pixel budget of one image (width × height): 40 MP, matching `UPLOAD_MAX_PIXELS`. */
export const DEFAULT_MAX_PIXELS = 40_000_000;

/**
 * Raster formats accepted from uploads. SVG and PDF are refused here: they are programs as much as
 * pictures (external references, unbounded rendering cost). Where a purpose accepts PDFs, the api's
 * intake draws their pages into PNGs first (in a thread of their own, with limits: api/src/documents/
 * pdf-pages.ts), and those PNGs come through this check like any picture.
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

/** Why an image was refused from its header: not a raster image, or more pixels than allowed. */
export class ImageRejectedError extends Error {
  override readonly name = 'ImageRejectedError';

  constructor(
    readonly reason: 'unreadable' | 'too_large',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Reads the header of `image` and refuses it before any pixel is decoded when it is not a raster
 * image (`unreadable`) or declares more than `maxPixels` pixels (`too_large`: a 50 000 × 50 000 PNG
 * of a few kilobytes would need gigabytes decoded). Shared by the api's upload intake and the OCR worker.
 */
export async function readImageHeader(image: Buffer, maxPixels: number = DEFAULT_MAX_PIXELS): Promise<ImageHeader> {
  if (!Buffer.isBuffer(image) || image.length === 0) throw new ImageRejectedError('unreadable', 'the image is empty');
  let metadata: Metadata;
  try {
    metadata = await sharp(image, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new ImageRejectedError('unreadable', `not a readable image: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  const { format, width, height } = metadata;
  if (!format || !ACCEPTED_FORMATS.has(format)) throw new ImageRejectedError('unreadable', `image format ${format ?? 'unknown'} is not accepted`);
  if (!width || !height) throw new ImageRejectedError('unreadable', 'the image has no dimensions');
  const pageHeight = metadata.pageHeight ?? height;
  if (width * pageHeight > maxPixels) {
    throw new ImageRejectedError('too_large', `the image declares ${width}×${pageHeight} pixels, more than the ${maxPixels} allowed`);
  }
  return { width, height, format, orientation: metadata.orientation ?? 1, space: metadata.space ?? null };
}
