/**
 * npm start — the whole of Sésame on this machine with demo data:
 * PostgreSQL (DATABASE_URL, the local server, or an embedded one), Redis (REDIS_URL, the local server,
 * or one started here), the mail catcher, migrations, demo seed, then api + worker + console.
 */
import { VPCD_PORTS, VPCD_READER_NAMES } from '../beid-emulator';
import { writeLocalEnv } from '../local-env';
import { printDemoAccounts } from './demo-codes';
import { buildAll } from './processes';
import { seedDemo } from './seed';
import { startSystem } from './system';

async function main(): Promise<void> {
  const log = (message: string): void => console.log(`  · ${message}`);
  console.log('Sésame — starting (Ctrl+C stops everything)');
  if (process.env.SESAME_SKIP_BUILD !== '1') buildAll();
  const system = await startSystem({
    database: 'sesame',
    mailPorts: { smtp: 1025, http: 1080 },
    log,
    // The demo desk: an emulated eID in the "Virtual PCD 00 00" reader; the desk page can swap it.
    cardReader: { vpcdPort: VPCD_PORTS.demo, readerName: VPCD_READER_NAMES.demo, agentPort: 35990, initialCard: 'francoise', required: false },
  });
  writeLocalEnv(system.env);
  Object.assign(process.env, system.env);
  const { created } = await seedDemo();
  if (created.length) log(`demo accounts created: ${created.length}`);

  console.log(`
Sésame is running.
  Staff console     ${system.baseUrl}/
  API (OpenAPI)     ${system.baseUrl}/api/docs
  Health / metrics  ${system.baseUrl}/health   ${system.baseUrl}/metrics
  Mail catcher      ${system.env.MAIL_CATCHER_URL}/messages  (SMTP ${system.env.SMTP_URL}; also "Dev mailbox" in the console)
  Desk card reader  ${system.env.DESK_AGENT_URL ? `desk agent ${system.env.DESK_AGENT_URL}, a virtual eID in "${VPCD_READER_NAMES.demo}" (swap it on the Desk page); pairing codes appear below as [desk-agent]` : 'not available (see above)'}

Demo accounts (sign in with e-mail, password, then the 6-digit code; \`npm run demo:codes\` prints fresh codes):`);
  await printDemoAccounts();

  let stopping = false;
  const shutdown = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    console.log('\nstopping…');
    await system.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown());
  process.on('SIGTERM', () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
