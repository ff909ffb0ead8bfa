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

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
