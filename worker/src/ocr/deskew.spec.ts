import sharp from 'sharp';
import { estimateSkewDegrees } from './deskew';
import { drawIdDocument } from './testing/id-card-image';

/** The grey, contrast-stretched 800 px probe the MRZ reader measures. */
async function probe(picture: Buffer): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(picture).flatten({ background: '#fff' }).greyscale().resize({ width: 800 }).normalise().raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe(estimateSkewDegrees.name, () => {
  const card = drawIdDocument({ format: 'TD1' });
  const passport = drawIdDocument({ format: 'TD3' });

  it.each([0, 2, -4, 7.5, -12])('measures a document turned %s° (on a dark table)', async (degrees) => {
    for (const picture of [card, passport]) {
      // sharp turns clockwise for positive angles; the corners are filled like a dark table top.
      const turned = await sharp(picture).rotate(degrees, { background: '#3b3024' }).png().toBuffer();
      const { data, width, height } = await probe(turned);
      expect(Math.abs(estimateSkewDegrees(data, width, height) - degrees)).toBeLessThanOrEqual(0.3);
    }
  });

  it('says 0 for a picture without text', async () => {
    const blank = await sharp({ create: { width: 800, height: 500, channels: 3, background: '#e0e8f0' } }).png().toBuffer();
    const { data, width, height } = await probe(blank);
    expect(estimateSkewDegrees(data, width, height)).toBe(0);
  });
});
