import { availableParallelism } from 'node:os';
import sharp from 'sharp';
import { defaultPoolSize, OcrEngine } from './ocr-engine';
import { OcrError } from './ocr.error';
import type { OcrLine, TesseractWorkerHandle } from './tesseract-worker';
import { decompressionBombPng } from './testing/id-card-image';
import type { OcrLanguage } from './tessdata';

type Result = { text: string; confidence: number; lines: OcrLine[] };

/** Images in the order jobs reached a worker, across workers. */
const started: Buffer[] = [];

/** A tesseract worker whose jobs the spec finishes, fails or kills by hand. */
class FakeWorker implements TesseractWorkerHandle {
  readonly jobs: { image: Buffer; parameters: Record<string, string>; finish: (text: string) => void; fail: (error: unknown) => void }[] = [];
  readonly reinitialized: string[] = [];
  terminated = false;
  private readonly listeners: ((reason: string) => void)[] = [];

  constructor(public languages: string) {}

  recognize(image: Buffer, parameters: Record<string, string>): Promise<Result> {
    started.push(image);
    return new Promise((resolve, reject) => {
      this.jobs.push({ image, parameters, finish: (text) => resolve({ text, confidence: 90, lines: [{ text, confidence: 90 }] }), fail: reject });
    });
  }

  async reinitialize(languages: string): Promise<void> {
    this.reinitialized.push(languages);
    this.languages = languages;
  }

  async terminate(): Promise<void> {
    this.terminated = true;
    this.die('terminated');
  }

  onFailure(listener: (reason: string) => void): void {
    this.listeners.push(listener);
  }

  /** The thread ends (crash, or terminate): listeners hear of it. */
  die(reason: string): void {
    for (const listener of this.listeners) listener(reason);
  }
}

/** Waits until `condition` holds (the engine reads the image header, in libuv's pool, before queueing a job). */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 2_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition never held');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

describe(OcrEngine.name, () => {
  let png: Buffer;
  let workers: FakeWorker[];
  let failNextStart: unknown;
  const factory = async (languages: string) => {
    if (failNextStart !== undefined) {
      const error = failNextStart;
      failNextStart = undefined;
      throw error;
    }
    const worker = new FakeWorker(languages);
    workers.push(worker);
    return worker;
  };
  const engineOf = (options: ConstructorParameters<typeof OcrEngine>[0] = {}) => new OcrEngine({ poolSize: 1, workerFactory: factory, ...options });

  /** The worker started in place of a retired one (`index`) serves the next job; then the engine closes. */
  async function expectReplacementServes(engine: OcrEngine, index: number): Promise<void> {
    const next = engine.recognize(png);
    await until(() => workers[index]?.jobs.length === 1);
    workers[index].jobs[0].finish('ok');
    await expect(next).resolves.toMatchObject({ text: 'ok' });
    await engine.close();
  }

  beforeAll(async () => {
    png = await sharp({ create: { width: 40, height: 20, channels: 3, background: '#ffffff' } }).png().toBuffer();
  });
  beforeEach(() => {
    workers = [];
    started.length = 0;
    failNextStart = undefined;
  });

  it('sizes its pool to the cores but one, at least one', () => {
    expect(defaultPoolSize()).toBe(Math.max(1, availableParallelism() - 1));
    expect(new OcrEngine({ workerFactory: factory }).poolSize).toBe(defaultPoolSize());
    expect(() => new OcrEngine({ poolSize: 0 })).toThrow(RangeError);
  });

  it('starts no worker before the first job, then keeps reusing it', async () => {
    const engine = engineOf();
    expect(engine.startedWorkers).toBe(0);
    for (const text of ['one', 'two']) {
      const result = engine.recognize(png);
      await until(() => workers[0]?.jobs.length === (text === 'one' ? 1 : 2));
      workers[0].jobs.at(-1)!.finish(text);
      await expect(result).resolves.toEqual({ text, confidence: 90, lines: [{ text, confidence: 90 }] });
    }
    expect(workers).toHaveLength(1);
    expect(engine.startedWorkers).toBe(1);
    await engine.close();
  });

  it('passes the whitelist, page segmentation and resolution to tesseract, and silences its diagnostics', async () => {
    const engine = engineOf();
    const result = engine.recognize(png, { whitelist: 'AB<', psm: 'single_block', dpi: 299.6 });
    await until(() => workers[0]?.jobs.length === 1);
    expect(workers[0].jobs[0].parameters).toEqual({
      tessedit_char_whitelist: 'AB<',
      tessedit_pageseg_mode: '6',
      user_defined_dpi: '300',
      debug_file: '/dev/null',
    });
    expect(workers[0].jobs[0].image).toBe(png);
    workers[0].jobs[0].finish('x');
    await result;
    await engine.close();
  });

  it('runs at most poolSize jobs at once and starts the others in the order they came', async () => {
    const engine = engineOf({ poolSize: 2 });
    const images: Buffer[] = await Promise.all(Array.from({ length: 5 }, (_, i) => sharp({ create: { width: 10 + i, height: 10, channels: 3, background: '#fff' } }).png().toBuffer()));
    const finished = new Set<unknown>();
    const running = () => workers.flatMap((worker) => worker.jobs).filter((job) => !finished.has(job));
    const results: Promise<{ text: string }>[] = [];
    for (const image of images) {
      results.push(engine.recognize(image));
      await until(() => running().length + engine.waitingJobs === results.length);
    }
    expect(engine.waitingJobs).toBe(3);
    for (let done = 0; done < 5; done++) {
      await until(() => running().length === Math.min(2, 5 - done));
      expect(workers.length).toBeLessThanOrEqual(2);
      const job = running()[0];
      finished.add(job);
      job.finish(`text ${images.indexOf(job.image)}`);
    }
    expect((await Promise.all(results)).map((result) => result.text)).toEqual(['text 0', 'text 1', 'text 2', 'text 3', 'text 4']);
    expect(started.map((image) => images.indexOf(image))).toEqual([0, 1, 2, 3, 4]);
    expect(workers).toHaveLength(2);
    await engine.close();
  });

  it('reloads the languages of a worker only when a job asks for others, preferring a worker that has them', async () => {
    const engine = engineOf({ poolSize: 2, defaultLanguages: ['eng'] });
    const run = async (languages?: OcrLanguage[]) => {
      const before = workers.map((worker) => worker.jobs.length);
      const result = engine.recognize(png, { languages });
      await until(() => workers.some((worker, i) => worker.jobs.length > (before[i] ?? 0)));
      const worker = workers.find((candidate, i) => candidate.jobs.length > (before[i] ?? 0))!;
      worker.jobs.at(-1)!.finish('ok');
      await result;
      return worker;
    };
    const english = await run();
    expect(english.languages).toBe('eng');
    const french = await run(['fra', 'nld']);
    expect(french).not.toBe(english);
    expect(french.languages).toBe('fra+nld');
    expect(await run(['fra', 'nld'])).toBe(french);
    expect(await run()).toBe(english);
    // With the pool full, a third language set reloads an idle worker instead of starting a third.
    const german = await run(['deu']);
    expect(workers).toHaveLength(2);
    expect(german.reinitialized).toEqual(['deu']);
    await expect(engine.recognize(png, { languages: ['spa' as OcrLanguage] })).rejects.toThrow(RangeError);
    await engine.close();
  });

  it('fails the job of a worker that dies with a clear error, and replaces the worker', async () => {
    const engine = engineOf();
    const doomed = engine.recognize(png);
    await until(() => workers[0]?.jobs.length === 1);
    workers[0].die('worker thread exited (code 1)');
    const error = await doomed.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OcrError);
    expect(error).toMatchObject({ code: 'ocr.engine.worker_failed', retryable: true });
    expect((error as Error).message).toContain('worker thread exited (code 1)');

    const next = engine.recognize(png);
    await until(() => workers.length === 2 && workers[1].jobs.length === 1);
    workers[1].jobs[0].finish('fresh');
    await expect(next).resolves.toMatchObject({ text: 'fresh' });
    await engine.close();
  });

  it('retires a worker whose job failed: tesseract may be left half-configured', async () => {
    const engine = engineOf();
    const failing = engine.recognize(png);
    await until(() => workers[0]?.jobs.length === 1);
    workers[0].jobs[0].fail(new OcrError('ocr.engine.worker_failed', 'tesseract failed: Error attempting to read image.'));
    await expect(failing).rejects.toMatchObject({ code: 'ocr.engine.worker_failed' });
    expect(workers[0].terminated).toBe(true);
    await expectReplacementServes(engine, 1);
  });

  it('kills and replaces a worker that overruns the job timeout', async () => {
    const engine = engineOf({ jobTimeoutMs: 30 });
    await expect(engine.recognize(png)).rejects.toMatchObject({ code: 'ocr.engine.timeout', retryable: true });
    expect(workers[0].terminated).toBe(true);
    await expectReplacementServes(engine, 1);
  });

  it('reports a worker that cannot start, and tries again on the next job', async () => {
    const engine = engineOf();
    failNextStart = new OcrError('ocr.engine.init_failed', 'tesseract worker (eng) did not start: initialization failed');
    await expect(engine.recognize(png)).rejects.toMatchObject({ code: 'ocr.engine.init_failed' });
    failNextStart = new Error('wasm exploded');
    await expect(engine.recognize(png)).rejects.toMatchObject({ name: 'OcrError', code: 'ocr.engine.init_failed' });
    const next = engine.recognize(png);
    await until(() => workers[0]?.jobs.length === 1);
    workers[0].jobs[0].finish('ok');
    await expect(next).resolves.toMatchObject({ text: 'ok' });
    await engine.close();
  });

  it('on close, fails the jobs in flight and waiting, stops the workers, and refuses new jobs', async () => {
    const engine = engineOf();
    const running = engine.recognize(png);
    const waiting = engine.recognize(png);
    await until(() => workers[0]?.jobs.length === 1);
    await engine.close();
    await expect(running).rejects.toMatchObject({ code: 'ocr.engine.closed' });
    await expect(waiting).rejects.toMatchObject({ code: 'ocr.engine.closed' });
    expect(workers[0].terminated).toBe(true);
    await expect(engine.recognize(png)).rejects.toMatchObject({ code: 'ocr.engine.closed' });
    await expect(engine.close()).resolves.toBeUndefined();
  });

  it('refuses a decompression bomb or a non-image before any worker starts', async () => {
    const engine = engineOf();
    await expect(engine.recognize(decompressionBombPng(50_000, 50_000, { headerOnly: true }))).rejects.toMatchObject({ code: 'ocr.image.too_large', retryable: false });
    await expect(engine.recognize(Buffer.from('GIF89a but not really'))).rejects.toMatchObject({ code: 'ocr.image.unreadable' });
    expect(workers).toHaveLength(0);
    await engine.close();
  });

  it('hands PNG and JPEG to tesseract as they are and converts other formats to PNG', async () => {
    const engine = engineOf();
    const webp = await sharp(png).webp().toBuffer();
    const result = engine.recognize(webp);
    await until(() => workers[0]?.jobs.length === 1);
    const sent = workers[0].jobs[0].image;
    expect(sent.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(await sharp(sent).metadata()).toMatchObject({ width: 40, height: 20 });
    workers[0].jobs[0].finish('ok');
    await result;
    await engine.close();
  });
});
