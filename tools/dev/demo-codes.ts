/** npm run demo:codes — the current TOTP code of every demo account (development only). */
import { existsSync, readFileSync } from 'node:fs';
import { generate } from 'otplib';
import { DEMO_ACCOUNTS } from './demo-data';
import { DEMO_REQUESTER } from './demo-requester';
import { DEMO_VIDEO_FILE } from './demo-video';
import { readDemoTotpSecrets } from './seed';

export async function printDemoAccounts(): Promise<void> {
  const secrets = readDemoTotpSecrets();
  const remaining = 30 - (Math.floor(Date.now() / 1000) % 30);
  console.log(`  ${'e-mail'.padEnd(36)} ${'password'.padEnd(22)} ${'role'.padEnd(14)} TOTP now (${remaining}s left)`);
  for (const account of DEMO_ACCOUNTS) {
    const secret = secrets[account.email];
    const code = secret ? await generate({ secret }) : '(not seeded)';
    console.log(`  ${account.email.padEnd(36)} ${account.password.padEnd(22)} ${account.roles.join(',').padEnd(14)} ${code}`);
  }
  const requesterSecret = secrets[DEMO_REQUESTER.email];
  const requesterCode = requesterSecret ? await generate({ secret: requesterSecret }) : '(not seeded)';
  console.log(`  NISS requester at /citizen/login, then /requester: username ${DEMO_REQUESTER.username}, password ${DEMO_REQUESTER.password}, TOTP ${requesterCode}`);
  console.log('  Authenticator-app secrets (to add the accounts to a phone) are in .data/demo-totp.json.');
  if (existsSync(DEMO_VIDEO_FILE)) {
    const bookings = JSON.parse(readFileSync(DEMO_VIDEO_FILE, 'utf8')) as { reference: string; email: string; securityCode: string }[];
    for (const booking of bookings) {
      console.log(`  Video booking ${booking.reference} (${booking.email}): security code ${booking.securityCode}; its link is in the dev mailbox`);
    }
  }
}

if (require.main === module) {
  void printDemoAccounts();
}
