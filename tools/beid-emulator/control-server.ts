import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CARD_DEFECTS, type AppletGeneration, type CardDefect } from './card-profile';
import type { CardSlot, CardSlotStatus } from './card-slot';
import { DEMO_IDENTITIES, DEMO_IDENTITY_KEYS, isDemoIdentityKey, type DemoIdentityKey } from './demo-identities';
import { buildCardProfile } from './identity-builder';
import type { TestPki } from './test-pki';

/** What the demo's card picker may ask for (remove-after needs a count, so it stays a CLI feature). */
export const PICKABLE_DEFECTS = CARD_DEFECTS.filter((defect) => defect !== 'remove-after');

/** How long a PUT waits for vpcd to take the card before answering (then `inserted` says false). */
const INSERT_WAIT_MS = 5_000;

export interface VirtualCardChoice {
  identity: DemoIdentityKey;
  generation: AppletGeneration;
  defect: CardDefect | null;
}

export interface VirtualCardState extends CardSlotStatus {
  choice: VirtualCardChoice | null;
  identities: { key: DemoIdentityKey; name: string; documentType: string }[];
  generations: AppletGeneration[];
  defects: CardDefect[];
}

export interface CardControlServer {
  url: string;
  stop(): Promise<void>;
}

/** Validates a picker request; returns the reason when it is not one the emulator can make. */
export function parseVirtualCardChoice(body: unknown): VirtualCardChoice | string {
  if (typeof body !== 'object' || body === null) return 'expected a JSON object';
  const { identity, generation = '1.8', defect = null } = body as Record<string, unknown>;
  if (typeof identity !== 'string' || !isDemoIdentityKey(identity)) return `identity must be one of ${DEMO_IDENTITY_KEYS.join(', ')}`;
  if (generation !== '1.7' && generation !== '1.8') return 'generation must be 1.7 or 1.8';
  if (defect !== null && (typeof defect !== 'string' || !(PICKABLE_DEFECTS as readonly string[]).includes(defect))) {
    return `defect must be null or one of ${PICKABLE_DEFECTS.join(', ')}`;
  }
  return { identity, generation, defect: defect as CardDefect | null };
}

/**
 * The demo's "virtual card" picker: a small JSON endpoint on 127.0.0.1 that puts a chosen demo card
 * into the demo reader (GET /card, PUT /card {identity, generation, defect}, DELETE /card). `npm start`
 * runs it; the api's development-only /api/dev/virtual-card forwards the console's picker to it.
 */
export async function startCardControlServer(slot: CardSlot, pki: TestPki, port = 0): Promise<CardControlServer> {
  let choice: VirtualCardChoice | null = null;
  const state = (): VirtualCardState => ({
    ...slot.state(),
    choice,
    identities: DEMO_IDENTITY_KEYS.map((key) => ({
      key,
      name: `${DEMO_IDENTITIES[key].firstNames} ${DEMO_IDENTITIES[key].surname}`,
      documentType: String(DEMO_IDENTITIES[key].documentType),
    })),
    generations: ['1.7', '1.8'],
    defects: [...PICKABLE_DEFECTS],
  });

  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const send = (status: number, body: unknown): void => {
      response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(body));
    };
    if (request.url !== '/card') return send(404, { message: 'not found' });
    if (request.method === 'GET') return send(200, state());
    if (request.method === 'DELETE') {
      choice = null;
      await slot.remove();
      return send(200, state());
    }
    if (request.method !== 'PUT') return send(405, { message: 'method not allowed' });
    let body: unknown;
    try {
      body = JSON.parse(await readBody(request, 4096));
    } catch (error) {
      return send(error instanceof BodyTooLarge ? 413 : 400, { message: (error as Error).message });
    }
    const parsed = parseVirtualCardChoice(body);
    if (typeof parsed === 'string') return send(400, { message: parsed });
    choice = parsed;
    const profile = buildCardProfile(DEMO_IDENTITIES[parsed.identity], pki, {
      generation: parsed.generation,
      ...(parsed.defect === null ? {} : { defect: parsed.defect }),
    });
    await slot.insert(profile, false, INSERT_WAIT_MS);
    return send(200, state());
  };

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      if (!response.headersSent) response.writeHead(500, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: error.message }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

class BodyTooLarge extends Error {}

/** The body as text; past `limit` bytes the rest is read and dropped, and the promise rejects. */
function readBody(request: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    request.on('end', () => {
      if (size > limit) reject(new BodyTooLarge(`body larger than ${limit} bytes`));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    request.on('error', reject);
  });
}
