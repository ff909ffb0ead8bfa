import type { DocumentContentType } from '@sesame/database';
import { ImageRejectedError, readImageHeader, type ImageHeader } from '@sesame/images';
import { DocumentException } from './documents.exception';

/** The image formats uploads may have, recognised by their first bytes (never by name or browser type). */
const SIGNATURES: { type: DocumentContentType; magic: Buffer; sharpFormat: string }[] = [
  { type: 'image/jpeg', magic: Buffer.from([0xff, 0xd8, 0xff]), sharpFormat: 'jpeg' },
  { type: 'image/png', magic: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), sharpFormat: 'png' },
];

export interface CheckedImage {
  contentType: DocumentContentType;
  width: number;
  height: number;
  bytes: Buffer;
}

/**
 * Accepts an uploaded image only when its bytes are a JPEG or PNG whose header says so and whose
 * declared size stays under `maxPixels` (the shared header check of `@sesame/images`: a small file
 * can declare a gigantic bitmap, and it is refused before anything decodes it). Throws a
 * DocumentException with the reason otherwise.
 */
export async function checkUploadedImage(bytes: Buffer, maxPixels: number): Promise<CheckedImage> {
  const signature = SIGNATURES.find((candidate) => bytes.subarray(0, candidate.magic.length).equals(candidate.magic));
  if (signature === undefined) throw new DocumentException('document.unsupported_type');
  let header: ImageHeader;
  try {
    header = await readImageHeader(bytes, maxPixels);
  } catch (error) {
    if (error instanceof ImageRejectedError && error.reason === 'too_large') {
      throw new DocumentException('document.image_too_large', { megapixels: Math.floor(maxPixels / 1_000_000) });
    }
    throw new DocumentException('document.unreadable_image');
  }
  if (header.format !== signature.sharpFormat) throw new DocumentException('document.unreadable_image');
  return { contentType: signature.type, width: header.width, height: header.height, bytes };
}
