/**
 * Skew of a photographed document, from the text lines it holds (projection profiles): with the
 * right angle, the dark pixels of each printed line fall into the same few rows. Tesseract reads
 * long MRZ lines poorly beyond about 1° of skew, and a hand-held photo is rarely straighter.
 */

/** Angles searched, in degrees either side of horizontal. */
export const MAX_SKEW_DEGREES = 15;
/** Below this the picture is left as it is. */
export const MIN_CORRECTED_SKEW_DEGREES = 0.3;
/** A pixel is ink when this much darker than the mean of its neighbourhood (contrast-stretched grey). */
const INK_CONTRAST = 30;
/** Half side of that neighbourhood, in pixels of the probe (about a character wide at 800 px). */
const NEIGHBOURHOOD = 12;

/**
 * The angle, in degrees, by which the text of a greyscale picture is turned clockwise (a line
 * going down to the right is positive): `sharp.rotate(-angle)` straightens it. `pixels` holds one
 * contrast-stretched grey byte per pixel; a picture of about 800 px wide is plenty.
 */
export function estimateSkewDegrees(pixels: Uint8Array, width: number, height: number): number {
  // Ink is judged against its surroundings, not a fixed level: a dark table around the document,
  // or the filled corners of a turned photo, must not count as ink (only their edges do, and those
  // run along the document's own edges, at the same angle as its text).
  const integral = integralImage(pixels, width, height);
  const xs: number[] = [];
  const ys: number[] = [];
  // Hot loops avoid Math.*: plain comparisons are as fast everywhere (and Math calls are ~100×
  // slower inside Jest's sandbox).
  for (let y = 0; y < height; y++) {
    const top = y > NEIGHBOURHOOD ? y - NEIGHBOURHOOD : 0;
    const bottom = y + NEIGHBOURHOOD + 1 < height ? y + NEIGHBOURHOOD + 1 : height;
    for (let x = 0; x < width; x++) {
      const left = x > NEIGHBOURHOOD ? x - NEIGHBOURHOOD : 0;
      const right = x + NEIGHBOURHOOD + 1 < width ? x + NEIGHBOURHOOD + 1 : width;
      const sum = integral[bottom * (width + 1) + right] - integral[top * (width + 1) + right] - integral[bottom * (width + 1) + left] + integral[top * (width + 1) + left];
      const mean = sum / ((bottom - top) * (right - left));
      if (pixels[y * width + x] < mean - INK_CONTRAST) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 50) return 0;
  const score = (degrees: number) => profileSharpness(xs, ys, height, width, Math.tan((degrees * Math.PI) / 180));
  // Coarse search every half degree, then refine to a tenth around the best.
  let best = 0;
  let bestScore = score(0);
  for (let degrees = -MAX_SKEW_DEGREES; degrees <= MAX_SKEW_DEGREES; degrees += 0.5) {
    const value = score(degrees);
    if (value > bestScore) [best, bestScore] = [degrees, value];
  }
  const coarse = best;
  for (let degrees = coarse - 0.4; degrees <= coarse + 0.4001; degrees += 0.1) {
    const value = score(degrees);
    if (value > bestScore) [best, bestScore] = [degrees, value];
  }
  return Math.round(best * 10) / 10;
}

/** Sum of squared row counts once each ink pixel is moved back along `slope`: peaks when lines line up. */
function profileSharpness(xs: readonly number[], ys: readonly number[], height: number, width: number, slope: number): number {
  const offset = Math.ceil(Math.abs(slope) * width) + 1;
  const rows = new Uint32Array(height + 2 * offset + 1);
  // y − x·slope + offset is never negative: truncating it after adding ½ rounds it.
  for (let i = 0; i < xs.length; i++) rows[(ys[i] - xs[i] * slope + offset + 0.5) | 0]++;
  let sum = 0;
  for (const count of rows) sum += count * count;
  return sum;
}

/** Summed-area table with a zero first row and column: (width + 1) × (height + 1). */
function integralImage(pixels: Uint8Array, width: number, height: number): Float64Array {
  const table = new Float64Array((width + 1) * (height + 1));
  for (let y = 0; y < height; y++) {
    let row = 0;
    for (let x = 0; x < width; x++) {
      row += pixels[y * width + x];
      table[(y + 1) * (width + 1) + x + 1] = table[y * (width + 1) + x + 1] + row;
    }
  }
  return table;
}
