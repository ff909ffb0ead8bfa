import type { INestApplication } from '@nestjs/common';
import { Organisation, OrganisationMember } from '@sesame/database';
import { generate } from 'otplib';
import { randomInt } from 'node:crypto';
import sharp from 'sharp';
import { DataSource } from 'typeorm';
import { createActiveKey, TestDigitalKey } from './activation-factory';
import { ConsoleClient } from './console-client';

/** A valid enterprise number (BCE/KBO check digits) no other run is likely to use. */
export function uniqueEnterpriseNumber(): string {
  const base = randomInt(2_000_000, 19_999_999);
  return `${String(base).padStart(8, '0')}${String(97 - (base % 97)).padStart(2, '0')}`;
}

export async function createOrganisation(dataSource: DataSource, name = `Organisation ${randomInt(1e6)}`): Promise<Organisation> {
  const repository = dataSource.getRepository(Organisation);
  return repository.save(repository.create({ name, enterpriseNumber: uniqueEnterpriseNumber(), language: 'fr' }));
}

export interface TestRequester {
  client: ConsoleClient;
  key: TestDigitalKey;
  member: OrganisationMember;
}

/** A signed-in requester: an active TOTP digital key, a membership of `organisationId` on its e-mail, a logged-in citizen session. */
export async function signInRequester(app: INestApplication, server: ConstructorParameters<typeof ConsoleClient>[0], organisationId: string | null, language = 'en'): Promise<TestRequester> {
  const dataSource = app.get(DataSource);
  const key = await createActiveKey(app, { kind: 'totp' });
  let member: OrganisationMember | null = null;
  if (organisationId) {
    const repository = dataSource.getRepository(OrganisationMember);
    member = await repository.save(repository.create({ organisationId, email: key.email, displayName: `Requester ${key.username}`, role: 'requester', language }));
  }
  const client = new ConsoleClient(server, language);
  await client.get('/api/citizen/csrf');
  const login = await client.send('post', '/api/citizen/login', { username: key.username, password: key.password });
  if (login.status !== 200) throw new Error(`requester login: ${login.status} ${JSON.stringify(login.body)}`);
  const verify = await client.send('post', '/api/citizen/login/verify', { code: await generate({ secret: key.totpSecret! }) });
  if (verify.status !== 200) throw new Error(`requester verify: ${verify.status} ${JSON.stringify(verify.body)}`);
  return { client, key, member: member as OrganisationMember };
}

/** A small colour PNG (not an ID document: enough for the intake checks when no worker reads it). */
export function colourPng(seed = randomInt(255)): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 400, channels: 3, background: { r: seed, g: 120, b: 200 } } }).png().toBuffer();
}
