import { existsSync, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { OcrError } from './ocr.error';
import { defaultTessdataDir, fallbackTessdataDir, OCR_LANGUAGES, prepareTessdata, traineddataSource, type OcrLanguage } from './tessdata';

const REPO = resolve(__dirname, '..', '..', '..');

describe(prepareTessdata.name, () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sesame-tessdata-spec-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('finds each model in its npm package, in the best_int folder', () => {
    for (const language of OCR_LANGUAGES) {
      const source = traineddataSource(language);
      expect(source).toBe(join(REPO, 'node_modules', '@tesseract.js-data', language, '4.0.0_best_int', `${language}.traineddata.gz`));
      expect(readFileSync(source).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    }
  });

  it('links every language into one folder and returns it', async () => {
    const langPath = await prepareTessdata({ dir: join(dir, 'tessdata') });
    expect(langPath).toBe(join(dir, 'tessdata'));
    for (const language of OCR_LANGUAGES) {
      const file = join(langPath, `${language}.traineddata.gz`);
      expect(lstatSync(file).isSymbolicLink()).toBe(true);
      expect(readlinkSync(file)).toBe(traineddataSource(language));
    }
  });

  it('is idempotent, and repairs a link to elsewhere or a damaged copy', async () => {
    const pristine = OCR_LANGUAGES.map((language) => readFileSync(traineddataSource(language)).length);
    const langPath = await prepareTessdata({ dir, languages: ['eng', 'fra'] });
    const stale = join(dir, 'stale.gz');
    writeFileSync(stale, 'old');
    rmSync(join(langPath, 'eng.traineddata.gz'));
    symlinkSync(stale, join(langPath, 'eng.traineddata.gz'));
    // Unlink first: writing through the link would damage the file in node_modules.
    rmSync(join(langPath, 'fra.traineddata.gz'));
    writeFileSync(join(langPath, 'fra.traineddata.gz'), Buffer.from([0x1f, 0x8b, 0, 0]));

    await prepareTessdata({ dir, languages: ['eng', 'fra'] });
    await prepareTessdata({ dir, languages: ['eng', 'fra'] });
    expect(readlinkSync(join(langPath, 'eng.traineddata.gz'))).toBe(traineddataSource('eng'));
    expect(readlinkSync(join(langPath, 'fra.traineddata.gz'))).toBe(traineddataSource('fra'));
    expect(existsSync(join(langPath, 'nld.traineddata.gz'))).toBe(false);
    expect(OCR_LANGUAGES.map((language) => readFileSync(traineddataSource(language)).length)).toEqual(pristine);
  });

  it('keeps a folder already provisioned with good copies as it is', async () => {
    const copy = join(dir, 'deu.traineddata.gz');
    writeFileSync(copy, readFileSync(traineddataSource('deu')));
    await prepareTessdata({ dir, languages: ['deu'] });
    expect(lstatSync(copy).isSymbolicLink()).toBe(false);
  });

  it('falls back to the temp folder when the folder cannot be created', async () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    await expect(prepareTessdata({ dir: join(file, 'tessdata'), languages: ['eng'] })).resolves.toBe(fallbackTessdataDir());
    expect(existsSync(join(fallbackTessdataDir(), 'eng.traineddata.gz'))).toBe(true);
  });

  it('refuses a language it has no package for', async () => {
    const error = await prepareTessdata({ dir, languages: ['spa' as OcrLanguage] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OcrError);
    expect(error).toMatchObject({ code: 'ocr.tessdata.missing' });
  });
});

describe(defaultTessdataDir.name, () => {
  it('is .data/tessdata of the repository, from the sources and from the build', () => {
    expect(defaultTessdataDir()).toBe(join(REPO, '.data', 'tessdata'));
    expect(defaultTessdataDir(join(REPO, 'dist', 'worker', 'worker', 'src', 'ocr'))).toBe(join(REPO, '.data', 'tessdata'));
  });

  it('is null outside the repository', () => {
    expect(defaultTessdataDir(tmpdir())).toBeNull();
  });
});
