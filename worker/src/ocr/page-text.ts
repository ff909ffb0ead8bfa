import { decodeSafely, type PageImage } from './image-input';
import type { OcrTextLine } from './mrz-lines';
import { documentRegion, straightenedPage, wholePage } from './mrz-reader';
import type { OcrEngine } from './ocr-engine';

/** A document filling a 1300–2000 px picture is at roughly 300 dpi (see mrz-reader.ts). */
const ASSUMED_DPI = 300;

/**
 * The printed text of a page, line by line with tesseract's confidences: the page straightened,
 * trimmed of a scan's margins and scaled as for the MRZ reader's whole-page pass, read without a
 * character whitelist. English
 * model: the text looked for is numbers and their separators, and the worker already holds it.
 * @throws OcrError `ocr.image.*` when the page cannot be prepared, `ocr.engine.*` when OCR failed.
 */
export async function readPageText(engine: OcrEngine, page: PageImage): Promise<OcrTextLine[]> {
  const picture = await decodeSafely(async () => wholePage(await documentRegion(await straightenedPage(page))));
  const result = await engine.recognize(picture, { languages: ['eng'], psm: 'auto', dpi: ASSUMED_DPI });
  return result.lines;
}
