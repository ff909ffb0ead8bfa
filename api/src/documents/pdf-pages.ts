import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** Does `bytes` start like a PDF file (`%PDF-`)? Judged by content only, never by name or browser type. */
export function isPdf(bytes: Buffer): boolean {
  return bytes.subarray(0, PDF_MAGIC.length).equals(PDF_MAGIC);
}

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');

/** Limits of {@link rasterisePdf}. */
export interface PdfRenderLimits {
  /** Pages the PDF may have; more is refused (`too_many_pages`) before anything is drawn. */
  maxPages: number;
  /** Target resolution of the page images. */
  dpi: number;
  /** Long side of a page image at least this (a card-sized page is drawn at more than `dpi`). */
  minLongSidePx: number;
  /** Long side of a page image at most this (a poster-sized page is drawn at less than `dpi`). */
  maxLongSidePx: number;
  /** Each side of a page, in points (1/72 inch), between these, and long side / short side at most `maxAspectRatio`. */
  minSidePt: number;
  maxSidePt: number;
  maxAspectRatio: number;
  /** Images embedded in the PDF above this many pixels are not drawn (pdf.js `maxImageSize`). */
  maxImagePixels: number;
  /** Longest time the whole rendering may take; the thread is stopped after it (`too_complex`). */
  timeoutMs: number;
  /** JavaScript heap of the rendering thread; running out is `too_complex`, never a crash of the api. */
  memoryMb: number;
}

/**
 * Defaults: A4 at 200 dpi is 1654 × 2339 px, enough for OCR of a scanned document (the MRZ reader
 * scales pictures to 1300–2000 px wide anyway). 1 inch to 200 inches per side is the PDF format's
 * own range (ISO 32000 without UserUnit); an aspect beyond 10:1 is a strip, not a document.
 */
export const DEFAULT_PDF_RENDER_LIMITS: Readonly<PdfRenderLimits> = {
  maxPages: 2,
  dpi: 200,
  minLongSidePx: 1600,
  maxLongSidePx: 2480,
  minSidePt: 72,
  maxSidePt: 14_400,
  maxAspectRatio: 10,
  maxImagePixels: 40_000_000,
  timeoutMs: 20_000,
  memoryMb: 512,
};

/** Why a PDF was refused. */
export type PdfRefusal = 'unreadable' | 'encrypted' | 'too_many_pages' | 'page_size' | 'too_complex';

export class PdfRejectedError extends Error {
  override readonly name = 'PdfRejectedError';

  constructor(
    readonly reason: PdfRefusal,
    message: string,
    /** Pages the PDF has, when known. */
    readonly pageCount: number | null = null,
  ) {
    super(message);
  }
}

/** One page of a PDF drawn as a PNG. */
export interface PdfPageImage {
  png: Buffer;
  width: number;
  height: number;
}

/** PDFs rendered at once by one api process; more wait their turn (each may use a core and `memoryMb`). */
const MAX_CONCURRENT_RENDERS = 2;
let running = 0;
const waiting: (() => void)[] = [];

/**
 * Draws each page of a PDF as a PNG (white background) with pdf.js, or refuses the PDF with a
 * {@link PdfRejectedError}: `encrypted` (a password is needed to open it), `too_many_pages`,
 * `page_size` (a page of absurd size), `too_complex` (over `timeoutMs` or `memoryMb`), and
 * `unreadable` for everything else pdf.js cannot read (malformed, truncated, not a PDF).
 *
 * pdf.js runs in a worker thread of its own, started for this one PDF: an upload's bytes are
 * parsed away from the api's event loop, within a heap limit and a time limit, and nothing of one
 * document outlives its rendering. It is set up to do nothing but draw: no `eval` (PostScript
 * functions are interpreted), no XFA, no font loading through the DOM or the system (fonts are
 * drawn as paths; the standard fonts, CMaps and decoders come from the pdfjs-dist package), no
 * network. pdf.js never runs the scripts a PDF may contain.
 * @throws PdfRejectedError for a PDF refused; Error when the renderer itself cannot start.
 */
export async function rasterisePdf(pdf: Buffer, limits: Partial<PdfRenderLimits> = {}): Promise<PdfPageImage[]> {
  const settings = { ...DEFAULT_PDF_RENDER_LIMITS, ...limits };
  await acquire();
  try {
    return await renderInThread(pdf, settings);
  } finally {
    release();
  }
}

function acquire(): Promise<void> {
  if (running < MAX_CONCURRENT_RENDERS) {
    running++;
    return Promise.resolve();
  }
  return new Promise((resolve) => waiting.push(resolve));
}

function release(): void {
  const next = waiting.shift();
  if (next) next();
  else running--;
}

/** What the thread posts back: the pages, a refusal, or a failure of the renderer itself. */
type ThreadResult =
  | { pages: { png: Uint8Array; width: number; height: number }[] }
  | { refused: PdfRefusal; detail: string; pageCount?: number }
  | { failed: string };

function renderInThread(pdf: Buffer, limits: PdfRenderLimits): Promise<PdfPageImage[]> {
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  const workerData = {
    data: new Uint8Array(pdf),
    pdfjs: join(root, 'legacy', 'build', 'pdf.mjs'),
    // pdf.js wants folders with their trailing slash; in Node it reads them from disk.
    assets: {
      standardFonts: join(root, 'standard_fonts') + '/',
      cmaps: join(root, 'cmaps') + '/',
      wasm: join(root, 'wasm') + '/',
      iccs: join(root, 'iccs') + '/',
    },
    limits,
  };
  return new Promise((resolve, reject) => {
    const worker = new Worker(RENDER_THREAD, {
      eval: true,
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: limits.memoryMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: true,
      stderr: true,
    });
    // pdf.js's warnings about a broken file are of no use in the api's logs.
    worker.stdout.resume();
    worker.stderr.resume();
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      outcome();
      void worker.terminate();
    };
    const timer = setTimeout(
      () => settle(() => reject(new PdfRejectedError('too_complex', `rendering took longer than ${limits.timeoutMs} ms`))),
      limits.timeoutMs,
    );
    worker.once('message', (result: ThreadResult) =>
      settle(() => {
        if ('pages' in result) {
          resolve(result.pages.map((page) => ({ png: Buffer.from(page.png.buffer, page.png.byteOffset, page.png.byteLength), width: page.width, height: page.height })));
        } else if ('refused' in result) {
          reject(new PdfRejectedError(result.refused, result.detail, result.pageCount ?? null));
        } else {
          reject(new Error(`the PDF renderer failed: ${result.failed}`));
        }
      }),
    );
    worker.once('error', (error: Error & { code?: string }) =>
      settle(() =>
        reject(
          error.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? new PdfRejectedError('too_complex', `rendering needed more than ${limits.memoryMb} MB`)
            : new PdfRejectedError('unreadable', `the renderer stopped on this PDF: ${error.message}`),
        ),
      ),
    );
    worker.once('exit', (code) => settle(() => reject(new PdfRejectedError('unreadable', `the renderer exited (${code}) without an answer`))));
  });
}

/**
 * The rendering thread (CommonJS, run with `eval`: the same code whether the api runs compiled or
 * under a TypeScript loader). It loads pdf.js natively (`require` of an ES module, Node ≥ 20.19),
 * checks the page count and every page's size before drawing any, and posts one {@link ThreadResult}.
 */
const RENDER_THREAD = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { data, limits, assets } = workerData;

function refused(reason, detail, pageCount) {
  return { refused: reason, detail: String(detail).slice(0, 300), pageCount };
}

function scaleFor(longSidePt) {
  const scale = limits.dpi / 72;
  if (longSidePt * scale < limits.minLongSidePx) return limits.minLongSidePx / longSidePt;
  if (longSidePt * scale > limits.maxLongSidePx) return limits.maxLongSidePx / longSidePt;
  return scale;
}

async function render(pdfjs) {
  const task = pdfjs.getDocument({
    data,
    isEvalSupported: false,
    enableXfa: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    stopAtErrors: true,
    maxImageSize: limits.maxImagePixels,
    standardFontDataUrl: assets.standardFonts,
    cMapUrl: assets.cmaps,
    cMapPacked: true,
    wasmUrl: assets.wasm,
    iccUrl: assets.iccs,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let doc;
  try {
    doc = await task.promise;
  } catch (error) {
    await task.destroy().catch(() => undefined);
    if (error && error.name === 'PasswordException') return refused('encrypted', error.message);
    return refused('unreadable', error && error.message);
  }
  try {
    const pageCount = doc.numPages;
    if (!(pageCount >= 1)) return refused('unreadable', 'the PDF has no page', pageCount);
    if (pageCount > limits.maxPages) return refused('too_many_pages', pageCount + ' pages', pageCount);
    const pages = [];
    for (let number = 1; number <= pageCount; number++) {
      const page = await doc.getPage(number);
      const size = page.getViewport({ scale: 1 });
      const [short, long] = [Math.min(size.width, size.height), Math.max(size.width, size.height)];
      if (!(short >= limits.minSidePt && long <= limits.maxSidePt && long / short <= limits.maxAspectRatio)) {
        return refused('page_size', 'page ' + number + ' is ' + Math.round(size.width) + ' x ' + Math.round(size.height) + ' pt', pageCount);
      }
      pages.push(page);
    }
    const images = [];
    for (const page of pages) {
      const unit = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: scaleFor(Math.max(unit.width, unit.height)) });
      const width = Math.max(1, Math.round(viewport.width));
      const height = Math.max(1, Math.round(viewport.height));
      const drawing = doc.canvasFactory.create(width, height);
      await page.render({ canvas: null, canvasContext: drawing.context, viewport, background: '#ffffff' }).promise;
      images.push({ png: new Uint8Array(drawing.canvas.toBuffer('image/png')), width, height });
      doc.canvasFactory.destroy(drawing);
      page.cleanup();
    }
    return { pages: images };
  } catch (error) {
    return refused('unreadable', error && error.message, doc.numPages);
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

let pdfjs;
try {
  pdfjs = require(workerData.pdfjs);
} catch (error) {
  parentPort.postMessage({ failed: 'cannot load pdf.js: ' + (error && error.message) });
}
if (pdfjs) {
  // pdf.js reports some failures of a broken file as rejections nobody awaits: the file is unreadable.
  process.on('unhandledRejection', (error) => parentPort.postMessage(refused('unreadable', error && error.message)));
  render(pdfjs).then(
    (result) => parentPort.postMessage(result),
    (error) => parentPort.postMessage(refused('unreadable', error && error.message)),
  );
}
`;
