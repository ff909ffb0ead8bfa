/**
 * Keeps an emulated Belgian eID card in a vpcd virtual reader (for the demo and manual tests).
 *
 *   tsx tools/beid-emulator/cli.ts --port 35963 --identity francoise --generation 1.8 \
 *       [--defect expired] [--ca4] [--get-response] [--pki-dir .data/beid-test-pki] [--trace]
 *
 * The card is re-inserted when vpcd goes away and comes back (pcscd restart). Commands on stdin:
 *   insert <identity> [1.7|1.8] [<defect>] [ca4] [get-response] [after=<n>] [mid-command]
 *   remove | status | list | help | quit
 * `after=<n>` makes the card leave after n APDUs (defect remove-after, default 4); `mid-command`
 * makes it leave while the reader waits for the next answer (a 0-byte response).
 */
import * as path from 'node:path';
import * as readline from 'node:readline';
import { parseArgs } from 'node:util';
import { CARD_DEFECTS, type AppletGeneration, type CardDefect, type CardProfile } from './card-profile';
import { DEMO_IDENTITIES, DEMO_IDENTITY_KEYS, isDemoIdentityKey } from './demo-identities';
import { buildCardProfile, type BuildCardProfileOptions } from './identity-builder';
import { createTestPki, type TestPki } from './test-pki';
import { CardSlot } from './card-slot';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const DEFAULT_PKI_DIR = path.join(REPO_ROOT, '.data', 'beid-test-pki');

interface CardRequest {
  identity: string;
  options: BuildCardProfileOptions;
  removeMidCommand?: boolean;
}

function log(line: string): void {
  process.stdout.write(`[beid-emulator] ${line}\n`);
}

function isDefect(value: string): value is CardDefect {
  return (CARD_DEFECTS as readonly string[]).includes(value);
}

function isGeneration(value: string): value is AppletGeneration {
  return value === '1.7' || value === '1.8';
}

/** `francoise 1.8 expired ca4 get-response` → a card request (throws on an unknown word). */
export function parseCardRequest(words: string[]): CardRequest {
  const [identity, ...rest] = words;
  if (identity === undefined || !isDemoIdentityKey(identity)) {
    throw new Error(`Unknown identity "${identity ?? ''}". Known: ${DEMO_IDENTITY_KEYS.join(', ')}`);
  }
  const request: CardRequest = { identity, options: {} };
  const { options } = request;
  for (const word of rest) {
    const after = /^after=(\d+)$/.exec(word);
    if (isGeneration(word)) options.generation = word;
    else if (isDefect(word)) options.defect = word;
    else if (word === 'ca4') options.ca4 = true;
    else if (word === 'get-response') options.useGetResponse = true;
    else if (word === 'mid-command') request.removeMidCommand = true;
    else if (after !== null) {
      options.defect = 'remove-after';
      options.removeAfterApdus = Number(after[1]);
    } else {
      throw new Error(
        `Unknown word "${word}" (generations 1.7/1.8, defects ${CARD_DEFECTS.join(', ')}, ca4, get-response, after=<n>, mid-command)`,
      );
    }
  }
  return request;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '35963' },
      identity: { type: 'string' },
      'remove-after': { type: 'string' },
      'mid-command': { type: 'boolean', default: false },
      generation: { type: 'string' },
      defect: { type: 'string' },
      ca4: { type: 'boolean', default: false },
      'get-response': { type: 'boolean', default: false },
      'pki-dir': { type: 'string', default: DEFAULT_PKI_DIR },
      trace: { type: 'boolean', default: false },
      list: { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${helpText()}\n`);
    return;
  }
  if (values.list) {
    for (const key of DEMO_IDENTITY_KEYS) {
      const id = DEMO_IDENTITIES[key];
      process.stdout.write(`${key.padEnd(14)} ${id.firstNames} ${id.surname} (type ${id.documentType}, ${id.cardLanguage})\n`);
    }
    return;
  }

  const port = Number(values.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) throw new Error(`Invalid --port ${values.port}`);
  const pkiDir = path.resolve(values['pki-dir']);
  const pki: TestPki = await createTestPki(pkiDir);
  log(`test PKI in ${pkiDir} (trust anchor: ${path.join(pkiDir, 'root.pem')})`);

  const build = (request: CardRequest): CardProfile =>
    buildCardProfile(DEMO_IDENTITIES[request.identity as keyof typeof DEMO_IDENTITIES], pki, request.options);

  const slot = new CardSlot(values.host, port, log, values.trace);
  if (values.identity !== undefined) {
    const words = [values.identity];
    if (values.generation !== undefined) words.push(values.generation);
    if (values.defect !== undefined) words.push(values.defect);
    if (values.ca4) words.push('ca4');
    if (values['get-response']) words.push('get-response');
    if (values['remove-after'] !== undefined) words.push(`after=${values['remove-after']}`);
    if (values['mid-command']) words.push('mid-command');
    const request = parseCardRequest(words);
    await slot.insert(build(request), request.removeMidCommand);
  } else {
    log(`reader on port ${port} is empty; type "insert <identity>"`);
  }

  const shutdown = async (): Promise<void> => {
    await slot.remove();
    process.exit(0);
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());

  const input = readline.createInterface({ input: process.stdin, terminal: false });
  input.on('line', (line) => {
    const words = line.trim().split(/\s+/).filter((word) => word !== '');
    void handleCommand(words, slot, build, shutdown).catch((error: Error) => log(`error: ${error.message}`));
  });
  // stdin closing (a launcher with no terminal) does not stop the card: only a signal or "quit" does.
}

async function handleCommand(
  words: string[],
  slot: CardSlot,
  build: (request: CardRequest) => CardProfile,
  shutdown: () => Promise<void>,
): Promise<void> {
  const [command, ...rest] = words;
  switch (command) {
    case undefined:
      return;
    case 'insert': {
      const request = parseCardRequest(rest);
      await slot.insert(build(request), request.removeMidCommand);
      return;
    }
    case 'remove':
      await slot.remove();
      log('reader is empty');
      return;
    case 'status':
      log(slot.status());
      return;
    case 'list':
      log(DEMO_IDENTITY_KEYS.join(', '));
      return;
    case 'help':
      log(helpText());
      return;
    case 'quit':
    case 'exit':
      await shutdown();
      return;
    default:
      log(`unknown command "${command}" — try "help"`);
  }
}

function helpText(): string {
  return [
    'Options: --port 35963 --host 127.0.0.1 --identity <key> --generation 1.7|1.8 --defect <defect>',
    '         --ca4 --get-response --remove-after <n> --mid-command --pki-dir <dir> --trace --list',
    'Commands: insert <identity> [1.7|1.8] [<defect>] [ca4] [get-response] [after=<n>] [mid-command]',
    '          remove | status | list | help | quit',
    `Identities: ${DEMO_IDENTITY_KEYS.join(', ')}`,
    `Defects: ${CARD_DEFECTS.join(', ')}`,
  ].join('\n');
}

if (require.main === module) {
  main().catch((error: Error) => {
    log(`fatal: ${error.message}`);
    process.exit(1);
  });
}
