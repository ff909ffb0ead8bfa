/**
 * The real tesseract.js workers: offline (no network, nothing written to the working directory),
 * every shipped language, and a worker killed under a job. About 5 s.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { OcrEngine } from './ocr-engine';
import { tesseractWorkerFactory, type TesseractWorkerHandle } from './tesseract-worker';
import { drawTextPage } from './testing/id-card-image';
import { prepareTessdata } from './tessdata';

/**
 * Preloaded into the child process and each of its worker threads: any TCP connection, DNS lookup
 * or fetch throws and is logged. Local IPC sockets (tsx's, by path) are not network and pass.
 */
const BLOCK_NETWORK = `
const fs = require('node:fs');
const net = require('node:net');
const refuse = (what) => {
  fs.appendFileSync(process.env.OCR_SPEC_NETWORK_LOG, what + '\\n');
  throw new Error('network blocked: ' + what);
};
const target = (args) => {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'string' && Number.isNaN(Number(first))) return null;
  if (first && typeof first === 'object' && typeof first.path === 'string' && first.path) return null;
  return 'tcp ' + JSON.stringify(first);
};
const { connect } = net.Socket.prototype;
net.Socket.prototype.connect = function (...args) {
  const tcp = target(args);
  return tcp ? refuse(tcp) : connect.apply(this, args);
};
require('node:tls').connect = () => refuse('tls.connect');
const dns = require('node:dns');
dns.lookup = (host) => refuse('dns.lookup ' + host);
dns.promises.lookup = async (host) => refuse('dns.lookup ' + host);
globalThis.fetch = async (url) => refuse('fetch ' + url);
`;

/** Runs in the child (cwd: an empty folder): prepares the models, reads a page, tries a folder without models. */
const CHILD = `
const { readFileSync, readdirSync } = require('node:fs');
const { Worker } = require('node:worker_threads');
const [engineTs, tessdataTs, workerTs, image, tessdataDir, emptyDir] = process.argv.slice(1);
(async () => {
  const report = {};
  // Controls: the blocker works here and in worker threads (so the test below can fail).
  report.controlMain = await fetch('http://example.com/').then(() => 'reached', (e) => e.message);
  try { require('node:net').connect(9, '127.0.0.1'); report.controlTcp = 'reached'; } catch (e) { report.controlTcp = e.message; }
  report.controlThread = await new Promise((resolve) => {
    const code = "fetch('http://example.com/').then(() => 'reached', (e) => e.message).then((m) => require('node:worker_threads').parentPort.postMessage(m))";
    new Worker(code, { eval: true }).once('message', resolve);
  });
  const langPath = await require(tessdataTs).prepareTessdata({ dir: tessdataDir });
  const engine = new (require(engineTs).OcrEngine)({ poolSize: 1, langPath });
  report.text = (await engine.recognize(readFileSync(image), { languages: ['eng', 'fra'] })).text;
  await engine.close();
  report.emptyFolder = await require(workerTs).tesseractWorkerFactory(emptyDir, { initTimeoutMs: 20000 })('eng')
    .then(() => 'started', (e) => e.code);
  report.cwd = readdirSync(process.cwd());
  process.stdout.write(JSON.stringify(report));
  process.exit(0); // the worker whose init failed cannot be stopped (see tesseract-worker.ts)
})().catch((error) => { process.stderr.write(String(error && error.stack)); process.exit(1); });
`;

function runChild(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // tsx runs the TypeScript sources; named by URL, as the child's cwd has no node_modules.
    const tsx = pathToFileURL(require.resolve('tsx')).href;
    // The repository's tsconfig gives the child the `@sesame/*` library paths.
    const childEnv = { ...env, TSX_TSCONFIG_PATH: join(__dirname, '..', '..', '..', 'tsconfig.json') };
    const child = spawn(process.execPath, ['--import', tsx, '-e', CHILD, ...args], { cwd, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('tesseract workers', () => {
  let scratch: string;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'sesame-ocr-spec-'));
  });
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('run offline: no network use, no file in the working directory, models from the local folder only', async () => {
    const [cwd, empty, files] = ['cwd', 'empty', 'files'].map((name) => join(scratch, name));
    for (const dir of [cwd, empty, files]) mkdirSync(dir);
    const preload = join(files, 'block-network.cjs');
    const log = join(files, 'network.log');
    const image = join(files, 'page.png');
    writeFileSync(preload, BLOCK_NETWORK);
    writeFileSync(log, '');
    writeFileSync(image, drawTextPage(["Carte d'identité électronique", 'Sésame reads this offline']));

    const env = {
      ...process.env,
      NODE_OPTIONS: `--require ${preload}`,
      OCR_SPEC_NETWORK_LOG: log,
      // Were anything to honour a proxy, it would hit a closed port.
      HTTP_PROXY: 'http://127.0.0.1:9',
      HTTPS_PROXY: 'http://127.0.0.1:9',
      http_proxy: 'http://127.0.0.1:9',
      https_proxy: 'http://127.0.0.1:9',
    };
    const dir = (name: string) => join(__dirname, name);
    const { code, stdout, stderr } = await runChild([dir('ocr-engine.ts'), dir('tessdata.ts'), dir('tesseract-worker.ts'), image, join(scratch, 'tessdata'), empty], env, cwd);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(report).toMatchObject({
      controlMain: 'network blocked: fetch http://example.com/',
      controlThread: 'network blocked: fetch http://example.com/',
      controlTcp: 'network blocked: tcp {"port":9,"host":"127.0.0.1"}',
      emptyFolder: 'ocr.engine.init_failed',
      cwd: [],
    });
    expect(report.text).toContain("Carte d'identité électronique");
    expect(report.text).toContain('offline');
    // Only the controls tried the network.
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual(['fetch http://example.com/', 'tcp {"port":9,"host":"127.0.0.1"}', 'fetch http://example.com/']);
  });

  it('read French, Dutch and German with their own models', async () => {
    const engine = new OcrEngine({ poolSize: 1 });
    try {
      const page = drawTextPage(['Délivrée à Liège le 3 février', 'Geldig tot 12 juli, gemeente Sint-Genesius-Rode', 'Gültig bis März, Größe 1,72 m, Straße']);
      const { text, confidence, lines } = await engine.recognize(page, { languages: ['fra', 'nld', 'deu'] });
      expect(text).toContain('Délivrée à Liège le 3 février');
      expect(text).toContain('Sint-Genesius-Rode');
      expect(text).toContain('Gültig bis März, Größe 1,72 m, Straße');
      expect(lines).toHaveLength(3);
      expect(confidence).toBeGreaterThan(80);
    } finally {
      await engine.close();
    }
  });

  it('replace a worker killed in the middle of a job, and the job fails with a clear error', async () => {
    const started: TesseractWorkerHandle[] = [];
    const real = tesseractWorkerFactory(await prepareTessdata(), { initTimeoutMs: 30_000 });
    const engine = new OcrEngine({
      poolSize: 1,
      workerFactory: async (languages) => {
        const worker = await real(languages);
        started.push(worker);
        return worker;
      },
    });
    try {
      const page = drawTextPage(['A job that will not finish']);
      const doomed = engine.recognize(page);
      while (started.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      // Killed from outside the engine, as a crash of the thread would end it.
      await started[0].terminate();
      await expect(doomed).rejects.toMatchObject({ name: 'OcrError', code: 'ocr.engine.worker_failed', retryable: true });

      const { text } = await engine.recognize(drawTextPage(['The next job gets a new worker']));
      expect(text).toContain('The next job gets a new worker');
      expect(started).toHaveLength(2);
    } finally {
      await engine.close();
    }
  });
});
