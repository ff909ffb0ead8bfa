/**
 * readMrz against the real tesseract (one worker for the whole file): about 5 s. The unit project's
 * 90 s timeout is ample and no service is needed, so the spec stays with the unit specs.
 */
import sharp from 'sharp';
import { OcrEngine } from './ocr-engine';
import { loadPageImage } from './image-input';
import { documentRegion, readMrz, type GreyPage } from './mrz-reader';
import { OcrError } from './ocr.error';
import { BELGIAN_ID_CARD, decompressionBombPng, drawIdDocument, DUTCH_PASSPORT, greyscaleCopy, resizedCopy, sidewaysPhoto, td1Lines, td3Lines } from './testing/id-card-image';

const NOW = new Date('2026-03-15T10:00:00Z');
const ALL_GOOD_TD1 = { documentNumber: true, birthDate: true, expiryDate: true, composite: true };

describe(readMrz.name, () => {
  const engine = new OcrEngine({ poolSize: 1 });
  const card = drawIdDocument({ format: 'TD1' });
  afterAll(() => engine.close());

  it('reads the TD1 of an ID card exactly, every check digit valid', async () => {
    const reading = await readMrz(engine, card, { now: NOW });
    expect(reading).toMatchObject({
      found: true,
      format: 'TD1',
      lines: td1Lines(BELGIAN_ID_CARD),
      checkDigits: ALL_GOOD_TD1,
      region: 'bottom_band',
      rotation: 0,
    });
    expect(reading.parsed).toMatchObject({
      valid: true,
      documentNumber: BELGIAN_ID_CARD.documentNumber,
      surname: 'PEETERS',
      givenNames: 'LOTTE MARIE',
      birthDate: '1990-04-12',
      expiryDate: '2032-01-18',
      sex: 'F',
      nationalNumber: BELGIAN_ID_CARD.optional,
      errors: [],
    });
    expect(reading.confidence).toBeGreaterThan(50);
  });

  it('reads the TD3 of a passport exactly, every check digit valid', async () => {
    const reading = await readMrz(engine, drawIdDocument({ format: 'TD3' }), { now: NOW });
    expect(reading).toMatchObject({
      found: true,
      format: 'TD3',
      lines: td3Lines(DUTCH_PASSPORT),
      checkDigits: { ...ALL_GOOD_TD1, personalNumber: true },
    });
    expect(reading.parsed).toMatchObject({ valid: true, documentNumber: 'NXC4R8P51', surname: 'DE BRUIJN', givenNames: 'WILLEKE LISELOTTE', birthDate: '1985-03-10' });
  });

  it('reads a sideways phone photo (EXIF orientation 6), a greyscale copy and a small picture', async () => {
    const pictures = [await sidewaysPhoto(card), await greyscaleCopy(card), await resizedCopy(card, 500)];
    for (const picture of pictures) {
      const reading = await readMrz(engine, picture, { now: NOW });
      expect(reading.lines).toEqual(td1Lines(BELGIAN_ID_CARD));
      expect(reading.parsed?.valid).toBe(true);
    }
  });

  it('straightens a crooked photo and turns over an upside-down one', async () => {
    const crooked = await sharp(card).rotate(-5, { background: '#3b3024' }).jpeg({ quality: 90 }).toBuffer();
    const crookedReading = await readMrz(engine, crooked, { now: NOW });
    expect(crookedReading).toMatchObject({ lines: td1Lines(BELGIAN_ID_CARD), rotation: 5 });
    expect(crookedReading.parsed?.valid).toBe(true);

    const upsideDown = await sharp(drawIdDocument({ format: 'TD3' })).rotate(180).png().toBuffer();
    const upsideDownReading = await readMrz(engine, upsideDown, { now: NOW });
    expect(upsideDownReading).toMatchObject({ lines: td3Lines(DUTCH_PASSPORT), rotation: 180 });
    expect(upsideDownReading.parsed?.valid).toBe(true);
  });

  it('reads the card on a flatbed scan: a small part of a white A4 page at 200 dpi', async () => {
    const a4 = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#fdfdfb' } })
      .composite([{ input: await sharp(card).resize({ width: 674 }).png().toBuffer(), left: 157, top: 157 }])
      .png()
      .toBuffer();
    const reading = await readMrz(engine, a4, { now: NOW });
    expect(reading).toMatchObject({ found: true, lines: td1Lines(BELGIAN_ID_CARD) });
    expect(reading.parsed?.valid).toBe(true);
  });

  it('finds nothing on the side of a card without MRZ', async () => {
    expect(await readMrz(engine, drawIdDocument({ format: 'TD1', mrz: null }), { now: NOW })).toEqual({
      found: false,
      lines: [],
      format: null,
      parsed: null,
      checkDigits: null,
      confidence: 0,
      corrections: [],
      region: null,
      rotation: 0,
    });
  });

  it('reports a forged check digit as found but invalid', async () => {
    const lines = td1Lines(BELGIAN_ID_CARD);
    const forged = [lines[0], lines[1].slice(0, 6) + String((Number(lines[1][6]) + 1) % 10) + lines[1].slice(7), lines[2]];
    const reading = await readMrz(engine, drawIdDocument({ format: 'TD1', mrz: forged }), { now: NOW });
    expect(reading).toMatchObject({ found: true, format: 'TD1', lines: forged, checkDigits: { ...ALL_GOOD_TD1, birthDate: false, composite: false } });
    expect(reading.parsed?.valid).toBe(false);
  });

  it('refuses a decompression bomb from its header, before decoding it, with a typed error', async () => {
    const error = await readMrz(engine, decompressionBombPng(50_000, 50_000, { headerOnly: true })).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OcrError);
    expect(error).toMatchObject({ code: 'ocr.image.too_large', retryable: false });
  });

  it('refuses what is not an image with a typed error', async () => {
    await expect(readMrz(engine, Buffer.from('P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<'))).rejects.toMatchObject({ name: 'OcrError', code: 'ocr.image.unreadable' });
  });
});

describe(documentRegion.name, () => {
  const page = async (image: Buffer): Promise<GreyPage> => ({ ...(await loadPageImage(image)), skew: 0 });

  it('trims the white margins of a scan, keeping a little blank around the document', async () => {
    const scan = await sharp({ create: { width: 1654, height: 2339, channels: 3, background: '#ffffff' } })
      .composite([{ input: await sharp({ create: { width: 674, height: 425, channels: 3, background: '#c03060' } }).png().toBuffer(), left: 157, top: 300 }])
      .png()
      .toBuffer();
    const region = await documentRegion(await page(scan));
    expect([region.width, region.height]).toEqual([674 + 32, 425 + 32]);
  });

  it('leaves a photo (no white margins) and a page the document fills as they are', async () => {
    const photo = await sharp(drawIdDocument({ format: 'TD1' })).extend({ top: 200, bottom: 200, left: 200, right: 200, background: '#3b3024' }).png().toBuffer();
    const photoPage = await page(photo);
    expect(await documentRegion(photoPage)).toBe(photoPage);
    const full = await page(drawIdDocument({ format: 'TD1' }));
    expect(await documentRegion(full)).toBe(full);
  });
});
