/** npm run demo:codes — the current TOTP code of every demo account (development only). */
import { generate } from 'otplib';
import { DEMO_ACCOUNTS } from './demo-data';
import { DEMO_REQUESTER } from './demo-requester';
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
}

if (require.main === module) {
  void printDemoAccounts();
}
