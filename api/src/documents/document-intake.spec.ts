/**
 * The intake of uploaded files: images by their bytes, PDFs drawn into page images by pdf.js (in a
 * worker thread: each PDF case takes about half a second), and every refusal with its message key.
 */
import sharp from 'sharp';
import { decompressionBombPng, drawIdDocument } from '../../../worker/src/ocr/testing/id-card-image';
import { makePdf } from '../../../worker/src/ocr/testing/pdf-document';
import { checkUploadedFiles, type IntakeOptions } from './document-intake';
import { DocumentException } from './documents.exception';
import { isPdf } from './pdf-pages';

const NISS: IntakeOptions = { maxPixels: 40_000_000, allowPdf: true, maxPages: 2 };
const DESK: IntakeOptions = { maxPixels: 40_000_000, allowPdf: false, maxPages: 1 };

/** The refusal of an intake, as the api would answer it. */
async function refusal(files: Buffer[], options: IntakeOptions): Promise<{ code: string; status: number; params: Record<string, string | number> }> {
  const error = await checkUploadedFiles(files, options).then(
    () => null,
    (caught: unknown) => caught,
  );
  if (!(error instanceof DocumentException)) throw new Error(`expected a DocumentException, got ${String(error)}`);
  return { code: error.code, status: error.status, params: error.params };
}

describe(checkUploadedFiles.name, () => {
  const front = drawIdDocument({ format: 'TD1', mrz: null });
  const back = drawIdDocument({ format: 'TD1' });
  let png: Buffer;
  let jpeg: Buffer;
  let twoPages: Buffer;

  beforeAll(async () => {
    png = back;
    jpeg = await sharp(front).jpeg({ quality: 90 }).toBuffer();
    twoPages = await makePdf([{ picture: front }, { picture: back }]);
  });

  it('takes images as pages, judged by their bytes', async () => {
    const pages = await checkUploadedFiles([jpeg, png], NISS);
    expect(pages.map(({ contentType, source, width, height }) => ({ contentType, source, width, height }))).toEqual([
      { contentType: 'image/jpeg', source: 'image/jpeg', width: 1712, height: 1080 },
      { contentType: 'image/png', source: 'image/png', width: 1712, height: 1080 },
    ]);
    expect(pages[1].bytes).toBe(png);
  });

  it('draws a one-page PDF into one PNG page at 200 dpi (A4: 1654 × 2339)', async () => {
    const pdf = await makePdf([{ picture: back }]);
    expect(isPdf(pdf)).toBe(true);
    const [page, ...rest] = await checkUploadedFiles([pdf], NISS);
    expect(rest).toEqual([]);
    expect(page).toMatchObject({ contentType: 'image/png', source: 'application/pdf', width: 1654, height: 2339 });
    const metadata = await sharp(page.bytes).metadata();
    expect([metadata.format, metadata.width, metadata.height]).toEqual(['png', 1654, 2339]);
    // The card is drawn where the PDF put it (20 mm from the top left: 157 px at 200 dpi), on white.
    const { data } = await sharp(page.bytes).extract({ left: 200, top: 200, width: 400, height: 100 }).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect(Math.min(...data)).toBeLessThan(200);
    const { data: margin } = await sharp(page.bytes).extract({ left: 0, top: 2000, width: 1654, height: 300 }).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect(margin.every((grey) => grey === 255)).toBe(true);
  });

  it('draws a two-page PDF (recto, verso) into two pages, in order', async () => {
    const pages = await checkUploadedFiles([twoPages], NISS);
    expect(pages).toHaveLength(2);
    expect(pages.every((page) => page.source === 'application/pdf' && page.contentType === 'image/png')).toBe(true);
    // The verso has the light MRZ zone where the recto has none: the pages differ, in the PDF's order.
    expect(pages[0].bytes.equals(pages[1].bytes)).toBe(false);
  });

  it('draws a card-sized page at more than 200 dpi, a poster-sized one at less', async () => {
    const [card] = await checkUploadedFiles([await makePdf([{ picture: back, size: [242.6, 153], pictureWidthMm: 85.6 }])], NISS);
    expect(card).toMatchObject({ width: 1600, height: 1009 });
    const [poster] = await checkUploadedFiles([await makePdf([{ size: [2384, 3370] }])], NISS);
    expect(poster).toMatchObject({ width: 1754, height: 2480 });
  });

  it('counts the pages of every file: a 3-page PDF, or an image and a 2-page PDF, is too many', async () => {
    const threePages = await makePdf([{ picture: front }, { picture: back }, {}]);
    expect(await refusal([threePages], NISS)).toEqual({ code: 'document.too_many_pages', status: 400, params: { max: 2 } });
    expect(await refusal([jpeg, twoPages], NISS)).toEqual({ code: 'document.too_many_pages', status: 400, params: { max: 2 } });
    expect(await refusal([twoPages, png], NISS)).toEqual({ code: 'document.too_many_pages', status: 400, params: { max: 2 } });
    expect(await checkUploadedFiles([jpeg, await makePdf([{ picture: back }])], NISS)).toHaveLength(2);
  });

  it('refuses a PDF that needs a password, and opens one that only restricts printing or copying', async () => {
    const locked = await makePdf([{ picture: back }], { userPassword: 'secret', ownerPassword: 'owner' });
    expect(await refusal([locked], NISS)).toEqual({ code: 'document.pdf_encrypted', status: 422, params: {} });
    const restricted = await makePdf([{ picture: back }], { ownerPassword: 'owner' });
    expect(await checkUploadedFiles([restricted], NISS)).toHaveLength(1);
  });

  it('refuses a truncated or malformed PDF as unreadable, never with another error', async () => {
    const cases = [
      twoPages.subarray(0, Math.floor(twoPages.length / 2)),
      twoPages.subarray(0, 2000),
      Buffer.from('%PDF-1.7\nnot a PDF at all'),
      Buffer.from('%PDF-'),
      Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5000, 0xff)]),
    ];
    for (const pdf of cases) expect(await refusal([pdf], NISS)).toEqual({ code: 'document.pdf_unreadable', status: 422, params: {} });
  });

  it('refuses a page of absurd size before drawing it', async () => {
    for (const size of [[20, 800], [600, 10_000], [20_000, 20_000]] as [number, number][]) {
      expect(await refusal([await makePdf([{ size }])], NISS)).toEqual({ code: 'document.pdf_page_size', status: 422, params: {} });
    }
  });

  it('stops a rendering that takes too long or needs too much memory, without harm to the api', async () => {
    for (const limits of [{ timeoutMs: 1 }, { memoryMb: 4 }]) {
      const error = await checkUploadedFiles([twoPages], { ...NISS, pdf: limits }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ code: 'document.pdf_too_complex', status: 422 });
    }
    expect(await checkUploadedFiles([twoPages], NISS)).toHaveLength(2);
  });

  it('judges by content: a PNG named .pdf is an image, a PDF named .jpg is a PDF', async () => {
    // File names and browser types never reach the intake: only the bytes do.
    expect((await checkUploadedFiles([png], NISS))[0]).toMatchObject({ contentType: 'image/png', source: 'image/png' });
    expect((await checkUploadedFiles([twoPages], NISS))[0]).toMatchObject({ contentType: 'image/png', source: 'application/pdf' });
  });

  it('refuses PDFs where the purpose takes images only (the desk), and names PDF where it takes them', async () => {
    expect(await refusal([twoPages], DESK)).toEqual({ code: 'document.unsupported_type', status: 415, params: {} });
    expect(await refusal([Buffer.from('GIF89a')], DESK)).toEqual({ code: 'document.unsupported_type', status: 415, params: {} });
    expect(await refusal([Buffer.from('GIF89a')], NISS)).toEqual({ code: 'document.unsupported_type_pdf', status: 415, params: {} });
  });

  it('keeps the image checks: truncated image, decompression bomb', async () => {
    expect(await refusal([jpeg.subarray(0, 40)], NISS)).toEqual({ code: 'document.unreadable_image', status: 422, params: {} });
    expect(await refusal([decompressionBombPng(50_000, 50_000, { headerOnly: true })], NISS)).toEqual({
      code: 'document.image_too_large',
      status: 422,
      params: { megapixels: 40 },
    });
  });
});
