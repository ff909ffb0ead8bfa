/**
 * npm run bench:ocr — the OCR engine of the worker: tessdata preparation, worker start, first and
 * warm MRZ reads, a picture without MRZ, image assessment, and pages per minute through the pool.
 * Writes the "## OCR" section of docs/benchmarks.md (other sections are kept).
 *
 *   npm run bench:ocr                 # default pool (cores − 1) and a pool of 2
 *   npm run bench:ocr -- --reads 40   # more reads for the throughput figure
 *   npm run bench:ocr -- --no-write   # print only
 */
import { assessImage } from '../worker/src/ocr/image-quality';
import { readMrz } from '../worker/src/ocr/mrz-reader';
import { defaultPoolSize, OcrEngine } from '../worker/src/ocr/ocr-engine';
import { drawIdDocument, sidewaysPhoto } from '../worker/src/ocr/testing/id-card-image';
import { prepareTessdata } from '../worker/src/ocr/tessdata';
import { machineLine, writeBenchSection } from './report';

const args = process.argv.slice(2);
const READS = Number(args[args.indexOf('--reads') + 1]) || 24;
const WRITE = !args.includes('--no-write');

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function timed<T>(work: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const result = await work();
  return [result, ms(start)];
}

async function expectValid(engine: OcrEngine, image: Buffer): Promise<number> {
  const [reading, elapsed] = await timed(() => readMrz(engine, image));
  if (!reading.parsed?.valid) throw new Error(`MRZ not read: ${JSON.stringify(reading.lines)}`);
  return elapsed;
}

/** `reads` MRZ reads submitted at once; pages per minute through a pool of `poolSize`. */
async function throughput(poolSize: number, pictures: Buffer[], reads: number): Promise<{ perMinute: number; seconds: number }> {
  const engine = new OcrEngine({ poolSize });
  try {
    await engine.warmUp();
    const [, elapsed] = await timed(() => Promise.all(Array.from({ length: reads }, (_, i) => expectValid(engine, pictures[i % pictures.length]))));
    return { perMinute: (reads / elapsed) * 60_000, seconds: elapsed / 1000 };
  } finally {
    await engine.close();
  }
}

async function main(): Promise<void> {
  const td1 = drawIdDocument({ format: 'TD1' });
  const td3 = drawIdDocument({ format: 'TD3' });
  const photo = await sidewaysPhoto(td1);
  const noMrz = drawIdDocument({ format: 'TD1', mrz: null });
  const rows: [string, string][] = [];
  const note = (what: string, figure: string) => {
    rows.push([what, figure]);
    console.log(`${what.padEnd(58)} ${figure}`);
  };

  const [, prepare] = await timed(() => prepareTessdata());
  note('tessdata folder prepared (links checked/made)', `${fmt(prepare)} ms`);

  const engine = new OcrEngine({ poolSize: 1 });
  const rssBefore = process.memoryUsage().rss;
  const [, init] = await timed(() => engine.warmUp());
  note('engine init: one tesseract worker, `eng` loaded', `${fmt(init)} ms`);
  note('resident memory added by one worker', mb(process.memoryUsage().rss - rssBefore));

  note('first MRZ read, TD1 card 1712×1080 PNG', `${fmt(await expectValid(engine, td1))} ms`);
  const warmTd1 = [];
  const warmTd3 = [];
  for (let i = 0; i < 7; i++) warmTd1.push(await expectValid(engine, td1));
  for (let i = 0; i < 7; i++) warmTd3.push(await expectValid(engine, td3));
  note('warm MRZ read, TD1 card (median of 7)', `${fmt(median(warmTd1))} ms`);
  note('warm MRZ read, TD3 passport page 1750×1232 (median of 7)', `${fmt(median(warmTd3))} ms`);
  note('warm MRZ read, sideways JPEG photo (EXIF 6)', `${fmt(await expectValid(engine, photo))} ms`);
  const [nothing, none] = await timed(() => readMrz(engine, noMrz));
  if (nothing.found) throw new Error('found an MRZ where there is none');
  note('picture without MRZ (all three passes)', `${fmt(none)} ms`);
  await engine.close();

  const assess = [];
  for (let i = 0; i < 5; i++) assess.push((await timed(() => assessImage(td1)))[1]);
  note('assessImage, TD1 card (median of 5)', `${fmt(median(assess))} ms`);

  for (const poolSize of [...new Set([defaultPoolSize(), 2])]) {
    const { perMinute, seconds } = await throughput(poolSize, [td1, td3], READS);
    note(`MRZ pages/min, pool of ${poolSize}${poolSize === defaultPoolSize() ? ' (default)' : ''}, ${READS} reads at once`, `${perMinute.toFixed(0)} /min (${seconds.toFixed(1)} s)`);
  }

  if (!WRITE) return;
  writeBenchSection({
    title: 'OCR',
    intro:
      `\`npm run bench:ocr\` (bench/ocr.bench.ts) — tesseract.js 7 (wasm, LSTM \`best_int\` models), sharp, on ${machineLine()}. ` +
      'Pictures drawn by `worker/src/ocr/testing/id-card-image.ts`; every MRZ read is checked valid. ' +
      'Figures vary with the load of the shared machine.',
    rows,
    outro:
      'An MRZ read is: EXIF rotation, greyscale, skew measurement, then OCR of the bottom band (one pass ' +
      'when the MRZ is there); a picture without a valid MRZ costs three passes (band, whole picture, ' +
      'band turned over). One tesseract worker uses one core: the pool (default cores − 1) is what scales.',
  });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
