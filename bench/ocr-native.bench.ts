/**
 * npm run bench:ocr-native — OCR time per ID page: tesseract.js (the worker's OcrEngine, wasm)
 * against the native `tesseract` CLI on the same pictures, with the same settings, and whether
 * each read the MRZ right. Writes the "## OCR: tesseract.js vs native tesseract" section of
 * docs/benchmarks.md (other sections are kept).
 *
 *   npm run bench:ocr-native                  # 15 timed runs per picture and engine
 *   npm run bench:ocr-native -- --runs 30
 *   npm run bench:ocr-native -- --no-write    # print only
 *
 * The pictures are exactly what the worker hands tesseract: `readMrz` runs on the drawn TD1 card
 * and TD3 passport page with a recording engine that keeps each pass's picture and options (bottom
 * band, `single_block`; whole page, `auto`; MRZ alphabet only; 300 dpi). They are written to PNG
 * files; tesseract.js reads the bytes, the CLI the files. The native CLI is for this comparison
 * only: the product does not use it. When it is not installed (`apt-get install tesseract-ocr`),
 * its columns say so and the rest is measured.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { findMrzCandidates, MRZ_ALPHABET, type OcrTextLine } from '../worker/src/ocr/mrz-lines';
import { readMrz } from '../worker/src/ocr/mrz-reader';
import { OcrEngine, type OcrResult, type RecognizeOptions } from '../worker/src/ocr/ocr-engine';
import { BELGIAN_ID_CARD, drawIdDocument, DUTCH_PASSPORT, td1Lines, td3Lines } from '../worker/src/ocr/testing/id-card-image';
import { traineddataSource } from '../worker/src/ocr/tessdata';
import { machineLine, writeBenchSection } from './report';

const run = promisify(execFile);
const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1]) || 15;
const WRITE = !args.includes('--no-write');
/** One thread for native tesseract (OpenMP), as one tesseract.js worker uses one core. */
const NATIVE_ENV = { ...process.env, OMP_THREAD_LIMIT: '1' };
const PSM = { auto: '3', single_column: '4', single_block: '6', single_line: '7', sparse_text: '11' } as const;

interface Picture {
  label: string;
  file: string;
  image: Buffer;
  width: number;
  height: number;
  options: RecognizeOptions;
  expected: string[];
}

interface Engine {
  label: string;
  /** null when the engine cannot run here (native tesseract not installed). */
  read: ((picture: Picture) => Promise<OcrTextLine[]>) | null;
  note: string;
}

const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
const quantile = (values: number[], q: number) => sorted(values)[Math.min(values.length - 1, Math.ceil(q * values.length) - 1)]!;
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

/** The pictures `readMrz` gives tesseract for a document: its three passes, kept by a recording engine that reads nothing. */
async function workerPictures(document: Buffer): Promise<{ image: Buffer; options: RecognizeOptions }[]> {
  const passes: { image: Buffer; options: RecognizeOptions }[] = [];
  const recorder = {
    recognize: async (image: Buffer, options: RecognizeOptions = {}): Promise<OcrResult> => {
      passes.push({ image, options });
      return { text: '', confidence: 0, lines: [] };
    },
  } as unknown as OcrEngine;
  const reading = await readMrz(recorder, document);
  if (reading.found || passes.length !== 3) throw new Error(`expected three passes without a reading, got ${passes.length}`);
  return passes;
}

/** Whether the MRZ was read: the exact lines in the raw output, and after the worker's corrections (mrz-lines). */
function mrzOutcome(lines: OcrTextLine[], expected: string[]): { raw: boolean; corrected: boolean } {
  const texts = lines.map((line) => line.text.replace(/\s+/g, ''));
  const raw = expected.every((line) => texts.includes(line));
  const [best] = findMrzCandidates(lines);
  const corrected = !!best && best.parsed.valid && best.lines.join('\n') === expected.join('\n');
  return { raw, corrected };
}

/** Native CLI arguments equivalent to the worker's tesseract.js parameters. */
function nativeArgs(picture: Picture, tessdataDir: string): string[] {
  const { options } = picture;
  return [
    picture.file, 'stdout', '--tessdata-dir', tessdataDir, '-l', (options.languages ?? ['eng']).join('+'), '--oem', '1',
    '--psm', PSM[options.psm ?? 'auto'], ...(options.dpi ? ['--dpi', String(Math.round(options.dpi))] : []),
    ...(options.whitelist !== undefined ? ['-c', `tessedit_char_whitelist=${options.whitelist}`] : []),
  ];
}

async function nativeVersion(): Promise<{ version: string; defaultDir: string } | null> {
  try {
    const { stdout, stderr } = await run('tesseract', ['--version'], { env: NATIVE_ENV });
    const version = `${stdout}${stderr}`.split('\n')[0]!.trim();
    const { stdout: langs } = await run('tesseract', ['--list-langs'], { env: NATIVE_ENV });
    const defaultDir = /"([^"]+)"/.exec(langs)?.[1] ?? '';
    return { version, defaultDir };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The Tesseract version compiled into tesseract.js-core (a `git describe` string inside the wasm). */
function wasmTesseractVersion(): string {
  try {
    const wasm = readFileSync(join(dirname(require.resolve('tesseract.js-core/package.json')), 'tesseract-core-simd-lstm.wasm')).toString('latin1');
    return /\b\d+\.\d+\.\d+-\d+-g[0-9a-f]+\b/.exec(wasm)?.[0] ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

/** Model file summary: size and the LSTM network's size (combine_tessdata -d when present). */
async function modelInfo(file: string): Promise<string> {
  const size = `${(readFileSync(file).length / 1e6).toFixed(1)} MB`;
  try {
    const { stdout, stderr } = await run('combine_tessdata', ['-d', file]);
    const lstm = /lstm:size=(\d+)/.exec(`${stdout}${stderr}`)?.[1];
    return lstm ? `${size}, LSTM network ${(Number(lstm) / 1e6).toFixed(2)} MB` : size;
  } catch {
    return size;
  }
}

async function main(): Promise<void> {
  const loadAtStart = loadavg()[0]!;
  const work = mkdtempSync(join(tmpdir(), 'sesame-ocr-native-'));
  const engine = new OcrEngine({ poolSize: 1 });
  try {
    // The pictures: both documents, the worker's bottom band and whole-page passes.
    const documents = [
      { name: 'TD1 card', drawn: drawIdDocument({ format: 'TD1' }), expected: td1Lines(BELGIAN_ID_CARD) },
      { name: 'TD3 passport', drawn: drawIdDocument({ format: 'TD3' }), expected: td3Lines(DUTCH_PASSPORT) },
    ];
    const pictures: Picture[] = [];
    for (const document of documents) {
      const [band, page] = await workerPictures(document.drawn);
      for (const [kind, pass] of [['MRZ band', band!], ['full page', page!]] as const) {
        const { width = 0, height = 0 } = await sharp(pass.image).metadata();
        const file = join(work, `${document.name.replace(/\W+/g, '-')}-${kind.replace(/\W+/g, '-')}.png`);
        writeFileSync(file, pass.image);
        pictures.push({ label: `${document.name}, ${kind}`, file, image: pass.image, width, height, options: pass.options, expected: document.expected });
      }
    }

    // tesseract.js: the worker's engine and models (npm @tesseract.js-data/eng, 4.0.0_best_int).
    const jsModel = traineddataSource('eng');
    const bestIntDir = join(work, 'tessdata-best-int');
    const bestIntFile = join(bestIntDir, 'eng.traineddata');
    mkdirSync(bestIntDir);
    writeFileSync(bestIntFile, gunzipSync(readFileSync(jsModel)));
    const initStart = process.hrtime.bigint();
    await engine.warmUp();
    const jsInit = elapsed(initStart);

    const native = await nativeVersion();
    const nativeRead = (dir: string) => async (picture: Picture) => {
      const { stdout } = await run('tesseract', nativeArgs(picture, dir), { env: NATIVE_ENV, maxBuffer: 1 << 20 });
      return stdout.split('\n').filter((text) => text.trim()).map((text) => ({ text, confidence: 0 }));
    };
    const bestIntInfo = await modelInfo(bestIntFile);
    const engines: Engine[] = [
      {
        label: 'tesseract.js (worker)',
        read: async (picture) => (await engine.recognize(picture.image, picture.options)).lines,
        note: `tesseract.js ${require('tesseract.js/package.json').version} (wasm core ${require('tesseract.js-core/package.json').version}: Tesseract ${wasmTesseractVersion()}), one worker, model \`@tesseract.js-data/eng\` 4.0.0_best_int (${bestIntInfo})`,
      },
      {
        label: 'native, same best_int model',
        read: native ? nativeRead(bestIntDir) : null,
        note: native ? `${native.version}, the same model file gunzipped, \`--tessdata-dir\`` : 'not installed',
      },
      {
        label: 'native, Debian model',
        read: native ? nativeRead(native.defaultDir) : null,
        note: native ? `${native.version}, Debian's \`tesseract-ocr-eng\` in ${native.defaultDir} (tessdata_fast: ${await modelInfo(join(native.defaultDir, 'eng.traineddata'))})` : 'not installed',
      },
    ];
    if (!native) console.log('native tesseract is not installed (apt-get install tesseract-ocr): its columns are skipped');

    // Start-up of one CLI call (process, model load) on a blank 32×32 picture: the floor of a native call,
    // timed in every round below with the pictures so that it sees the same machine load.
    const blank: Picture = { ...pictures[0]!, label: 'blank', file: join(work, 'blank.png'), options: { psm: 'single_block', dpi: 300 } };
    writeFileSync(blank.file, await sharp({ create: { width: 32, height: 32, channels: 3, background: '#ffffff' } }).png().toBuffer());
    const startupTimes = new Map<string, number[]>();

    // Timed runs, the engines interleaved so that the shared machine's load falls on all alike.
    const results = new Map<string, { times: number[]; raw: number; corrected: number; misread?: string[] }>();
    const key = (picture: Picture, e: Engine) => `${picture.label}|${e.label}`;
    for (const picture of pictures) {
      for (const e of engines) if (e.read) await e.read(picture); // warm-up: caches, first-use allocations
      for (let i = 0; i < RUNS; i++) {
        for (const e of engines.slice(1)) {
          if (!e.read) continue;
          const start = process.hrtime.bigint();
          await e.read(blank);
          startupTimes.set(e.label, [...(startupTimes.get(e.label) ?? []), elapsed(start)]);
        }
        for (const e of engines) {
          if (!e.read) continue;
          const start = process.hrtime.bigint();
          const lines = await e.read(picture);
          const ms = elapsed(start);
          const outcome = mrzOutcome(lines, picture.expected);
          const entry = results.get(key(picture, e)) ?? { times: [], raw: 0, corrected: 0 };
          entry.times.push(ms);
          entry.raw += Number(outcome.raw);
          entry.corrected += Number(outcome.corrected);
          // The MRZ-looking lines of the first wrong reading, to show what went wrong.
          if (!outcome.corrected && !entry.misread) entry.misread = lines.map((l) => l.text.replace(/\s+/g, '')).filter((t) => t.length >= 25);
          results.set(key(picture, e), entry);
        }
      }
      const line = engines.map((e) => {
        const r = results.get(key(picture, e));
        return r ? `${e.label} ${fmt(quantile(r.times, 0.5))} ms` : `${e.label} —`;
      });
      console.log(`${picture.label.padEnd(24)} ${line.join(' · ')}`);
    }

    const startup = new Map([...startupTimes].map(([label, times]) => [label, quantile(times, 0.5)]));
    const cell = (picture: Picture, e: Engine) => {
      const r = results.get(key(picture, e));
      if (!r) return 'not installed';
      const mrz = r.corrected === RUNS ? (r.raw === RUNS ? '✓ exact' : `✓ after corrections (exact ${r.raw}/${RUNS})`) : `✗ ${r.corrected}/${RUNS}`;
      return `${fmt(quantile(r.times, 0.5))} / ${fmt(quantile(r.times, 0.95))} ms, MRZ ${mrz}`;
    };
    /** Median of tesseract.js ÷ median of the native engine `b`, per CLI call and with `b`'s start-up taken off. */
    const ratio = (picture: Picture, a: Engine, b: Engine) => {
      const ra = results.get(key(picture, a));
      const rb = results.get(key(picture, b));
      if (!ra || !rb) return '—';
      const [js, native] = [quantile(ra.times, 0.5), quantile(rb.times, 0.5)];
      return `${(js / native).toFixed(1)}× · ${(js / (native - (startup.get(b.label) ?? 0))).toFixed(1)}×`;
    };
    const table = {
      header: ['Picture (worker pass, settings)', ...engines.map((e) => `${e.label}: median / p95`), 'tesseract.js ÷ native, same model: per call · start-up taken off'],
      rows: pictures.map((picture) => [
        `${picture.label} ${picture.width}×${picture.height} (psm ${PSM[picture.options.psm ?? 'auto']}, MRZ alphabet, ${picture.options.dpi} dpi)`,
        ...engines.map((e) => cell(picture, e)),
        ratio(picture, engines[0]!, engines[1]!),
      ]),
    };
    console.table(table.rows);

    const rows: [string, string][] = [
      ...engines.map((e): [string, string] => [e.label, e.note]),
      ['tesseract.js worker start (init, `eng` loaded)', `${fmt(jsInit)} ms, once per worker; not in the times below`],
      ...engines.slice(1).map((e): [string, string] => [`${e.label}: one CLI call on a blank 32×32 picture (process start, model load)`, startup.has(e.label) ? `${fmt(startup.get(e.label)!)} ms (median of ${startupTimes.get(e.label)!.length}, timed between the reads), included in each native time below` : 'not installed']),
      ['Runs', `${RUNS} timed per picture and engine after one warm-up, engines interleaved; native with \`OMP_THREAD_LIMIT=1\` (one core, like one tesseract.js worker)`],
    ];
    const ratiosOf = (startupOff: boolean) =>
      pictures
        .map((picture) => {
          const js = results.get(key(picture, engines[0]!));
          const same = results.get(key(picture, engines[1]!));
          return js && same ? quantile(js.times, 0.5) / (quantile(same.times, 0.5) - (startupOff ? startup.get(engines[1]!.label) ?? 0 : 0)) : null;
        })
        .filter((r): r is number => r !== null);
    const range = (values: number[]) => `${Math.min(...values).toFixed(1)}–${Math.max(...values).toFixed(1)}×`;
    const failures = pictures.flatMap((picture) =>
      engines.flatMap((e) => {
        const r = results.get(key(picture, e));
        return r?.misread ? [`${e.label} on the ${picture.label}: ${r.misread.length ? r.misread.map((t) => `\`${t}\``).join(' / ') : 'no MRZ-like line'} (expected ${picture.expected.map((t) => `\`${t}\``).join(' / ')})`] : [];
      }),
    );
    const summary = ratiosOf(false).length
      ? `With the same model, a tesseract.js read takes ${range(ratiosOf(false))} the time of a native CLI call on these pictures, and ${range(ratiosOf(true))} the time of the native recognition alone (the CLI's start-up on a blank picture taken off). `
      : 'Native tesseract is not installed here: only the tesseract.js column was measured. ';
    const misreads = failures.length ? `Wrong readings: ${failures.join('; ')}. ` : 'Every engine read every MRZ right. ';
    if (!WRITE) return;
    writeBenchSection({
      title: 'OCR: tesseract.js vs native tesseract',
      intro:
        `\`npm run bench:ocr-native\` (bench/ocr-native.bench.ts) — ${machineLine()}, load average ${loadAtStart.toFixed(1)} at the start. The same pictures, written to PNG files, read by the worker's ` +
        '`OcrEngine` (tesseract.js) and by the `tesseract` CLI with the same settings (`--oem 1`, the worker\'s `--psm`, `--dpi 300`, ' +
        '`tessedit_char_whitelist` = MRZ alphabet). The pictures are what `readMrz` hands tesseract for the drawn TD1 card and TD3 ' +
        'passport (worker/src/ocr/testing/id-card-image.ts): its bottom-band pass and its whole-page pass. "MRZ ✓ exact": the three ' +
        '(TD1) or two (TD3) lines read character for character; "after corrections": valid and right once the worker\'s mrz-lines ' +
        'rules have fixed them. Figures vary with the load of the shared machine.',
      rows,
      table,
      outro:
        summary +
        misreads +
        'Native times are whole CLI calls (process start and model load included, as the row above shows); tesseract.js times are ' +
        'a call to a warm worker. The native CLI is here only to measure what the wasm build costs: the product uses tesseract.js ' +
        'and does not depend on `tesseract-ocr`.',
    });
  } finally {
    await engine.close();
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
