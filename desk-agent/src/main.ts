import { AgentConfigError, loadAgentConfig } from './agent.config';
import { startDeskAgent } from './desk-agent.factory';

/** Shows the pairing code on the desk PC's own screen, big enough to copy from across the desk. */
function printPairingCode(code: string, expiresAt: Date): void {
  const spaced = code.split('').join(' ');
  const until = expiresAt.toLocaleTimeString();
  const lines = ['', '  Sésame desk agent — pairing code', '', `        ${spaced}`, '', `  Type it in the console before ${until}.`, ''];
  const width = Math.max(...lines.map((line) => line.length)) + 2;
  const border = `+${'-'.repeat(width)}+`;
  process.stdout.write(`\n${border}\n${lines.map((line) => `|${line.padEnd(width)}|`).join('\n')}\n${border}\n\n`);
}

async function bootstrap(): Promise<void> {
  const config = loadAgentConfig(process.env);
  const agent = await startDeskAgent(config, { onPairingCode: printPairingCode });
  let stopping = false;
  const shutdown = (): void => {
    if (stopping) return;
    stopping = true;
    agent.stop().finally(() => process.exit(0));
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

bootstrap().catch((error: unknown) => {
  // Configuration errors name every bad variable; print them plainly and stop.
  console.error(error instanceof AgentConfigError || error instanceof Error ? error.message : error);
  process.exit(1);
});
