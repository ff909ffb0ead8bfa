import type { DocumentContentType } from '@sesame/database';
import sharp, { type Metadata } from 'sharp';
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

/** The content type the bytes really have, or null. */
export function sniffImageType(bytes: Buffer): DocumentContentType | null {
  return SIGNATURES.find((signature) => bytes.subarray(0, signature.magic.length).equals(signature.magic))?.type ?? null;
}

/**
 * Accepts an uploaded image only when its bytes are a JPEG or PNG whose header sharp can read and
 * whose declared size stays under `maxPixels` (a small file can declare a gigantic bitmap: it is
 * refused before anything decodes it). Throws a DocumentException with the reason otherwise.
 */
export async function checkUploadedImage(bytes: Buffer, maxPixels: number): Promise<CheckedImage> {
  const contentType = sniffImageType(bytes);
  if (contentType === null) throw new DocumentException('document.unsupported_type');
  let metadata: Metadata;
  try {
    // Reads the header only (no pixel is decoded here), so the declared size can be checked below.
    metadata = await sharp(bytes, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch {
    throw new DocumentException('document.unreadable_image');
  }
  const expected = SIGNATURES.find((signature) => signature.type === contentType)?.sharpFormat;
  if (metadata.format !== expected || !metadata.width || !metadata.height) throw new DocumentException('document.unreadable_image');
  if (metadata.width * metadata.height > maxPixels) {
    throw new DocumentException('document.image_too_large', { megapixels: Math.floor(maxPixels / 1_000_000) });
  }
  return { contentType, width: metadata.width, height: metadata.height, bytes };
}
