/**
 * npm run bench:card-read — reading a Belgian eID over the real PC/SC stack, and verifying it:
 * emulated card (vpcd "Virtual PCD 00 01") → pcscd → pcsclite → desk agent → WebSocket client, then
 * the api's `verifyBeidRead`. Writes the "Desk card read" section of docs/benchmarks.md.
 *
 *   npm run bench:card-read [-- --runs 5 --no-write]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pino from 'pino';
import type { CardReadResult } from '@sesame/desk-protocol';
import { verifyBeidRead } from '@sesame/domain';
import { loadAgentConfig } from '../desk-agent/src/agent.config';
import { startDeskAgent } from '../desk-agent/src/desk-agent.factory';
import { TestConsole } from '../desk-agent/src/testing/ws-test-client';
import { buildCardProfile, createTestPki, DEMO_IDENTITIES, reserveVpcdReader, VirtualBeidCard, VPCD_PORTS, VPCD_READER_NAMES } from '../tools/beid-emulator';
import { ensurePcscd } from '../tools/infra';
import { machineLine, writeBenchSection } from './report';

const ORIGIN = 'http://localhost:3000';
const READER = VPCD_READER_NAMES.test;

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' }, 'no-write': { type: 'boolean', default: false } } });
  const runs = Number(values.runs);
  const pcscd = await ensurePcscd({ log: () => undefined });
  const release = await reserveVpcdReader(VPCD_PORTS.test, { timeoutMs: 120_000 });
  const pki = await createTestPki(join(__dirname, '..', '.data', 'beid-test-pki'));
  const roots = readFileSync(join(__dirname, '..', '.data', 'beid-test-pki', 'root.pem'), 'utf8');
  const codes: string[] = [];
  const agent = await startDeskAgent(
    loadAgentConfig({ DESK_AGENT_ALLOWED_ORIGINS: ORIGIN, DESK_AGENT_PORT: '0', DESK_AGENT_READER_FILTER: READER, DESK_AGENT_PCSCD_RETRY_MS: '200' }),
    { onPairingCode: (code) => codes.push(code), log: pino({ level: 'silent' }) },
  );
  const client = await TestConsole.connect(agent.url, ORIGIN);
  const rows: [string, string][] = [];
  try {
    await client.request({ type: 'hello', protocol: 1 }, 'hello');
    await client.request({ type: 'pair.start' }, 'pair.started');
    const { token } = await client.request({ type: 'pair.confirm', code: codes[0]! }, 'paired');

    for (const generation of ['1.7', '1.8'] as const) {
      const profile = buildCardProfile(DEMO_IDENTITIES.francoise, pki, { generation });
      const card = await VirtualBeidCard.insert({ port: VPCD_PORTS.test, profile });
      await client.latest('status', (m) => m.readers.some((r) => r.name === READER && r.card === 'beid'), 10_000);
      const agentMs: number[] = [];
      const wallMs: number[] = [];
      const verifyMs: number[] = [];
      let apdus = 0;
      let bytes = 0;
      for (let run = 0; run < runs; run += 1) {
        const started = performance.now();
        const reply = (await client.exchange({ type: 'card.read', token, requestId: `bench-${generation}-${run}`, reader: READER }, 60_000)) as CardReadResult;
        wallMs.push(performance.now() - started);
        if (reply.type !== 'card.read.result') throw new Error(`read failed: ${JSON.stringify(reply)}`);
        agentMs.push(reply.stats.ms);
        apdus = reply.stats.apdus;
        const files = Object.fromEntries(Object.entries(reply.files).filter(([, v]) => v).map(([k, v]) => [k, Buffer.from(v as string, 'base64')]));
        bytes = Object.values(files).reduce((sum, file) => sum + file.length, 0);
        const verifyStarted = performance.now();
        const verdict = verifyBeidRead(files as unknown as Parameters<typeof verifyBeidRead>[0], { trustedRoots: roots, now: new Date() });
        verifyMs.push(performance.now() - verifyStarted);
        if (!verdict.ok) throw new Error(`verification refused: ${JSON.stringify(verdict.refusals)}`);
      }
      await card.remove();
      await client.latest('status', (m) => m.readers.some((r) => r.name === READER && r.card === 'absent'), 10_000);
      const label = generation === '1.7' ? 'applet 1.7 (RSA)' : 'applet 1.8 (ECDSA P-384)';
      rows.push([`card read, ${label}: agent / end to end (median of ${runs})`, `${Math.round(median(agentMs))} ms / ${Math.round(median(wallMs))} ms`]);
      rows.push([`APDUs and bytes read, ${label}`, `${apdus} APDUs, ${bytes} bytes`]);
      rows.push([`api verification (signatures, chain, hashes), ${label}`, `${median(verifyMs).toFixed(1)} ms`]);
      console.log(rows.slice(-3).map(([w, f]) => `${w}: ${f}`).join('\n'));
    }
  } finally {
    client.close();
    await agent.stop();
    await release();
    await pcscd.stop();
  }
  if (!values['no-write']) {
    writeBenchSection({
      title: 'Desk card read',
      intro: `\`npm run bench:card-read\` (bench/card-read.bench.ts) — the real PC/SC stack on ${machineLine()}: emulated card (tools/beid-emulator) in vsmartcard's vpcd reader → pcscd → pcsclite → desk agent → WebSocket client; then \`verifyBeidRead\` as the api runs it.`,
      rows,
      outro:
        'vpcd sends each response in two TCP writes; with Nagle and delayed ACK on loopback every APDU waits ≈ 40–50 ms, ' +
        'which is most of the read time here. A USB reader answers an APDU in a few ms, so a real card reads in about a second ' +
        '(the photo, ≈ 3 KB in 252-byte chunks, is most of the APDUs).',
    });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
