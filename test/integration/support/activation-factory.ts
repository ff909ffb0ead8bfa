import type { INestApplication } from '@nestjs/common';
import { APP_CONFIG, AppConfig, createSealer } from '@sesame/config';
import { ActivationCode, ActivationLetter, activationLetterSealContext, DigitalKey, DigitalKeyKind, IdentityEvidence, Person, Staff } from '@sesame/database';
import { formatActivationCode, generateActivationCode, keyedHash, normalizeActivationCode, personNameKeys, randomToken } from '@sesame/domain';
import { generateSecret } from 'otplib';
import { createHash, randomBytes, randomInt, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { PasswordService } from '../../../api/src/auth/password.service';
import { CitizenCodesService } from '../../../api/src/activation/citizen-codes.service';
import { uniqueEmail } from './factories';

export interface TestPerson {
  id: string;
  givenNames: string;
  surname: string;
  language: string;
}

export interface TestActivationCode {
  id: string;
  person: TestPerson;
  evidenceId: string;
  /** As printed on the letter: XXXXX-XXXXX-XXXXX-XXXXX. */
  code: string;
  /** The token of the activation link (`/activate?t=<token>`). */
  token: string;
  email: string;
}

export interface TestDigitalKey {
  id: string;
  person: TestPerson;
  activationCodeId: string;
  kind: DigitalKeyKind;
  email: string;
  username: string;
  password: string;
  phone: string | null;
  totpSecret: string | null;
}

/** A valid Belgian national number (check digits computed, 20th-century birth) that is unlikely to repeat. */
function nationalNumber(): string {
  const year = 40 + randomInt(60);
  const month = 1 + randomInt(12);
  const day = 1 + randomInt(28);
  const base = `${String(year).padStart(2, '0')}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${String(1 + randomInt(997)).padStart(3, '0')}`;
  return `${base}${String(97 - (Number(base) % 97)).padStart(2, '0')}`;
}

async function createPerson(dataSource: DataSource, options: { language?: string; givenNames?: string; surname?: string }): Promise<TestPerson> {
  const repository = dataSource.getRepository(Person);
  for (;;) {
    const candidate = nationalNumber();
    if (await repository.existsBy({ nationalNumber: candidate })) continue;
    const givenNames = options.givenNames ?? 'Jan Pieter';
    const surname = options.surname ?? `Peeters-${randomBytes(3).toString('hex')}`;
    const person = await repository.save(
      repository.create({
        nationalNumber: candidate,
        givenNames,
        surname,
        // The search keys the application writes with every person (desk, register).
        ...personNameKeys(surname, givenNames),
        birthDate: '1985-07-30',
        sex: 'M',
        nationality: 'Belg',
        language: options.language ?? 'fr',
      }),
    );
    return { id: person.id, givenNames: person.givenNames, surname: person.surname, language: person.language };
  }
}

const clerks = new WeakMap<DataSource, Promise<string>>();

/** The clerk who checks evidence and issues codes in these fixtures (one per database connection; never signs in). */
function fixtureClerk(dataSource: DataSource): Promise<string> {
  let clerk = clerks.get(dataSource);
  if (!clerk) {
    const repository = dataSource.getRepository(Staff);
    clerk = repository
      .save(repository.create({ email: uniqueEmail('fixture-clerk'), displayName: 'Fixture clerk', language: 'fr', passwordHash: '!', roles: [{ role: 'clerk' }] }))
      .then((staff) => staff.id);
    clerks.set(dataSource, clerk);
  }
  return clerk;
}

/**
 * A person, the evidence a clerk checked, and an issued activation code with its letter row, written
 * straight to the database with a known code and link token (hashed as the desk hashes them).
 */
export async function createActivationCode(
  app: INestApplication,
  options: {
    email?: string;
    language?: string;
    givenNames?: string;
    surname?: string;
    expiresAt?: Date;
    status?: ActivationCode['status'];
    failedAttempts?: number;
  } = {},
): Promise<TestActivationCode> {
  const dataSource = app.get(DataSource);
  const config = app.get<AppConfig>(APP_CONFIG);
  const person = await createPerson(dataSource, options);
  const clerkId = await fixtureClerk(dataSource);
  const evidence = await dataSource.getRepository(IdentityEvidence).save(
    dataSource.getRepository(IdentityEvidence).create({
      personId: person.id,
      kind: 'travel_document',
      documentNumber: `EM${randomInt(1e6, 1e7)}`,
      documentType: 'P',
      issuingState: 'BEL',
      validUntil: '2031-05-10',
      evidenceHash: randomBytes(32).toString('hex'),
      municipalityNisCode: null,
      checkedBy: clerkId,
    }),
  );
  const id = randomUUID();
  const code = generateActivationCode();
  const canonical = normalizeActivationCode(code) as string;
  const token = randomToken(32);
  const status = options.status ?? 'issued';
  const email = (options.email ?? uniqueEmail('citizen')).toLowerCase();
  await dataSource.getRepository(ActivationCode).insert({
    id,
    personId: person.id,
    evidenceId: evidence.id,
    status,
    channel: 'desk',
    codeHash: keyedHash(config.CODE_PEPPER, 'activation-code', canonical),
    linkTokenHash: keyedHash(config.CODE_PEPPER, 'activation-link', token),
    letterCodeSealed: status === 'issued' ? createSealer(config.DATA_ENCRYPTION_KEY).seal(formatActivationCode(canonical), activationLetterSealContext(id)) : null,
    email,
    language: options.language ?? 'fr',
    municipalityNisCode: null,
    issuedBy: clerkId,
    expiresAt: options.expiresAt ?? new Date(Date.now() + 14 * 24 * 3600 * 1000),
    failedAttempts: options.failedAttempts ?? 0,
    endedAt: status === 'issued' ? null : new Date(),
    endReason: status === 'issued' ? null : 'test',
  });
  if (status === 'issued') {
    const pdf = Buffer.from(`%PDF-1.4 test letter ${id}`);
    await dataSource.getRepository(ActivationLetter).insert({
      activationCodeId: id,
      pdf,
      sha256: createHash('sha256').update(pdf).digest('hex'),
      renderedAt: new Date(),
    });
  }
  return { id, person, evidenceId: evidence.id, code, token, email };
}

/**
 * An active digital key (and the consumed activation code it came from), ready to log in with:
 * e-mail or SMS codes, or an authenticator app whose secret is returned.
 */
export async function createActiveKey(
  app: INestApplication,
  options: { kind?: DigitalKeyKind; email?: string; language?: string; phone?: string; givenNames?: string; surname?: string } = {},
): Promise<TestDigitalKey> {
  const dataSource = app.get(DataSource);
  const activation = await createActivationCode(app, { ...options, status: 'consumed' });
  const kind = options.kind ?? 'email_code';
  const id = randomUUID();
  const username = `user.${randomBytes(5).toString('hex')}`;
  const password = `Pw-${randomBytes(9).toString('base64url')}`;
  const phone = kind === 'sms_code' ? (options.phone ?? `+32470${String(randomInt(1e6)).padStart(6, '0')}`) : null;
  let totpSecret: string | null = null;
  let totpSecretEnc: string | null = null;
  if (kind === 'totp') {
    totpSecret = generateSecret();
    totpSecretEnc = app.get(CitizenCodesService).sealTotpSecret(id, totpSecret);
  }
  await dataSource.getRepository(DigitalKey).insert({
    id,
    personId: activation.person.id,
    activationCodeId: activation.id,
    kind,
    status: 'active',
    email: activation.email,
    username,
    passwordHash: await app.get(PasswordService).hash(password),
    phone,
    totpSecretEnc,
    activatedAt: new Date(),
  });
  return { id, person: activation.person, activationCodeId: activation.id, kind, email: activation.email, username, password, phone, totpSecret };
}

/** The code carried by the newest `mail.send` of `template` to `to`, read from the outbox (no worker needed). */
export async function codeFromOutbox(dataSource: DataSource, to: string, template: string): Promise<string> {
  const rows = await dataSource.query<{ payload: { params: { code?: string } } }[]>(
    `SELECT "payload" FROM "outbox_message" WHERE "job_name" = 'mail.send' AND "payload"->>'to' = $1 AND "payload"->>'template' = $2 ORDER BY "id" DESC LIMIT 1`,
    [to, template],
  );
  const code = rows[0]?.payload.params.code;
  if (!code) throw new Error(`no ${template} mail to ${to} in the outbox`);
  return code;
}

/** Waits until the development SMS provider kept a text for `phone` that `accept` takes (the worker must run). */
export async function waitForSms(dataSource: DataSource, phone: string, accept: (body: string) => boolean = () => true, timeoutMs = 15_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await dataSource.query<{ body: string }[]>(
      `SELECT "body" FROM "sms_message" WHERE "to_phone" = $1 AND "body" IS NOT NULL ORDER BY "sent_at" DESC`,
      [phone],
    );
    const found = rows.find((row) => accept(row.body));
    if (found) return found.body;
    if (Date.now() > deadline) throw new Error(`no SMS to ${phone} in time`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The six-digit code in a mail or SMS text. */
export function codeIn(text: string): string {
  const match = /\b(\d{6})\b/.exec(text);
  if (!match) throw new Error(`no code in: ${text}`);
  return match[1];
}

/** A Belgian mobile number no other test uses. */
export const uniquePhone = (): string => `+32470${String(randomInt(1e6)).padStart(6, '0')}`;
