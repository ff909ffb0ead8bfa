import { createPlaceholderPhoto } from './placeholder-photo';

/** Walks the JPEG marker segments up to SOS; returns markers and the SOF0 dimensions. */
function inspectJpeg(jpeg: Buffer): { markers: number[]; width: number; height: number; scan: Buffer } {
  expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  const markers: number[] = [];
  let width = 0;
  let height = 0;
  let i = 2;
  for (;;) {
    expect(jpeg[i]).toBe(0xff);
    const marker = jpeg[i + 1];
    markers.push(marker);
    const length = jpeg.readUInt16BE(i + 2);
    if (marker === 0xc0) {
      height = jpeg.readUInt16BE(i + 5);
      width = jpeg.readUInt16BE(i + 7);
    }
    i += 2 + length;
    if (marker === 0xda) break;
  }
  return { markers, width, height, scan: jpeg.subarray(i, jpeg.length - 2) };
}

describe('createPlaceholderPhoto', () => {
  it('makes a baseline greyscale JFIF of the card photo size, FFD8 … FFD9', () => {
    for (const [width, height] of [
      [140, 200],
      [150, 195],
    ]) {
      const jpeg = createPlaceholderPhoto({ width, height, seed: 'x' });
      expect(jpeg.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
      const info = inspectJpeg(jpeg);
      expect(info.markers).toEqual([0xe0, 0xdb, 0xc0, 0xc4, 0xda]);
      expect([info.width, info.height]).toEqual([width, height]);
      // Entropy-coded data: every FF is stuffed with 00 (no stray markers).
      for (let i = 0; i < info.scan.length; i++) if (info.scan[i] === 0xff) expect(info.scan[i + 1]).toBe(0x00);
      expect(jpeg.length).toBeGreaterThan(1000); // several READ BINARY chunks, like a real photo
      expect(jpeg.length).toBeLessThan(8000);
    }
  });

  it('is deterministic per seed and differs between seeds', () => {
    expect(createPlaceholderPhoto({ seed: 'jan' })).toEqual(createPlaceholderPhoto({ seed: 'jan' }));
    expect(createPlaceholderPhoto({ seed: 'jan' })).not.toEqual(createPlaceholderPhoto({ seed: 'emma' }));
  });
});
