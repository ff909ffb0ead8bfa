import { createWorker, OEM, type Page, type Worker } from 'tesseract.js';
import type { Worker as ThreadWorker } from 'node:worker_threads';
import { OcrError } from './ocr.error';

/** One line of recognised text with tesseract's confidence (0–100). */
export interface OcrLine {
  text: string;
  confidence: number;
}

/** What {@link OcrEngine} needs of one tesseract worker: the seam its unit specs fake. */
export interface TesseractWorkerHandle {
  /** Recognises one image (PNG or JPEG bytes) with per-job tesseract parameters. */
  recognize(image: Buffer, parameters: Record<string, string>): Promise<{ text: string; confidence: number; lines: OcrLine[] }>;
  /** Switches the loaded languages (`eng+fra`); the files come from the same local folder. */
  reinitialize(languages: string): Promise<void>;
  /** Stops the worker thread at once (an in-flight job never settles; `onFailure` listeners are called). */
  terminate(): Promise<void>;
  /** Called once when the thread ends, whether it crashed or was terminated. */
  onFailure(listener: (reason: string) => void): void;
}

/** Creates a worker with `languages` (`eng+fra`) loaded; rejects with OcrError `ocr.engine.init_failed`. */
export type TesseractWorkerFactory = (languages: string) => Promise<TesseractWorkerHandle>;

/**
 * The real factory: tesseract.js workers that read the gzipped models from `langPath` and never
 * touch the network or the working directory (`cacheMethod: 'none'`: no cache read or written).
 *
 * tesseract.js 7 quirks handled here: a failed language load or init rejects only through
 * `errorHandler` (the promise of `createWorker` then never settles) so the factory races it with
 * that handler and `initTimeoutMs`; without an `errorHandler` it would `throw` from a message
 * listener and take the process down. The thread of a worker whose init failed cannot be reached
 * to be stopped: `prepareTessdata` checks the files first so that this stays a corner case.
 */
export function tesseractWorkerFactory(langPath: string, options: { initTimeoutMs: number }): TesseractWorkerFactory {
  return async (languages) => {
    let failInit: (reason: unknown) => void = () => undefined;
    const initFailed = new Promise<never>((_, reject) => {
      failInit = reject;
    });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${options.initTimeoutMs} ms`)), options.initTimeoutMs);
    });
    let worker: Worker;
    try {
      worker = await Promise.race([
        createWorker(languages, OEM.LSTM_ONLY, {
          langPath,
          gzip: true,
          cacheMethod: 'none',
          logger: () => undefined,
          // Job failures also reject their own promise; this only matters during init.
          errorHandler: (error: unknown) => failInit(error),
        }),
        initFailed,
        timedOut,
      ]);
    } catch (error) {
      throw new OcrError('ocr.engine.init_failed', `tesseract worker (${languages}) did not start: ${describe(error)}`, { cause: error });
    } finally {
      clearTimeout(timer);
    }
    return new TesseractJsHandle(worker);
  };
}

class TesseractJsHandle implements TesseractWorkerHandle {
  private readonly thread: ThreadWorker | null;
  private readonly listeners: ((reason: string) => void)[] = [];
  private failed = false;

  constructor(private readonly worker: Worker) {
    // tesseract.js keeps its worker thread on the (untyped) `worker` property.
    const thread = (worker as unknown as { worker?: unknown }).worker;
    this.thread = isThread(thread) ? thread : null;
    this.thread?.on('error', (error) => this.fail(`worker thread error: ${describe(error)}`));
    this.thread?.on('exit', (code) => this.fail(`worker thread exited (code ${code})`));
  }

  async recognize(image: Buffer, parameters: Record<string, string>) {
    try {
      const { data } = await this.worker.recognize(image, parameters, { text: true, blocks: true });
      return { text: data.text, confidence: data.confidence, lines: linesOf(data) };
    } catch (error) {
      throw new OcrError('ocr.engine.worker_failed', `tesseract failed: ${describe(error)}`, { cause: error });
    }
  }

  async reinitialize(languages: string): Promise<void> {
    try {
      await this.worker.reinitialize(languages);
    } catch (error) {
      throw new OcrError('ocr.engine.init_failed', `tesseract could not load ${languages}: ${describe(error)}`, { cause: error });
    }
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  onFailure(listener: (reason: string) => void): void {
    this.listeners.push(listener);
  }

  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    for (const listener of this.listeners) listener(reason);
  }
}

function linesOf(page: Page): OcrLine[] {
  const lines: OcrLine[] = [];
  for (const block of page.blocks ?? []) {
    for (const paragraph of block.paragraphs) {
      for (const line of paragraph.lines) {
        const text = line.text.replace(/\s+$/, '');
        if (text.length > 0) lines.push({ text, confidence: line.confidence });
      }
    }
  }
  return lines;
}

function isThread(value: unknown): value is ThreadWorker {
  return typeof value === 'object' && value !== null && typeof (value as ThreadWorker).on === 'function' && typeof (value as ThreadWorker).terminate === 'function';
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
}
