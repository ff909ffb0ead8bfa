import type { DocumentContentType } from '@sesame/database';
import { ImageRejectedError, readImageHeader, type ImageHeader } from '@sesame/images';
import { DocumentException, type DocumentErrorCode } from './documents.exception';
import { isPdf, PdfRejectedError, rasterisePdf, type PdfPageImage, type PdfRefusal, type PdfRenderLimits } from './pdf-pages';

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

/** What an upload may be: images only (the desk's MRZ photo), or images and PDFs. */
export interface IntakeOptions {
  /** Pixel budget of one image (`UPLOAD_MAX_PIXELS`). */
  maxPixels: number;
  /** PDFs are accepted and expanded into one PNG per page. */
  allowPdf: boolean;
  /** Pages all files together may have (an image is one page, a PDF as many as it has). */
  maxPages: number;
  /** Overrides of the PDF rendering limits (specs). */
  pdf?: Partial<PdfRenderLimits>;
}

/** A checked page and the kind of file it came from (for the audit trail). */
export interface IntakePage extends CheckedImage {
  source: DocumentContentType | 'application/pdf';
}

/**
 * Turns the uploaded files of one document into its pages, in order: an image is a page; with
 * `allowPdf`, a PDF (`%PDF-` at the start) is drawn into one PNG per page (pdf-pages.ts). Every
 * page then goes through {@link checkUploadedImage}. All files together may have `maxPages` pages:
 * more is `document.too_many_pages`, decided from a PDF's page count before any page is drawn.
 * @throws DocumentException with the precise reason of a refusal; never anything else for bad bytes.
 */
export async function checkUploadedFiles(files: readonly Buffer[], options: IntakeOptions): Promise<IntakePage[]> {
  const pages: IntakePage[] = [];
  for (const bytes of files) {
    const left = options.maxPages - pages.length;
    if (options.allowPdf && isPdf(bytes)) {
      const drawn = await rasterise(bytes, { ...options.pdf, maxPages: left, maxImagePixels: options.maxPixels }, options.maxPages);
      for (const page of drawn) pages.push({ ...(await checkUploadedImage(page.png, options.maxPixels, options)), source: 'application/pdf' });
    } else {
      if (left < 1) throw new DocumentException('document.too_many_pages', { max: options.maxPages });
      const image = await checkUploadedImage(bytes, options.maxPixels, options);
      pages.push({ ...image, source: image.contentType });
    }
  }
  return pages;
}

/** The message key of each PDF refusal. */
const PDF_REFUSALS: Record<Exclude<PdfRefusal, 'too_many_pages'>, DocumentErrorCode> = {
  unreadable: 'document.pdf_unreadable',
  encrypted: 'document.pdf_encrypted',
  page_size: 'document.pdf_page_size',
  too_complex: 'document.pdf_too_complex',
};

async function rasterise(bytes: Buffer, limits: Partial<PdfRenderLimits>, maxPages: number): Promise<PdfPageImage[]> {
  try {
    return await rasterisePdf(bytes, limits);
  } catch (error) {
    if (!(error instanceof PdfRejectedError)) throw error;
    if (error.reason === 'too_many_pages') throw new DocumentException('document.too_many_pages', { max: maxPages });
    throw new DocumentException(PDF_REFUSALS[error.reason]);
  }
}

/**
 * Accepts an uploaded image only when its bytes are a JPEG or PNG whose header says so and whose
 * declared size stays under `maxPixels` (the shared header check of `@sesame/images`: a small file
 * can declare a gigantic bitmap, and it is refused before anything decodes it). Throws a
 * DocumentException with the reason otherwise; the "unsupported type" message names PDF too when
 * the purpose accepts it.
 */
export async function checkUploadedImage(bytes: Buffer, maxPixels: number, options: { allowPdf?: boolean } = {}): Promise<CheckedImage> {
  const signature = SIGNATURES.find((candidate) => bytes.subarray(0, candidate.magic.length).equals(candidate.magic));
  if (signature === undefined) throw new DocumentException(options.allowPdf ? 'document.unsupported_type_pdf' : 'document.unsupported_type');
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
