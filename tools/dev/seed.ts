/**
 * Demo data for development: registration offices, one enrolled staff account per role, and a NISS
 * requester (organisation + digital key) with a few requests.
 * Idempotent. The TOTP secrets are made per machine and kept in .data/demo-totp.json (mode 0600);
 * `npm run demo:codes` prints the current codes.
 */
import 'reflect-metadata';
import { generateSecret } from 'otplib';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { PasswordService } from '../../api/src/auth/password.service';
import { SecretsService } from '../../api/src/common/secrets.service';
import { loadConfig } from '../../libs/config/src';
import { dataSourceOptions, Staff } from '../../libs/database/src';
import { loadLocalEnv } from '../local-env';
import { DEMO_ACCOUNTS, seedMunicipalities, staffExists } from './demo-data';
import { seedDemoNissTickets } from './demo-niss-tickets';
import { seedDemoVideoAvailability, seedDemoVideoBookings } from './demo-video';
import { seedDemoRequester } from './demo-requester';
import { generatePersons } from './persons-generator';

/** Synthetic persons the demo register holds (NISS candidate search). */
const DEMO_PERSONS = 10_000;

export const DEMO_TOTP_FILE = join(__dirname, '..', '..', '.data', 'demo-totp.json');

export function readDemoTotpSecrets(): Record<string, string> {
  return existsSync(DEMO_TOTP_FILE) ? (JSON.parse(readFileSync(DEMO_TOTP_FILE, 'utf8')) as Record<string, string>) : {};
}

export async function seedDemo(): Promise<{ created: string[] }> {
  const config = loadConfig();
  const passwords = new PasswordService(config);
  const secrets = new SecretsService(config);
  const dataSource = await new DataSource(dataSourceOptions(config.DATABASE_URL, { applicationName: 'sesame-seed', poolSize: 2 })).initialize();
  const totpSecrets = readDemoTotpSecrets();
  const created: string[] = [];
  try {
    await seedMunicipalities(dataSource);
    // Counted, not named: the seed's output is captured with the logs of the browser tests, which
    // must hold no e-mail address (test/e2e/log-scan.e2e-spec.ts).
    let staffAccounts = 0;
    for (const account of DEMO_ACCOUNTS) {
      if (await staffExists(dataSource, account.email)) continue;
      const secret = (totpSecrets[account.email] ??= generateSecret());
      const repository = dataSource.getRepository(Staff);
      await repository.save(
        repository.create({
          email: account.email,
          displayName: account.displayName,
          language: account.language,
          passwordHash: await passwords.hash(account.password),
          municipalityNisCode: account.municipalityNisCode,
          roles: account.roles.map((role) => ({ role })),
          totpSecretEnc: secrets.encrypt(secret),
          totpEnrolledAt: new Date(),
        }),
      );
      staffAccounts += 1;
    }
    if (staffAccounts > 0) created.push(`${staffAccounts} staff account${staffAccounts === 1 ? '' : 's'}`);
    created.push(...(await seedDemoRequester(dataSource, { passwords, secrets, totpSecrets })));
    writeFileSync(DEMO_TOTP_FILE, JSON.stringify(totpSecrets, null, 2), { mode: 0o600 });
    const persons = await generatePersons({ databaseUrl: config.DATABASE_URL, count: DEMO_PERSONS, ensure: true });
    if (persons.inserted > 0) created.push(`${persons.inserted} synthetic persons`);
    // After the register: one demo request is identified at once against it.
    created.push(...(await seedDemoNissTickets(dataSource, config)));
    created.push(...(await seedDemoVideoAvailability(dataSource, config)));
    created.push(...(await seedDemoVideoBookings(dataSource, config)));
  } finally {
    await dataSource.destroy();
  }
  return { created };
}

if (require.main === module) {
  loadLocalEnv();
  seedDemo().then(
    ({ created }) => console.log(created.length ? `created ${created.join(', ')}` : 'demo data already present'),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    },
  );
}
