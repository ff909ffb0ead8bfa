import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVATION_CODE_ALPHABET } from '@sesame/domain';
import { DEMO_ACCOUNTS } from '../../tools/dev/demo-data';
import { DEMO_REQUESTER } from '../../tools/dev/demo-requester';
import { DEMO_VIDEO_FILE } from '../../tools/dev/demo-video';
import { readDemoTotpSecrets } from '../../tools/dev/seed';
import { formatFinding, scanLogFiles, type KnownSecret } from '../support/log-scan';
import { E2E_LOG_DIR, rememberedSecrets } from './run-record';

const ROOT = join(__dirname, '..', '..');
const ENV_SECRETS = ['SESSION_SECRET', 'PASSWORD_PEPPER', 'DATA_ENCRYPTION_KEY', 'CODE_PEPPER'] as const;
/** Every process of the run writes here (global-setup.ts); the seed's output too. */
const EXPECTED_FILES = ['api.log', 'worker.log', 'desk-agent.log', 'seed.log'];
const CODE = `[${ACTIVATION_CODE_ALPHABET}]`;

/**
 * Issue 6, "no secret or personal data in logs": runs after every other browser spec (the Jest
 * sequencer test/e2e/sequencer.js puts it last) and scans what api, worker, desk agent and demo seed
 * wrote during the run, at LOG_LEVEL=trace, for national numbers, e-mail addresses, activation and
 * security codes, secrets in URLs and JSON fields (test/support/log-scan.ts) and, verbatim, every
 * secret of the run: the env secrets, the demo passwords and TOTP secrets, the demo bookings' security
 * codes, what the other specs saw (codes, links, passwords, TOTP secrets, cookies) and the codes and
 * link tokens of every mail the run sent.
 */
describe('logs of the browser-test run', () => {
  it('hold no national number, e-mail address, code or secret', async () => {
    const files = readdirSync(E2E_LOG_DIR)
      .filter((name) => name.endsWith('.log'))
      .sort()
      .map((name) => join(E2E_LOG_DIR, name));
    expect(files.map((file) => file.slice(E2E_LOG_DIR.length + 1))).toEqual(expect.arrayContaining(EXPECTED_FILES));

    const secrets = await knownSecretsOfRun();
    const report = scanLogFiles(files, secrets);
    const api = readFileSync(join(E2E_LOG_DIR, 'api.log'), 'utf8');

    // Not vacuous: a run's worth of logs, with the requests of the three flows.
    expect(report.lines).toBeGreaterThan(300);
    expect(secrets.length).toBeGreaterThan(20);
    for (const flow of ['/api/desk/', '/api/niss/', '/api/requester/', '/api/video/', '/api/citizen/']) {
      expect(api).toContain(`"path":"${flow}`);
    }
    expect(readFileSync(join(E2E_LOG_DIR, 'desk-agent.log'), 'utf8')).toContain('agent: card read');
    expect(readFileSync(join(E2E_LOG_DIR, 'worker.log'), 'utf8')).toContain('document analysed');

    console.log(`log scan: ${report.files} files, ${report.lines} lines scanned, ${secrets.length} known secrets, findings ${report.findings.length}`);
    if (report.findings.length > 0) {
      throw new Error(`${report.findings.length} finding(s) in the logs of the run (${E2E_LOG_DIR}):\n${report.findings.map(formatFinding).join('\n')}`);
    }
  });
});

async function knownSecretsOfRun(): Promise<KnownSecret[]> {
  const secrets: KnownSecret[] = [];
  const add = (label: string, value: string | undefined | null) => {
    if (value) secrets.push({ label, value });
  };
  // The env secrets the system ran with (tools/dev/system.ts keeps them in .data/secrets.json).
  const kept = JSON.parse(readFileSync(join(ROOT, '.data', 'secrets.json'), 'utf8')) as Record<string, string>;
  for (const name of ENV_SECRETS) {
    add(name, kept[name]);
    add(name, process.env[name]);
  }
  // What `npm run demo:codes` prints: passwords, TOTP secrets, the demo bookings' security codes.
  for (const account of DEMO_ACCOUNTS) add(`demo password (${account.roles.join(',')})`, account.password);
  add('demo requester password', DEMO_REQUESTER.password);
  for (const secret of Object.values(readDemoTotpSecrets())) add('demo TOTP secret', secret);
  if (existsSync(DEMO_VIDEO_FILE)) {
    for (const booking of JSON.parse(readFileSync(DEMO_VIDEO_FILE, 'utf8')) as { securityCode: string }[]) add('demo security code', booking.securityCode);
  }
  // What the other specs saw.
  for (const seen of rememberedSecrets()) add(seen.kind, seen.value);
  // Every mail of the run: link tokens and activation codes.
  const mails = (await (await fetch(`${process.env.E2E_MAIL_CATCHER_URL}/messages`)).json()) as { text: string; html: string | null }[];
  for (const mail of mails) {
    const body = `${mail.text}\n${mail.html ?? ''}`;
    for (const match of body.matchAll(/[?&](?:t|token)=([A-Za-z0-9_-]{16,})/g)) add('mailed link token', match[1]);
    for (const match of body.matchAll(new RegExp(`${CODE}{5}(?:-${CODE}{5}){3}`, 'g'))) add('mailed activation code', match[0]);
  }
  return secrets;
}
