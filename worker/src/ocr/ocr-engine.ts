import { availableParallelism } from 'node:os';
import { DEFAULT_MAX_PIXELS, decodeSafely, openImage, readImageHeader } from './image-input';
import { OcrError } from './ocr.error';
import { tesseractWorkerFactory, type OcrLine, type TesseractWorkerFactory, type TesseractWorkerHandle } from './tesseract-worker';
import { OCR_LANGUAGES, prepareTessdata, type OcrLanguage } from './tessdata';

export type { OcrLine } from './tesseract-worker';

/** Tesseract page segmentation modes worth choosing (tesseract `--psm` 3, 4, 6, 7, 11). */
export type OcrPageSegmentation = 'auto' | 'single_column' | 'single_block' | 'single_line' | 'sparse_text';

const PSM_CODES: Record<OcrPageSegmentation, string> = {
  auto: '3',
  single_column: '4',
  single_block: '6',
  single_line: '7',
  sparse_text: '11',
};

/** Options of one {@link OcrEngine.recognize} call. */
export interface RecognizeOptions {
  /** Models to read with, in order of preference; default the engine's `defaultLanguages`. */
  languages?: readonly OcrLanguage[];
  /** Only these characters may be recognised (e.g. `A-Z0-9<` for an MRZ). */
  whitelist?: string;
  /** How tesseract splits the page; default `auto`. */
  psm?: OcrPageSegmentation;
  /** Resolution of the image when known (tesseract otherwise reads it from the file or estimates it). */
  dpi?: number;
}

/** Text read from one image. Confidences are tesseract's, 0–100. */
export interface OcrResult {
  text: string;
  confidence: number;
  lines: OcrLine[];
}

/** Options of {@link OcrEngine}. */
export interface OcrEngineOptions {
  /** Tesseract workers at most (one job each at a time); default the cores but one, at least 1. */
  poolSize?: number;
  /** Folder of the language files; default prepared by {@link prepareTessdata} in `tessdataDir`. */
  langPath?: string;
  /** Where {@link prepareTessdata} puts the language files when `langPath` is not given. */
  tessdataDir?: string;
  /** Languages of a call that names none; default `['eng']`. */
  defaultLanguages?: readonly OcrLanguage[];
  /** Pixel budget of one image (decompression-bomb guard); default 40 MP. */
  maxPixels?: number;
  /** Longest wait for a worker to start; default 30 s. */
  initTimeoutMs?: number;
  /** Longest recognition of one image before its worker is killed and replaced; default 30 s. */
  jobTimeoutMs?: number;
  /** Creates tesseract workers; default real tesseract.js workers over `langPath` (specs inject fakes). */
  workerFactory?: TesseractWorkerFactory;
}

/** Default pool size: leave one core to the rest of the process (BullMQ, sharp, the event loop). */
export function defaultPoolSize(): number {
  return Math.max(1, availableParallelism() - 1);
}

/** One pool place: a worker (or none yet), the languages it holds, and the job it runs. */
interface Slot {
  worker: TesseractWorkerHandle | null;
  languages: string | null;
  busy: boolean;
  /** Rejects the job in flight on this slot (worker death, timeout, close). */
  abort: ((error: OcrError) => void) | null;
}

interface Waiter {
  languages: string;
  resolve: (slot: Slot) => void;
  reject: (error: OcrError) => void;
}

/**
 * A small pool of tesseract.js workers shared by every OCR use of a worker process.
 *
 * Workers start lazily, on the first job that needs one, and keep their languages loaded between
 * jobs (a job asking for other languages reloads them from the local folder). Jobs beyond the pool
 * size wait their turn in order. A worker that fails, dies or overruns `jobTimeoutMs` is killed and
 * replaced on the next job; the job gets an {@link OcrError} that says why. Images are checked
 * (raster format, pixel budget) before any OCR.
 */
export class OcrEngine {
  readonly poolSize: number;
  private readonly options: Required<Pick<OcrEngineOptions, 'maxPixels' | 'initTimeoutMs' | 'jobTimeoutMs'>> & { defaultLanguages: readonly OcrLanguage[] };
  private readonly slots: Slot[] = [];
  private readonly waiters: Waiter[] = [];
  private factory: Promise<TesseractWorkerFactory> | null = null;
  private closed = false;

  constructor(private readonly config: OcrEngineOptions = {}) {
    const poolSize = config.poolSize ?? defaultPoolSize();
    if (!Number.isInteger(poolSize) || poolSize < 1) throw new RangeError(`poolSize must be a positive integer, not ${poolSize}`);
    this.poolSize = poolSize;
    this.options = {
      maxPixels: config.maxPixels ?? DEFAULT_MAX_PIXELS,
      initTimeoutMs: config.initTimeoutMs ?? 30_000,
      jobTimeoutMs: config.jobTimeoutMs ?? 30_000,
      defaultLanguages: config.defaultLanguages ?? ['eng'],
    };
  }

  /** Workers started so far (for metrics and specs). */
  get startedWorkers(): number {
    return this.slots.filter((slot) => slot.worker !== null).length;
  }

  /** Jobs waiting for a free worker (for metrics and specs). */
  get waitingJobs(): number {
    return this.waiters.length;
  }

  /** Starts up to `count` workers ahead of the first job (they start lazily otherwise). */
  async warmUp(count: number = this.poolSize, languages: readonly OcrLanguage[] = this.options.defaultLanguages): Promise<void> {
    const key = languageKey(languages);
    const slots = await Promise.all(Array.from({ length: Math.min(count, this.poolSize) }, () => this.acquire(key)));
    try {
      await Promise.all(slots.map((slot) => this.ready(slot, key)));
    } finally {
      slots.forEach((slot) => this.release(slot));
    }
  }

  /**
   * Reads the text of `image` (any raster format sharp reads; PNG and JPEG go to tesseract as they
   * are, others are converted to PNG first).
   * @throws OcrError `ocr.image.*` for an image refused before OCR (never worth a retry);
   *   `ocr.engine.*` when tesseract failed (worth a retry: the worker has been replaced).
   */
  async recognize(image: Buffer, options: RecognizeOptions = {}): Promise<OcrResult> {
    this.assertOpen();
    const input = await this.tesseractInput(image);
    const key = languageKey(options.languages ?? this.options.defaultLanguages);
    const parameters: Record<string, string> = {
      tessedit_pageseg_mode: PSM_CODES[options.psm ?? 'auto'],
      // Tesseract's diagnostics ("Invalid resolution", "Estimating resolution as …") go to the
      // worker's stdout, in the middle of the JSON logs: send them nowhere instead.
      debug_file: '/dev/null',
    };
    if (options.whitelist !== undefined) parameters.tessedit_char_whitelist = options.whitelist;
    if (options.dpi !== undefined) parameters.user_defined_dpi = String(Math.round(options.dpi));

    const slot = await this.acquire(key);
    try {
      const worker = await this.ready(slot, key);
      return await this.runJob(slot, worker, () => worker.recognize(input, parameters));
    } finally {
      this.release(slot);
    }
  }

  /** Stops every worker. Jobs waiting or in flight fail with `ocr.engine.closed`. Idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const error = new OcrError('ocr.engine.closed', 'the OCR engine was closed');
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    await Promise.all(
      this.slots.map(async (slot) => {
        slot.abort?.(error);
        await this.retire(slot);
      }),
    );
  }

  private assertOpen(): void {
    if (this.closed) throw new OcrError('ocr.engine.closed', 'the OCR engine is closed');
  }

  /** Checks the image, and converts what tesseract's Leptonica may not read (WebP, TIFF, CMYK, …) to PNG. */
  private async tesseractInput(image: Buffer): Promise<Buffer> {
    const header = await readImageHeader(image, this.options.maxPixels);
    if ((header.format === 'png' || header.format === 'jpeg') && header.space !== 'cmyk') return image;
    return decodeSafely(() => openImage(image, this.options.maxPixels).rotate().png().toBuffer());
  }

  /** A free slot, preferring one that already holds `languages`; waits when all are busy. */
  private acquire(languages: string): Promise<Slot> {
    this.assertOpen();
    const idle = this.slots.filter((slot) => !slot.busy);
    const slot =
      idle.find((candidate) => candidate.worker !== null && candidate.languages === languages) ??
      (this.slots.length < this.poolSize ? this.addSlot() : idle[0]);
    if (slot) {
      slot.busy = true;
      return Promise.resolve(slot);
    }
    return new Promise((resolve, reject) => this.waiters.push({ languages, resolve, reject }));
  }

  private addSlot(): Slot {
    const slot: Slot = { worker: null, languages: null, busy: false, abort: null };
    this.slots.push(slot);
    return slot;
  }

  private release(slot: Slot): void {
    slot.abort = null;
    if (this.closed) {
      slot.busy = false;
      return;
    }
    const waiter = this.waiters.shift();
    if (waiter) waiter.resolve(slot);
    else slot.busy = false;
  }

  /** The slot's worker holding `languages`: started, or reloaded, as needed. */
  private async ready(slot: Slot, languages: string): Promise<TesseractWorkerHandle> {
    if (slot.worker === null) {
      const factory = await this.workerFactory();
      const worker = await factory(languages).catch((error: unknown) => {
        throw error instanceof OcrError ? error : new OcrError('ocr.engine.init_failed', `tesseract worker did not start: ${String(error)}`, { cause: error });
      });
      if (this.closed) {
        await worker.terminate();
        this.assertOpen();
      }
      worker.onFailure((reason) => {
        // A worker the engine retired itself ends too: only a worker still in service has died.
        if (slot.worker !== worker) return;
        slot.worker = null;
        slot.languages = null;
        slot.abort?.(new OcrError('ocr.engine.worker_failed', `tesseract worker died (${reason}); it will be replaced`));
      });
      slot.worker = worker;
      slot.languages = languages;
    } else if (slot.languages !== languages) {
      const worker = slot.worker;
      await this.runJob(slot, worker, () => worker.reinitialize(languages));
      slot.languages = languages;
    }
    return slot.worker;
  }

  private workerFactory(): Promise<TesseractWorkerFactory> {
    if (this.config.workerFactory) return Promise.resolve(this.config.workerFactory);
    if (this.factory === null) {
      const pending = (async () => {
        const langPath = this.config.langPath ?? (await prepareTessdata({ dir: this.config.tessdataDir }));
        return tesseractWorkerFactory(langPath, { initTimeoutMs: this.options.initTimeoutMs });
      })();
      // A failed preparation is not kept: the next job tries again.
      pending.catch(() => {
        if (this.factory === pending) this.factory = null;
      });
      this.factory = pending;
    }
    return this.factory;
  }

  /**
   * Runs `work` on the slot's worker; a failure, death or timeout retires the worker so that the
   * next job gets a fresh one (a failed recognition can leave tesseract parameters half-restored).
   */
  private async runJob<T>(slot: Slot, worker: TesseractWorkerHandle, work: () => Promise<T>): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const aborted = new Promise<never>((_, reject) => {
      slot.abort = reject;
      timer = setTimeout(
        () => reject(new OcrError('ocr.engine.timeout', `OCR took longer than ${this.options.jobTimeoutMs} ms; the worker was stopped`)),
        this.options.jobTimeoutMs,
      );
    });
    try {
      return await Promise.race([work(), aborted]);
    } catch (error) {
      if (slot.worker === worker) await this.retire(slot);
      throw error instanceof OcrError ? error : new OcrError('ocr.engine.worker_failed', String(error), { cause: error });
    } finally {
      clearTimeout(timer);
      slot.abort = null;
    }
  }

  private async retire(slot: Slot): Promise<void> {
    const worker = slot.worker;
    slot.worker = null;
    slot.languages = null;
    if (worker) await worker.terminate().catch(() => undefined);
  }
}

function languageKey(languages: readonly OcrLanguage[]): string {
  if (languages.length === 0) throw new RangeError('at least one OCR language is needed');
  const unknown = languages.filter((language) => !OCR_LANGUAGES.includes(language));
  // Checked here: tesseract.js would wait forever for a model that is not in the folder.
  if (unknown.length > 0) throw new RangeError(`no OCR model for ${unknown.join(', ')} (known: ${OCR_LANGUAGES.join(', ')})`);
  return languages.join('+');
}
