import { randomBytes } from 'node:crypto';
import { constants, promises as fs, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { OcrError } from './ocr.error';

/** Languages shipped with the worker (npm `@tesseract.js-data/<code>`, LSTM "best_int" models). */
export const OCR_LANGUAGES = ['eng', 'fra', 'nld', 'deu'] as const;
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

/** Options of {@link prepareTessdata}. */
export interface TessdataOptions {
  /** Folder to hold the language files; default `<repo>/.data/tessdata` (see {@link defaultTessdataDir}). */
  dir?: string;
  /** Languages to provide; default all of {@link OCR_LANGUAGES}. */
  languages?: readonly OcrLanguage[];
}

const GZIP_MAGIC = [0x1f, 0x8b];
/** Errors that mean "this folder is not ours to write": try the next one. */
const NOT_WRITABLE = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST']);

/**
 * The gzipped model of `language` inside its npm package, resolved through Node's module lookup,
 * so it is found the same way from `worker/src/ocr` (ts source, Jest) and from `dist/worker/...`.
 */
export function traineddataSource(language: OcrLanguage): string {
  let packageJson: string;
  try {
    packageJson = require.resolve(`@tesseract.js-data/${language}/package.json`);
  } catch (error) {
    throw new OcrError('ocr.tessdata.missing', `npm package @tesseract.js-data/${language} is not installed`, { cause: error });
  }
  return join(dirname(packageJson), '4.0.0_best_int', `${language}.traineddata.gz`);
}

/**
 * `<repo>/.data/tessdata`, the repository being the nearest folder above this file whose
 * package.json is Sésame's (works from ts source and from the build); `null` when there is none,
 * e.g. in an image that ships `dist/` without the package.json.
 */
export function defaultTessdataDir(from: string = __dirname): string | null {
  for (let dir = from; ; dir = dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown };
      if (manifest.name === 'sesame') return join(dir, '.data', 'tessdata');
    } catch {
      // No (readable) package.json here: keep climbing.
    }
    if (dirname(dir) === dir) return null;
  }
}

/** Fallback folder when the preferred one cannot be written. */
export function fallbackTessdataDir(): string {
  const user = typeof process.getuid === 'function' ? String(process.getuid()) : 'user';
  return join(tmpdir(), `sesame-tessdata-${user}`);
}

/**
 * Prepares the offline language folder tesseract.js reads with `langPath` and returns its path.
 *
 * tesseract.js 7 wants every `<code>.traineddata.gz` in one folder (its `{ code, data }` form is
 * broken), while npm puts each language in its own package: this links (or, where symbolic links
 * are not allowed, copies) `node_modules/@tesseract.js-data/<code>/4.0.0_best_int/<code>.traineddata.gz`
 * into `dir`. Idempotent and safe when several processes prepare the same folder at once (each
 * link is made under a temporary name and renamed into place). A folder that already holds good
 * files is used as is, even read-only; when the preferred folder cannot be written the OS temp
 * folder is used instead.
 *
 * @throws OcrError `ocr.tessdata.missing` when a language package is absent or no folder works.
 */
export async function prepareTessdata(options: TessdataOptions = {}): Promise<string> {
  const languages = options.languages ?? OCR_LANGUAGES;
  const sources = await Promise.all(languages.map(async (language) => ({ language, source: await checkedSource(language) })));
  const preferred = options.dir ?? defaultTessdataDir();
  const candidates = [...new Set([preferred, fallbackTessdataDir()].filter((dir): dir is string => dir !== null))];

  const failures: string[] = [];
  for (const dir of candidates) {
    try {
      for (const { language, source } of sources) await linkInto(dir, language, source);
      return dir;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === undefined || !NOT_WRITABLE.has(code)) throw error;
      failures.push(`${dir}: ${code}`);
    }
  }
  throw new OcrError('ocr.tessdata.missing', `no usable tessdata folder (${failures.join('; ')})`);
}

async function checkedSource(language: OcrLanguage): Promise<{ path: string; size: number }> {
  const path = traineddataSource(language);
  const size = await gzipFileSize(path);
  if (size === null) throw new OcrError('ocr.tessdata.missing', `${path} is missing or not a gzip file`);
  return { path, size };
}

/** Size of `path` (following links) when it is a non-empty gzip file, else `null`. */
async function gzipFileSize(path: string): Promise<number | null> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(path, constants.O_RDONLY);
    const { size } = await handle.stat();
    const head = Buffer.alloc(2);
    await handle.read(head, 0, 2, 0);
    return size > 2 && head[0] === GZIP_MAGIC[0] && head[1] === GZIP_MAGIC[1] ? size : null;
  } catch {
    return null;
  } finally {
    await handle?.close();
  }
}

async function linkInto(dir: string, language: OcrLanguage, source: { path: string; size: number }): Promise<void> {
  const target = join(dir, `${language}.traineddata.gz`);
  if (await isCurrent(target, source)) return;
  await fs.mkdir(dir, { recursive: true });
  const temporary = `${target}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    try {
      await fs.symlink(source.path, temporary);
    } catch (error) {
      // Some file systems (and Windows without privileges) refuse symbolic links: copy instead.
      if ((error as NodeJS.ErrnoException).code !== 'EPERM') throw error;
      await fs.copyFile(source.path, temporary);
    }
    await fs.rename(temporary, target);
  } finally {
    await fs.rm(temporary, { force: true });
  }
}

/** A link to this very source, or a good file of the same size (a copy, or a pre-provisioned folder). */
async function isCurrent(target: string, source: { path: string; size: number }): Promise<boolean> {
  try {
    const stat = await fs.lstat(target);
    if (stat.isSymbolicLink()) return (await fs.readlink(target)) === source.path && (await gzipFileSize(target)) === source.size;
    return stat.isFile() && (await gzipFileSize(target)) === source.size;
  } catch {
    return false;
  }
}
