import type { INestApplicationContext } from '@nestjs/common';
import { ActivationCode, ActivationLetter, AuditEntry, DigitalKey, IdentityEvidence, Person } from '@sesame/database';
import type { BeidRawFiles } from '@sesame/desk-protocol';
import { keyedHash, normalizeActivationCode } from '@sesame/domain';
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toRawFiles } from '../../../desk-agent/src/card/card-read-result';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff, ensureMunicipality, uniqueEmail } from '../../../test/integration/support/factories';
import { startWorker } from '../../../test/integration/support/worker-harness';
import { buildCardProfile, createTestPki, DEMO_IDENTITIES, type CardDefect, type CardholderIdentity, type TestPki } from '../../../tools/beid-emulator';
import { startMailCatcher, type MailCatcher } from '../../../tools/mail-catcher';

const OWN = '21004';
const OTHER = '63023';

/** ICAO 9303 check digit (weights 7, 3, 1). */
function checkDigit(value: string): string {
  const weights = [7, 3, 1];
  let sum = 0;
  for (let i = 0; i < value.length; i += 1) {
    const c = value[i];
    const n = c === '<' ? 0 : /\d/.test(c) ? Number(c) : c.charCodeAt(0) - 55;
    sum += n * weights[i % 3];
  }
  return String(sum % 10);
}
const pad = (value: string, length: number): string => value.padEnd(length, '<').slice(0, length);

/** A TD3 passport MRZ with correct check digits. */
function passportMrz(o: { state: string; surname: string; given: string; number: string; birth: string; sex: 'M' | 'F'; expiry: string }): string {
  const line1 = pad(`P<${o.state}${o.surname}<<${o.given.replace(/ /g, '<')}`, 44);
  const doc = pad(o.number, 9);
  const personal = pad('', 14);
  const body = `${doc}${checkDigit(doc)}${o.state}${o.birth}${checkDigit(o.birth)}${o.sex}${o.expiry}${checkDigit(o.expiry)}${personal}${checkDigit(personal)}`;
  const composite = checkDigit(body.slice(0, 10) + body.slice(13, 20) + body.slice(21, 43));
  return `${line1}\n${body}${composite}`;
}

/** A TD1 identity-card MRZ with correct check digits. */
function idCardMrz(o: { state: string; surname: string; given: string; number: string; birth: string; sex: 'M' | 'F'; expiry: string }): string {
  const doc = pad(o.number, 9);
  const line1 = pad(`ID${o.state}${doc}${checkDigit(doc)}`, 30);
  const start = `${o.birth}${checkDigit(o.birth)}${o.sex}${o.expiry}${checkDigit(o.expiry)}${o.state}${pad('', 11)}`;
  const composite = checkDigit(line1.slice(5, 30) + start.slice(0, 7) + start.slice(8, 15) + start.slice(18, 29));
  return `${line1}\n${start}${composite}\n${pad(`${o.surname}<<${o.given.replace(/ /g, '<')}`, 30)}`;
}

const yymmdd = (date: Date): string => date.toISOString().slice(2, 10).replace(/-/g, '');

describe('Municipal desk: card verification, activation code, letter and e-mail (integration)', () => {
  let catcher: MailCatcher;
  let api: ApiHarness;
  let worker: INestApplicationContext;
  let pki: TestPki;
  let clerk: ConsoleClient;
  let otherClerk: ConsoleClient;
  const identities = Object.values(DEMO_IDENTITIES) as CardholderIdentity[];

  /** A fresh cardholder (unique national number) based on a demo identity. */
  const cardholder = (index = 0): CardholderIdentity => identities[index % identities.length];

  const filesOf = (identity: CardholderIdentity, generation: '1.7' | '1.8', defect?: CardDefect): BeidRawFiles => toRawFiles(buildCardProfile(identity, pki, { generation, defect }).files);

  beforeAll(async () => {
    pki = await createTestPki(join(__dirname, '..', '..', '..', '.data', 'beid-test-pki'));
    catcher = await startMailCatcher({});
    const env = { SMTP_URL: catcher.smtpUrl, BULLMQ_PREFIX: `d${randomBytes(5).toString('hex')}` };
    api = await startApi(env);
    worker = await startWorker(env);
    await ensureMunicipality(api.dataSource, OTHER);
    clerk = new ConsoleClient(api.server, 'en');
    await clerk.signIn(await createStaff(api.app, { roles: ['clerk'], municipalityNisCode: OWN }));
    otherClerk = new ConsoleClient(api.server, 'fr');
    await otherClerk.signIn(await createStaff(api.app, { roles: ['clerk'], municipalityNisCode: OTHER }));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await catcher?.stop();
  });

  it.each(['1.7', '1.8'] as const)('accepts a genuine applet %s card read and records person, evidence and audit', async (generation) => {
    const identity = cardholder(generation === '1.7' ? 0 : 1);
    const response = await clerk.post('/api/desk/card-reads', { files: filesOf(identity, generation) });
    expect(response.status).toBe(200);
    expect(response.body.person).toMatchObject({ nationalNumber: identity.nationalNumber, surname: identity.surname });
    expect(response.body.evidence).toMatchObject({ kind: 'beid_card', issuingState: 'BEL', algorithm: generation === '1.8' ? 'ecdsa-p384-sha384' : expect.stringMatching(/^rsa-/) });
    const evidence = await api.dataSource.getRepository(IdentityEvidence).findOneByOrFail({ id: response.body.evidence.id });
    expect(evidence.municipalityNisCode).toBe(OWN);
    expect(await api.dataSource.getRepository(AuditEntry).countBy({ action: 'desk.card_verified', subjectId: response.body.person.id })).toBeGreaterThan(0);
  });

  it.each([
    ['tampered-identity', 'identity_signature'],
    ['bad-signature', 'identity_signature'],
    ['wrong-photo-hash', 'photo_hash'],
    ['expired', 'card_expired'],
    ['untrusted', 'certificate_untrusted'],
    ['truncated', 'format'],
  ] as [CardDefect, string][])('refuses a card with defect %s (reason %s), audits the refusal and records nothing else', async (defect, reason) => {
    const persons = await api.dataSource.getRepository(Person).count();
    const evidences = await api.dataSource.getRepository(IdentityEvidence).count();
    const refusals = await api.dataSource.getRepository(AuditEntry).countBy({ action: 'desk.card_refused' });
    const response = await clerk.post('/api/desk/card-reads', { files: filesOf(cardholder(2), '1.8', defect) });
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('desk.card_refused');
    expect(response.body.reasons).toContain(reason);
    expect(response.body.message).toMatch(/cannot be accepted/);
    expect(await api.dataSource.getRepository(Person).count()).toBe(persons);
    expect(await api.dataSource.getRepository(IdentityEvidence).count()).toBe(evidences);
    expect(await api.dataSource.getRepository(AuditEntry).countBy({ action: 'desk.card_refused' })).toBe(refusals + 1);
  });

  it('refuses a missing files object with a 400, not a 500', async () => {
    const response = await clerk.post('/api/desk/card-reads', {});
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('error.validation');
  });

  it('refuses garbage instead of card files with a 400, in the clerk’s language', async () => {
    const response = await otherClerk.post('/api/desk/card-reads', { files: { identity: 'not base64!', identitySignature: '', address: 'AA==' } });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('error.validation');
  });

  it('issues a code: letter rendered by the worker with the code, e-mail with the link, prints recorded, revocation voids the letter', async () => {
    const identity = cardholder(3);
    const read = await clerk.post('/api/desk/card-reads', { files: filesOf(identity, '1.7') });
    expect(read.status).toBe(200);
    const email = uniqueEmail('citizen');
    const issued = await clerk.post('/api/desk/activation-codes', { evidenceId: read.body.evidence.id, email, language: 'nl' });
    expect(issued.status).toBe(201);
    expect(issued.body).toMatchObject({ state: 'issued', email, language: 'nl', printCount: 0 });
    expect(JSON.stringify(issued.body)).not.toMatch(/[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}/);
    const id: string = issued.body.id;

    // The other municipality cannot see it: same answer as a missing code.
    expect((await otherClerk.get(`/api/desk/activation-codes/${id}`)).status).toBe(404);

    let letter = await clerk.download(`/api/desk/activation-codes/${id}/letter`);
    for (let i = 0; i < 100 && letter.status === 409; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      letter = await clerk.download(`/api/desk/activation-codes/${id}/letter`);
    }
    expect(letter.status).toBe(200);
    expect(letter.headers['content-type']).toBe('application/pdf');
    const dir = mkdtempSync(join(tmpdir(), 'letter-'));
    writeFileSync(join(dir, 'letter.pdf'), letter.body as Buffer);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'letter.pdf'), '-'], { encoding: 'utf8' });
    expect(text).toContain('Activering van uw digitale sleutel');
    expect(text).toContain(identity.surname);
    const printed = text.match(/\b([A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})\b/);
    expect(printed).not.toBeNull();
    const row = await api.dataSource.getRepository(ActivationCode).findOneByOrFail({ id });
    const canonical = normalizeActivationCode(printed![1]);
    expect(canonical).not.toBeNull();
    expect(keyedHash(process.env.CODE_PEPPER as string, 'activation-code', canonical as string)).toBe(row.codeHash);

    const mail = await catcher.waitFor((message) => message.to.includes(email));
    expect(mail.subject).toBe('Mijn digitale sleutels: activering');
    const link = mail.text.match(/https?:\/\/\S+\/activate\?t=([A-Za-z0-9_-]+)/);
    expect(link).not.toBeNull();
    expect(keyedHash(process.env.CODE_PEPPER as string, 'activation-link', link![1])).toBe(row.linkTokenHash);
    expect(mail.text).not.toContain(printed![1]);

    const first = await clerk.post(`/api/desk/activation-codes/${id}/prints`);
    expect(first.body).toMatchObject({ state: 'printed', printCount: 1 });
    const second = await clerk.post(`/api/desk/activation-codes/${id}/prints`);
    expect(second.body.printCount).toBe(2);
    expect(await api.dataSource.getRepository(AuditEntry).countBy({ action: 'activation_code.reprinted', subjectId: id })).toBe(1);
    const reprint = await clerk.download(`/api/desk/activation-codes/${id}/letter`);
    expect(Buffer.compare(reprint.body as Buffer, letter.body as Buffer)).toBe(0);

    const today = await clerk.get('/api/desk/activation-codes');
    expect(today.body.map((code: { id: string }) => code.id)).toContain(id);

    const revoked = await clerk.post(`/api/desk/activation-codes/${id}/revoke`);
    expect(revoked.body.state).toBe('revoked');
    const after = await api.dataSource.getRepository(ActivationCode).findOneByOrFail({ id });
    expect(after.letterCodeSealed).toBeNull();
    expect(await api.dataSource.getRepository(ActivationLetter).existsBy({ activationCodeId: id })).toBe(false);
    const voided = await clerk.download(`/api/desk/activation-codes/${id}/letter`);
    expect(voided.status).toBe(409);
    expect(voided.body.code).toBe('desk.code_not_live');
    expect((await clerk.post(`/api/desk/activation-codes/${id}/prints`)).status).toBe(409);
  });

  it('keeps one live code per person: a new code revokes the old one', async () => {
    const read = await clerk.post('/api/desk/card-reads', { files: filesOf(cardholder(4), '1.8') });
    const first = await clerk.post('/api/desk/activation-codes', { evidenceId: read.body.evidence.id, email: uniqueEmail('c'), language: 'fr' });
    const second = await clerk.post('/api/desk/activation-codes', { evidenceId: read.body.evidence.id, email: uniqueEmail('c'), language: 'fr' });
    expect(second.status).toBe(201);
    const old = await api.dataSource.getRepository(ActivationCode).findOneByOrFail({ id: first.body.id });
    expect(old).toMatchObject({ status: 'revoked', endReason: 'reissued', letterCodeSealed: null });
  });

  it('e-mail guard: keys already on the e-mail are reported and must be confirmed', async () => {
    const read = await clerk.post('/api/desk/card-reads', { files: filesOf(cardholder(5), '1.7') });
    const email = uniqueEmail('reused');
    const other = await clerk.post('/api/desk/card-reads', { files: filesOf(cardholder(0), '1.8') });
    const priorCode = await clerk.post('/api/desk/activation-codes', { evidenceId: other.body.evidence.id, email, language: 'en' });
    await api.dataSource.getRepository(DigitalKey).insert({
      id: randomUUID(),
      personId: other.body.person.id,
      activationCodeId: priorCode.body.id,
      kind: 'email_code',
      status: 'active',
      email,
      username: `u${randomBytes(4).toString('hex')}`,
      activatedAt: new Date(),
    });
    expect((await clerk.get(`/api/desk/email-check?email=${encodeURIComponent(email.toUpperCase())}`)).body).toEqual({ activeKeys: 1 });
    const refused = await clerk.post('/api/desk/activation-codes', { evidenceId: read.body.evidence.id, email, language: 'en' });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'desk.keys_confirmation_required', activeKeys: 1 });
    const confirmed = await clerk.post('/api/desk/activation-codes', { evidenceId: read.body.evidence.id, email, language: 'en', confirmReplaceKeys: true });
    expect(confirmed.status).toBe(201);
    expect((await api.dataSource.getRepository(ActivationCode).findOneByOrFail({ id: confirmed.body.id })).replacesKeysConfirmed).toBe(true);
  });

  it('checks a passport by its MRZ, refuses bad check digits and expired documents, and flags eIDAS identity cards', async () => {
    const future = yymmdd(new Date(Date.now() + 3 * 365 * 24 * 3600 * 1000));
    const past = yymmdd(new Date(Date.now() - 30 * 24 * 3600 * 1000));
    const passport = passportMrz({ state: 'FRA', surname: 'DUPONT', given: 'MARIE CLAIRE', number: `${randomBytes(3).toString('hex').toUpperCase()}123`, birth: '900215', sex: 'F', expiry: future });
    const checked = await clerk.post('/api/desk/document-checks', { mrz: passport, language: 'fr' });
    expect(checked.status).toBe(200);
    expect(checked.body.person).toMatchObject({ surname: 'DUPONT', givenNames: 'MARIE CLAIRE', birthDate: '1990-02-15', sex: 'F' });
    expect(checked.body.evidence).toMatchObject({ kind: 'travel_document', issuingState: 'FRA' });
    expect(checked.body.eidasNotified).toBe(false);

    const broken = passport.replace(/(\n.{9})\d/, (_m, head: string) => `${head}${(Number(passport.split('\n')[1][9]) + 1) % 10}`);
    const refused = await clerk.post('/api/desk/document-checks', { mrz: broken });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('desk.document_refused');

    const expired = passportMrz({ state: 'FRA', surname: 'DUPONT', given: 'MARIE', number: 'X1234567', birth: '900215', sex: 'F', expiry: past });
    const old = await clerk.post('/api/desk/document-checks', { mrz: expired });
    expect(old.status).toBe(422);
    expect(old.body.code).toBe('desk.document_expired');

    const spanish = idCardMrz({ state: 'ESP', surname: 'GARCIA', given: 'LUCIA', number: 'CAA000001', birth: '850101', sex: 'F', expiry: future });
    const eidas = await clerk.post('/api/desk/document-checks', { mrz: spanish });
    expect(eidas.status).toBe(200);
    expect(eidas.body.eidasNotified).toBe(true);
  });
});
