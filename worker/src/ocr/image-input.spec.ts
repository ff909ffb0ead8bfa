/**
 * One decode per page: loadPageImage, and the analyses that take its result instead of a file
 * (readMrz against the real tesseract: about a second).
 */
import sharp from 'sharp';
import { assessImage } from './image-quality';
import { COLOUR_THUMBNAIL_BOX, loadPageImage, type PageImage } from './image-input';
import { readMrz } from './mrz-reader';
import { OcrEngine } from './ocr-engine';
import { OcrError } from './ocr.error';
import { BELGIAN_ID_CARD, decompressionBombPng, drawIdDocument, sidewaysPhoto, td1Lines } from './testing/id-card-image';

describe(loadPageImage.name, () => {
  const card = drawIdDocument({ format: 'TD1' });

  it('decodes a photo upright (EXIF orientation applied): grey pixels and a colour thumbnail', async () => {
    const page = await loadPageImage(await sidewaysPhoto(card));
    expect({ format: page.format, width: page.width, height: page.height }).toEqual({ format: 'jpeg', width: 1712, height: 1080 });
    expect(page.grey.length).toBe(1712 * 1080);
    expect(page.colour).toMatchObject({ width: COLOUR_THUMBNAIL_BOX, height: 161 });
    expect(page.colour.data.length).toBe(COLOUR_THUMBNAIL_BOX * 161 * 3);
  });

  it('flattens transparency on white and gives greyscale pictures three colour channels', async () => {
    const transparent = await sharp({ create: { width: 900, height: 600, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } }).png().toBuffer();
    const page = await loadPageImage(transparent);
    expect(page.grey.every((grey) => grey === 255)).toBe(true);
    const grey = await loadPageImage(await sharp(card).greyscale().png().toBuffer());
    expect(grey.colour.data.length).toBe(grey.colour.width * grey.colour.height * 3);
  });

  it('refuses a decompression bomb from its header and undecodable pixels with typed errors', async () => {
    await expect(loadPageImage(decompressionBombPng(50_000, 50_000, { headerOnly: true }))).rejects.toMatchObject({ code: 'ocr.image.too_large' });
    const error = await loadPageImage(decompressionBombPng(1000, 700, { headerOnly: true })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OcrError);
    expect(error).toMatchObject({ code: 'ocr.image.unreadable', retryable: false });
  });

  describe('the analyses of a decoded page', () => {
    const engine = new OcrEngine({ poolSize: 1 });
    afterAll(() => engine.close());

    /** The page as pixels only: no file left that anything could decode again. */
    async function pixelsOnly(): Promise<PageImage> {
      const decoded = await loadPageImage(card);
      return { ...decoded, grey: Buffer.from(decoded.grey), colour: { ...decoded.colour, data: Buffer.from(decoded.colour.data) } };
    }

    it('assesses it as it would the file', async () => {
      expect(await assessImage(await pixelsOnly())).toEqual(await assessImage(card));
    });

    it('reads its MRZ as it would the file’s', async () => {
      const reading = await readMrz(engine, await pixelsOnly());
      expect(reading).toMatchObject({ found: true, format: 'TD1', lines: td1Lines(BELGIAN_ID_CARD) });
      expect(reading.parsed?.valid).toBe(true);
    });
  });
});
