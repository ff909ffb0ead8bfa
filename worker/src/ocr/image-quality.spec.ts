import sharp from 'sharp';
import { assessImage, colourfulnessOf, DEFAULT_IMAGE_QUALITY_LIMITS, laplacianVariance } from './image-quality';
import { OcrError } from './ocr.error';
import { blurredCopy, decompressionBombPng, drawIdDocument, greyscaleCopy, resizedCopy, sidewaysPhoto } from './testing/id-card-image';

describe(assessImage.name, () => {
  const card = drawIdDocument({ format: 'TD1' });
  const passport = drawIdDocument({ format: 'TD3' });

  it('finds no problem in a sharp colour picture of a card or a passport', async () => {
    for (const picture of [card, passport]) {
      const assessment = await assessImage(picture);
      expect(assessment).toMatchObject({ format: 'png', isColour: true, problems: [] });
      expect(assessment.colourfulness).toBeGreaterThan(DEFAULT_IMAGE_QUALITY_LIMITS.minColourfulness * 3);
      expect(assessment.sharpness).toBeGreaterThan(DEFAULT_IMAGE_QUALITY_LIMITS.minSharpness * 5);
    }
    expect(await assessImage(card)).toMatchObject({ width: 1712, height: 1080 });
  });

  it('calls a greyscale scan saved as RGB greyscale, also as a JPEG and with a colour cast', async () => {
    const grey = await greyscaleCopy(card);
    expect((await sharp(grey).metadata()).channels).toBe(3);
    const jpeg = await sharp(grey).jpeg({ quality: 70 }).toBuffer();
    // A scanner's warm cast: every grey shifted by the same tint.
    const cast = await sharp(grey).linear([1, 1, 1], [15, 8, 0]).jpeg({ quality: 80 }).toBuffer();
    for (const picture of [grey, jpeg, cast]) {
      const assessment = await assessImage(picture);
      expect(assessment.isColour).toBe(false);
      expect(assessment.problems).toEqual(['greyscale']);
    }
  });

  it('still calls a faded colour picture colour', async () => {
    const faded = await sharp(passport).modulate({ saturation: 0.3 }).jpeg({ quality: 80 }).toBuffer();
    expect(await assessImage(faded)).toMatchObject({ isColour: true, problems: [] });
  });

  it('flags a blurred picture, not a slightly soft one', async () => {
    expect((await assessImage(await blurredCopy(card, 1.5))).problems).toEqual([]);
    for (const picture of [card, passport]) {
      const blurred = await assessImage(await blurredCopy(picture, 3));
      expect(blurred.problems).toEqual(['blurred']);
      expect(blurred.isColour).toBe(true);
    }
  });

  it('flags a picture too small to read, whatever its orientation', async () => {
    const small = await resizedCopy(card, 700);
    expect(await assessImage(small)).toMatchObject({ width: 700, height: 442, problems: ['too_small'] });
    const portrait = await sharp(small).rotate(90).png().toBuffer();
    expect((await assessImage(portrait)).problems).toEqual(['too_small']);
    expect((await assessImage(small, { minShortSide: 400, minLongSide: 600 })).problems).toEqual([]);
  });

  it('reports the upright size of a photo turned by its EXIF orientation', async () => {
    const photo = await sidewaysPhoto(card);
    const stored = await sharp(photo).metadata();
    expect([stored.width, stored.height, stored.orientation]).toEqual([1080, 1712, 6]);
    expect(await assessImage(photo)).toMatchObject({ width: 1712, height: 1080, format: 'jpeg', problems: [] });
  });

  it('takes its thresholds from the limits given', async () => {
    const assessment = await assessImage(card, { minSharpness: 1e9, minColourfulness: 1e9 });
    expect(assessment.problems).toEqual(['greyscale', 'blurred']);
  });

  it('refuses a decompression bomb from its header, before decoding, with a typed error', async () => {
    for (const bomb of [decompressionBombPng(50_000, 50_000, { headerOnly: true }), decompressionBombPng(8_000, 6_000)]) {
      expect(bomb.length).toBeLessThan(100_000);
      const error = await assessImage(bomb).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(OcrError);
      expect(error).toMatchObject({ code: 'ocr.image.too_large', retryable: false });
    }
    // The same 48 MP bomb passes the header check with a larger budget: only the budget refused it.
    expect((await assessImage(decompressionBombPng(8_000, 6_000), { maxPixels: 50_000_000 })).width).toBe(8_000);
  });

  it('refuses what is not a raster image with a typed error', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600"><rect width="800" height="600" fill="red"/></svg>');
    const truncated = card.subarray(0, Math.floor(card.length / 2));
    for (const input of [Buffer.from('%PDF-1.7 not an image'), Buffer.alloc(0), svg, truncated]) {
      await expect(assessImage(input)).rejects.toMatchObject({ name: 'OcrError', code: 'ocr.image.unreadable', retryable: false });
    }
  });
});

describe('image measures', () => {
  it('colourfulness is zero for equal channels and grows with the colour spread', () => {
    const grey = Uint8Array.from([10, 10, 10, 200, 200, 200, 90, 90, 90]);
    const colour = Uint8Array.from([250, 10, 10, 10, 250, 10, 10, 10, 250]);
    expect(colourfulnessOf(grey, 3)).toBe(0);
    expect(colourfulnessOf(colour, 3)).toBeGreaterThan(100);
    expect(colourfulnessOf(Uint8Array.from([1, 2, 3]), 1)).toBe(0);
  });

  it('the Laplacian variance is zero on a flat picture and high on a checkerboard', () => {
    const flat = new Uint8Array(16).fill(128);
    const checker = Uint8Array.from({ length: 16 }, (_, i) => ((i % 4) + Math.floor(i / 4)) % 2 === 0 ? 0 : 255);
    expect(laplacianVariance(flat, 4, 4)).toBe(0);
    // Every inner pixel of a 0/255 checkerboard has a Laplacian of ±1020, alternating.
    expect(laplacianVariance(checker, 4, 4)).toBe(1020 * 1020);
  });
});
