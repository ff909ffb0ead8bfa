/**
 * Fuzzing of upload sniffing (issue 6): truncated and damaged PNG/JPEG pictures, random bytes behind
 * an image or PDF signature, polyglots (PDF header + PNG, PNG + trailing zip, JPEG + PDF),
 * decompression-bomb headers, a 3-page PDF and 40 MB files. The intake either returns pages within
 * its limits or refuses with a DocumentException whose code is a message key and whose status is
 * 4xx; never another error. Seed and runs: test/fuzz/fuzz-settings.ts.
 */
import { isMessageKey } from '@sesame/i18n';
import { readImageHeader, ImageRejectedError } from '@sesame/images';
import fc from 'fast-check';
import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { byteFlip, expectOnlyAsync, flipBytes, fuzzRuns } from '../../../test/fuzz/fuzz-settings';
import { decompressionBombPng, drawIdDocument } from '../../../worker/src/ocr/testing/id-card-image';
import { makePdf } from '../../../worker/src/ocr/testing/pdf-document';
import { checkUploadedFiles, type IntakeOptions, type IntakePage } from './document-intake';
import { DocumentException } from './documents.exception';

const NISS: IntakeOptions = { maxPixels: 40_000_000, allowPdf: true, maxPages: 2 };
const DESK: IntakeOptions = { maxPixels: 40_000_000, allowPdf: false, maxPages: 1 };
const SMALL: IntakeOptions = { maxPixels: 1_000_000, allowPdf: true, maxPages: 2 };

const MAGIC = {
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  pdf: Buffer.from('%PDF-1.7\n'),
  gif: Buffer.from('GIF89a'),
  webp: Buffer.from('RIFF\x00\x00\x00\x00WEBPVP8 ', 'latin1'),
  zip: Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  svg: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" width="99999" height="99999">'),
};

/** What the intake answered: its pages, or its refusal (any other error fails the property). */
async function intake(files: Buffer[], options: IntakeOptions): Promise<IntakePage[] | DocumentException> {
  return (await expectOnlyAsync(DocumentException, () => checkUploadedFiles(files, options))) as IntakePage[] | DocumentException;
}

function expectWithinLimits(outcome: IntakePage[] | DocumentException, options: IntakeOptions): void {
  if (outcome instanceof DocumentException) {
    expect(isMessageKey(outcome.code)).toBe(true);
    expect(outcome.status).toBeGreaterThanOrEqual(400);
    expect(outcome.status).toBeLessThan(500);
    return;
  }
  expect(outcome.length).toBeGreaterThan(0);
  expect(outcome.length).toBeLessThanOrEqual(options.maxPages);
  for (const page of outcome) {
    expect(['image/png', 'image/jpeg']).toContain(page.contentType);
    expect(page.width * page.height).toBeLessThanOrEqual(options.maxPixels);
  }
}

describe(`${checkUploadedFiles.name} under fuzzing`, () => {
  let pictures: { png: Buffer; jpeg: Buffer; card: Buffer; threePages: Buffer; onePage: Buffer };

  beforeAll(async () => {
    const card = drawIdDocument({ format: 'TD1' });
    const small = sharp({ create: { width: 96, height: 64, channels: 3, background: { r: 40, g: 90, b: 160 } } });
    pictures = {
      png: await small.clone().png().toBuffer(),
      jpeg: await small.clone().jpeg({ quality: 80 }).toBuffer(),
      card,
      threePages: await makePdf([{ picture: card }, {}, {}]),
      onePage: await makePdf([{}]),
    };
  });

  it('refuses damaged and disguised images with a message key, never with another error', async () => {
    const source = fc.constantFrom('png' as const, 'jpeg' as const, 'card' as const);
    const file = fc.oneof(
      // Truncated anywhere.
      fc.tuple(source, fc.nat()).map(([kind, end]) => pictures[kind].subarray(0, end % (pictures[kind].length + 1))),
      // Bytes flipped in the header area (where the sniffing looks).
      fc.tuple(source, fc.array(byteFlip, { minLength: 1, maxLength: 4 }), fc.integer({ min: 8, max: 400 })).map(([kind, flips, span]) =>
        flipBytes(pictures[kind], flips.map(({ at, mask }) => ({ at: at % span, mask }))),
      ),
      // Random bytes behind an image signature, or no signature at all.
      fc.tuple(fc.constantFrom(MAGIC.png, MAGIC.jpeg, MAGIC.gif, MAGIC.webp, MAGIC.zip, MAGIC.svg, Buffer.alloc(0)), fc.uint8Array({ maxLength: 2000 })).map(([magic, rest]) =>
        Buffer.concat([magic, Buffer.from(rest)]),
      ),
      // Polyglots read as images: a PNG with a zip behind it, a JPEG with a PDF behind it.
      fc.uint8Array({ maxLength: 500 }).map((rest) => Buffer.concat([pictures.png, MAGIC.zip, Buffer.from(rest)])),
      fc.uint8Array({ maxLength: 500 }).map((rest) => Buffer.concat([pictures.jpeg, MAGIC.pdf, Buffer.from(rest)])),
      // Decompression bombs: a small file declaring any size.
      fc.tuple(fc.integer({ min: 1, max: 200_000 }), fc.integer({ min: 1, max: 200_000 })).map(([w, h]) => decompressionBombPng(w, h, { headerOnly: true })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(file, { minLength: 1, maxLength: 3 }), fc.constantFrom(NISS, DESK, SMALL), async (files, options) => {
        expectWithinLimits(await intake(files, options), options);
      }),
      fuzzRuns(400),
    );
  });

  it('refuses every image that declares more pixels than allowed, whatever its true size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 100_000 }), fc.integer({ min: 1, max: 100_000 }), async (width, height) => {
        const outcome = await intake([decompressionBombPng(width, height, { headerOnly: true })], SMALL);
        if (width * height > SMALL.maxPixels) expect(outcome).toMatchObject({ code: 'document.image_too_large', status: 422 });
        else expectWithinLimits(outcome, SMALL);
      }),
      fuzzRuns(200),
    );
  });

  it('refuses damaged PDFs and PDF polyglots with a message key, never with another error', async () => {
    // Each case starts a pdf.js thread: few runs, bounded time.
    const pdf = fc.oneof(
      fc.nat().map((end) => pictures.onePage.subarray(0, end % pictures.onePage.length)),
      fc.array(byteFlip, { minLength: 1, maxLength: 8 }).map((flips) => flipBytes(pictures.onePage, flips)),
      fc.uint8Array({ maxLength: 3000 }).map((rest) => Buffer.concat([MAGIC.pdf, Buffer.from(rest)])),
      fc.constant(null).map(() => Buffer.concat([MAGIC.pdf, pictures.png])),
      fc.constant(null).map(() => pictures.threePages),
    );
    await fc.assert(
      fc.asyncProperty(pdf, async (file) => {
        const outcome = await intake([file], NISS);
        expectWithinLimits(outcome, NISS);
        if (file === pictures.threePages) expect(outcome).toMatchObject({ code: 'document.too_many_pages', status: 400 });
      }),
      fuzzRuns(8),
    );
  }, 60_000);

  it('handles 40 MB files: random bytes behind an image signature, and a picture followed by 40 MB', async () => {
    const big = randomBytes(40 * 1024 * 1024);
    for (const file of [Buffer.concat([MAGIC.png, big]), Buffer.concat([MAGIC.jpeg, big]), Buffer.concat([pictures.png, big])]) {
      const started = Date.now();
      expectWithinLimits(await intake([file], NISS), NISS);
      expect(Date.now() - started).toBeLessThan(5_000);
    }
    expect(await intake([Buffer.concat([MAGIC.png, big])], NISS)).toMatchObject({ code: 'document.unreadable_image' });
  });

  it('the shared header check refuses only with an ImageRejectedError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(MAGIC.png, MAGIC.jpeg, MAGIC.gif, MAGIC.webp, Buffer.alloc(0)), async (rest, magic) => {
        const outcome = await expectOnlyAsync(ImageRejectedError, () => readImageHeader(Buffer.concat([magic, Buffer.from(rest)]), 1_000_000));
        if (!(outcome instanceof Error)) expect(outcome.width * outcome.height).toBeLessThanOrEqual(1_000_000);
      }),
      fuzzRuns(300),
    );
  });
});
