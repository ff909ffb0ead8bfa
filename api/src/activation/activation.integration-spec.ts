import type { INestApplicationContext } from '@nestjs/common';
import { ActivationCode, ActivationLetter, AuditEntry, CitizenCode, CitizenSession, DigitalKey } from '@sesame/database';
import { generateActivationCode } from '@sesame/domain';
import { generate } from 'otplib';
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import {
  codeFromOutbox,
  codeIn,
  createActivationCode,
  createActiveKey,
  TestActivationCode,
  uniquePhone,
  waitForSms,
} from '../../../test/integration/support/activation-factory';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff } from '../../../test/integration/support/factories';
import { startWorker } from '../../../test/integration/support/worker-harness';
import { MailCatcher, startMailCatcher } from '../../../tools/mail-catcher';

const PASSWORD = 'correct horse battery 7';

describe('Citizen activation with the code from the letter (integration)', () => {
  let catcher: MailCatcher;
  let api: ApiHarness;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    catcher = await startMailCatcher({});
    const env = { SMTP_URL: catcher.smtpUrl, MAIL_CATCHER_URL: catcher.httpUrl, BULLMQ_PREFIX: `a${randomBytes(5).toString('hex')}` };
    api = await startApi(env);
    worker = await startWorker(env);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await catcher?.stop();
  });

  /** A browser on the citizen pages: cookies kept, XSRF-TOKEN echoed, Accept-Language sent. */
  async function citizen(language = 'fr'): Promise<ConsoleClient> {
    const client = new ConsoleClient(api.server, language);
    expect((await client.get('/api/citizen/csrf')).status).toBe(204);
    return client;
  }

  async function startEnrolment(activation: TestActivationCode, language = 'fr'): Promise<ConsoleClient> {
    const client = await citizen(language);
    const started = await client.post('/api/citizen/activation/start', { token: activation.token, code: activation.code });
    expect(started.status).toBe(200);
    return client;
  }

  const uniqueUsername = (label: string): string => `${label}.${randomBytes(4).toString('hex')}`;
  const keyOf = (activationCodeId: string) => api.dataSource.getRepository(DigitalKey).findOneByOrFail({ activationCodeId });
  const codeRow = (id: string) => api.dataSource.getRepository(ActivationCode).findOneByOrFail({ id });

  it('activates an e-mail key: code, key kind, credentials, registration code by mail; then the code is consumed', async () => {
    const activation = await createActivationCode(api.app, { language: 'nl' });
    const client = await citizen('nl');
    // Typed as the citizen may type it: lower case, groups separated by spaces.
    const started = await client.post('/api/citizen/activation/start', { token: activation.token, code: activation.code.toLowerCase().replace(/-/g, ' ') });
    expect(started.status).toBe(200);
    expect(started.body).toEqual({ step: 'choose_key', kind: null, email: `${activation.email[0]}•••@sesame.test`, destination: null, username: null, codeExpiresAt: null, totp: null });
    const cookies = String(started.headers['set-cookie']);
    expect(cookies).toMatch(/sesame_citizen=[^;]+;.*HttpOnly/);
    expect(cookies).toMatch(/sesame_citizen=[^;]+;.*SameSite=Strict/);
    expect(cookies).toMatch(/XSRF-TOKEN=/);

    const chosen = await client.send('put', '/api/citizen/activation/key', { kind: 'email_code' });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ step: 'credentials', kind: 'email_code', destination: `${activation.email[0]}•••@sesame.test` });

    const username = uniqueUsername('Jan.Peeters');
    const credentials = await client.send('put', '/api/citizen/activation/credentials', { username, password: PASSWORD });
    expect(credentials.status).toBe(200);
    expect(credentials.body).toMatchObject({ step: 'confirm', username: username.toLowerCase(), totp: null });
    const expiresIn = Date.parse(credentials.body.codeExpiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(280_000);
    expect(expiresIn).toBeLessThanOrEqual(300_000);

    const mail = await catcher.waitFor((m) => m.to.includes(activation.email) && m.subject === 'Mijn digitale sleutels: uw registratiecode', 15_000);
    expect(mail.language).toBe('nl');
    const code = codeIn(mail.text);
    expect(code).toBe(await codeFromOutbox(api.dataSource, activation.email, 'citizen-registration-code'));
    const key = await keyOf(activation.id);
    expect(await api.dataSource.getRepository(CitizenCode).findOneByOrFail({ digitalKeyId: key.id })).toMatchObject({ status: 'live', channel: 'email' });
    expect((await api.dataSource.getRepository(CitizenCode).findOneByOrFail({ digitalKeyId: key.id })).codeHash).not.toContain(code);

    const done = await client.post('/api/citizen/activation/confirm', { code: `${code.slice(0, 3)} ${code.slice(3)}` });
    expect(done.status).toBe(200);
    expect(done.body).toEqual({ kind: 'email_code', username: username.toLowerCase() });

    expect(await keyOf(activation.id)).toMatchObject({ status: 'active', kind: 'email_code', username: username.toLowerCase(), email: activation.email });
    expect((await keyOf(activation.id)).activatedAt).not.toBeNull();
    expect(await codeRow(activation.id)).toMatchObject({ status: 'consumed', letterCodeSealed: null, endReason: 'activated' });
    expect((await codeRow(activation.id)).endedAt).not.toBeNull();
    expect(await api.dataSource.getRepository(ActivationLetter).countBy({ activationCodeId: activation.id })).toBe(0);
    expect(await api.dataSource.getRepository(CitizenCode).findOneByOrFail({ digitalKeyId: key.id })).toMatchObject({ status: 'used' });
    expect(await api.dataSource.getRepository(CitizenSession).countBy({ digitalKeyId: key.id })).toBe(0);

    const trail = await api.dataSource.getRepository(AuditEntry).find({ where: [{ subjectId: key.id }, { subjectId: activation.id }], order: { id: 'ASC' } });
    expect(trail.map((entry) => entry.action)).toEqual([
      'citizen.enrolment_started',
      'citizen.key_kind_chosen',
      'citizen.credentials_chosen',
      'citizen.registration_code_sent',
      'activation_code.consumed',
      'digital_key.activated',
    ]);
    expect(trail.every((entry) => entry.actorRole === 'citizen' && entry.actorEmail === null)).toBe(true);
    const details = JSON.stringify(trail.map((entry) => entry.details));
    expect(details).not.toContain(activation.email);
    expect(details).not.toContain(username.toLowerCase());
    expect(details).not.toContain(code);

    // The enrolment is over and the link is spent.
    expect((await client.get('/api/citizen/activation')).body.code).toBe('citizen.session_required');
    const again = await client.post('/api/citizen/activation/start', { token: activation.token, code: activation.code });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ statusCode: 409, code: 'citizen.activation.already_used', message: 'Deze activeringscode werd al gebruikt.' });
  });

  it('activates an SMS key with the registration code from the development SMS outbox, listed in the dev mailbox', async () => {
    const activation = await createActivationCode(api.app);
    const client = await startEnrolment(activation, 'de');
    expect((await client.send('put', '/api/citizen/activation/key', { kind: 'sms_code' })).body.code).toBe('citizen.key.phone_required');
    const landline = await client.send('put', '/api/citizen/activation/key', { kind: 'sms_code', phone: '02 123 45 67' });
    expect(landline.status).toBe(400);
    expect(landline.body.code).toBe('citizen.key.invalid_phone');
    const phone = uniquePhone();
    const typed = `0${phone.slice(3, 6)} ${phone.slice(6, 8)} ${phone.slice(8, 10)} ${phone.slice(10)}`;
    const chosen = await client.send('put', '/api/citizen/activation/key', { kind: 'sms_code', phone: typed });
    expect(chosen.status).toBe(200);
    expect(chosen.body).toMatchObject({ kind: 'sms_code', destination: `+32 ••• •• •• ${phone.slice(-2)}` });
    expect((await keyOf(activation.id)).phone).toBe(phone);

    expect((await client.send('put', '/api/citizen/activation/credentials', { username: uniqueUsername('anna'), password: PASSWORD })).status).toBe(200);
    const text = await waitForSms(api.dataSource, phone);
    expect(text).toMatch(/^Sésame: Ihr Registrierungscode lautet \d{6}\. Er ist 5 Minuten gültig\./);

    const admin = await createStaff(api.app, { roles: ['admin'] });
    const staffConsole = new ConsoleClient(api.server);
    await staffConsole.signIn(admin);
    const mailbox = await staffConsole.get('/api/dev/mailbox');
    expect(mailbox.status).toBe(200);
    expect(mailbox.body).toContainEqual(expect.objectContaining({ channel: 'sms', to: [phone], text, language: 'de' }));

    const done = await client.post('/api/citizen/activation/confirm', { code: codeIn(text) });
    expect(done.status).toBe(200);
    expect(await keyOf(activation.id)).toMatchObject({ status: 'active', kind: 'sms_code', phone });
  });

  it('activates an authenticator-app key: QR code, then the first code (never a mail)', async () => {
    const activation = await createActivationCode(api.app);
    const client = await startEnrolment(activation, 'en');
    expect((await client.send('put', '/api/citizen/activation/key', { kind: 'totp' })).body).toMatchObject({ step: 'credentials', kind: 'totp', destination: null });
    const username = uniqueUsername('app');
    const credentials = await client.send('put', '/api/citizen/activation/credentials', { username, password: PASSWORD });
    expect(credentials.status).toBe(200);
    const totp = credentials.body.totp as { secret: string; otpauthUrl: string; qrDataUrl: string };
    expect(totp.otpauthUrl).toMatch(/^otpauth:\/\/totp\//);
    expect(totp.otpauthUrl).toContain(`secret=${totp.secret}`);
    expect(totp.otpauthUrl).toContain(username);
    expect(totp.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(credentials.body.codeExpiresAt).toBeNull();
    // The page can be reloaded: the same secret comes back.
    expect((await client.get('/api/citizen/activation')).body.totp.secret).toBe(totp.secret);
    expect((await keyOf(activation.id)).totpSecretEnc).not.toContain(totp.secret);

    const current = await generate({ secret: totp.secret });
    const wrong = String((Number(current) + 500_000) % 1_000_000).padStart(6, '0');
    const refused = await client.post('/api/citizen/activation/confirm', { code: wrong });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'citizen.totp.wrong', message: 'The code from your authenticator app is incorrect.' });
    expect((await keyOf(activation.id)).status).toBe('pending');

    const done = await client.post('/api/citizen/activation/confirm', { code: current });
    expect(done.status).toBe(200);
    const key = await keyOf(activation.id);
    expect(key).toMatchObject({ status: 'active', kind: 'totp' });
    expect(Number(key.totpLastTimeStep)).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000 / 30) - 1);
    const mails = await api.dataSource.query(`SELECT 1 FROM "outbox_message" WHERE "payload"->>'to' = $1 AND "payload"->>'template' = 'citizen-registration-code'`, [activation.email]);
    expect(mails).toHaveLength(0);
  });

  it('refuses the N+1th attempt even with the right code once wrong codes locked it, and opens nothing', async () => {
    const activation = await createActivationCode(api.app);
    const client = await citizen('en');
    const answers: { status: number; code: string; attemptsLeft?: number }[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = attempt === 3 ? 'not a code' : generateActivationCode();
      const response = await client.post('/api/citizen/activation/start', { token: activation.token, code: wrong });
      answers.push({ status: response.status, code: response.body.code, ...(response.body.attemptsLeft !== undefined ? { attemptsLeft: response.body.attemptsLeft } : {}) });
      expect(String(response.headers['set-cookie'] ?? '')).not.toContain('sesame_citizen=');
    }
    expect(answers).toEqual([
      { status: 400, code: 'citizen.activation.wrong_code', attemptsLeft: 4 },
      { status: 400, code: 'citizen.activation.wrong_code', attemptsLeft: 3 },
      { status: 400, code: 'citizen.activation.wrong_code', attemptsLeft: 2 },
      { status: 400, code: 'citizen.activation.wrong_code', attemptsLeft: 1 },
      { status: 423, code: 'citizen.activation.locked' },
    ]);
    const right = await client.post('/api/citizen/activation/start', { token: activation.token, code: activation.code });
    expect(right.status).toBe(423);
    expect(right.body).toMatchObject({
      code: 'citizen.activation.locked',
      message: 'This activation code is blocked after too many wrong attempts. Ask your municipality for a new one.',
    });
    const row = await codeRow(activation.id);
    expect(row).toMatchObject({ status: 'issued', failedAttempts: 5 });
    expect(row.lockedAt).not.toBeNull();
    expect(await api.dataSource.getRepository(DigitalKey).countBy({ activationCodeId: activation.id })).toBe(0);
    const actions = (await api.dataSource.getRepository(AuditEntry).findBy({ subjectId: activation.id })).map((entry) => entry.action);
    expect(actions.sort()).toEqual(['activation_code.attempt_failed', 'activation_code.attempt_failed', 'activation_code.attempt_failed', 'activation_code.attempt_failed', 'activation_code.locked']);
  });

  it('refuses unknown links, expired, revoked and used codes with their own message, changing nothing', async () => {
    const client = await citizen('fr');
    const unknown = await client.post('/api/citizen/activation/start', { token: 'x'.repeat(43), code: generateActivationCode() });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({
      statusCode: 404,
      code: 'citizen.activation.invalid_link',
      message: "Ce lien d'activation n'est pas valide. Ouvrez à nouveau le lien de votre e-mail d'activation.",
    });

    const expired = await createActivationCode(api.app, { expiresAt: new Date(Date.now() - 1000) });
    for (const code of [expired.code, generateActivationCode()]) {
      const response = await client.post('/api/citizen/activation/start', { token: expired.token, code });
      expect(response.status).toBe(410);
      expect(response.body.code).toBe('citizen.activation.expired');
    }
    expect(await codeRow(expired.id)).toMatchObject({ status: 'issued', failedAttempts: 0, lockedAt: null });
    expect(await api.dataSource.getRepository(ActivationLetter).countBy({ activationCodeId: expired.id })).toBe(1);

    const revoked = await createActivationCode(api.app, { status: 'revoked' });
    expect((await client.post('/api/citizen/activation/start', { token: revoked.token, code: revoked.code })).body.code).toBe('citizen.activation.revoked');
    const consumed = await createActivationCode(api.app, { status: 'consumed' });
    expect((await client.post('/api/citizen/activation/start', { token: consumed.token, code: consumed.code })).status).toBe(409);
    expect(await api.dataSource.getRepository(DigitalKey).countBy({ activationCodeId: expired.id })).toBe(0);
  });

  it('lets a registration code expire, sends a new one on request (voiding the old), and locks a code after wrong attempts', async () => {
    const activation = await createActivationCode(api.app);
    const client = await startEnrolment(activation, 'en');
    await client.send('put', '/api/citizen/activation/key', { kind: 'email_code' });
    await client.send('put', '/api/citizen/activation/credentials', { username: uniqueUsername('late'), password: PASSWORD });
    const key = await keyOf(activation.id);
    const first = await codeFromOutbox(api.dataSource, activation.email, 'citizen-registration-code');
    await api.dataSource.query(`UPDATE "citizen_code" SET "expires_at" = now() - interval '1 second' WHERE "digital_key_id" = $1`, [key.id]);
    const late = await client.post('/api/citizen/activation/confirm', { code: first });
    expect(late.status).toBe(410);
    expect(late.body).toMatchObject({ code: 'citizen.code.expired', message: 'This code has expired. Ask for a new one.' });

    const renewed = await client.post('/api/citizen/activation/code');
    expect(renewed.status).toBe(200);
    expect(Date.parse(renewed.body.codeExpiresAt)).toBeGreaterThan(Date.now() + 250_000);
    const second = await codeFromOutbox(api.dataSource, activation.email, 'citizen-registration-code');
    const statuses = (await api.dataSource.getRepository(CitizenCode).find({ where: { digitalKeyId: key.id }, order: { createdAt: 'ASC' } })).map((c) => c.status);
    expect(statuses).toEqual(['voided', 'live']);

    const wrongs: unknown[] = [];
    for (let attempt = 1; attempt <= 5; attempt += 1) {
      const wrong = String((Number(second) + attempt) % 1_000_000).padStart(6, '0');
      const response = await client.post('/api/citizen/activation/confirm', { code: wrong });
      wrongs.push([response.status, response.body.code, response.body.attemptsLeft]);
    }
    expect(wrongs).toEqual([
      [400, 'citizen.code.wrong', 4],
      [400, 'citizen.code.wrong', 3],
      [400, 'citizen.code.wrong', 2],
      [400, 'citizen.code.wrong', 1],
      [423, 'citizen.code.locked', undefined],
    ]);
    const locked = await client.post('/api/citizen/activation/confirm', { code: second });
    expect(locked.status).toBe(423);
    expect((await keyOf(activation.id)).status).toBe('pending');

    await client.post('/api/citizen/activation/code');
    const third = await codeFromOutbox(api.dataSource, activation.email, 'citizen-registration-code');
    const done = await client.post('/api/citizen/activation/confirm', { code: third });
    expect(done.status).toBe(200);
    expect(await codeRow(activation.id)).toMatchObject({ status: 'consumed' });
  });

  it("deactivates the other active keys on the same e-mail when the new key is activated, and tells their owner in their language", async () => {
    const email = `shared-${randomBytes(5).toString('hex')}@sesame.test`;
    const old = await createActiveKey(api.app, { email, language: 'nl', kind: 'email_code' });
    const oldSession = await citizen('nl');
    expect((await oldSession.post('/api/citizen/login', { username: old.username, password: old.password })).status).toBe(200);
    const verified = await oldSession.post('/api/citizen/login/verify', { code: await codeFromOutbox(api.dataSource, email, 'citizen-login-code') });
    expect(verified.status).toBe(200);

    const activation = await createActivationCode(api.app, { email, language: 'fr' });
    const client = await startEnrolment(activation, 'fr');
    await client.send('put', '/api/citizen/activation/key', { kind: 'totp' });
    const credentials = await client.send('put', '/api/citizen/activation/credentials', { username: uniqueUsername('new'), password: PASSWORD });
    const done = await client.post('/api/citizen/activation/confirm', { code: await generate({ secret: credentials.body.totp.secret }) });
    expect(done.status).toBe(200);
    const fresh = await keyOf(activation.id);

    expect(await api.dataSource.getRepository(DigitalKey).findOneByOrFail({ id: old.id })).toMatchObject({ status: 'deactivated', deactivatedReason: 'email_reused' });
    const audit = await api.dataSource.getRepository(AuditEntry).findOneByOrFail({ subjectId: old.id, action: 'digital_key.deactivated' });
    expect(audit.details).toEqual({ reason: 'email_reused', replacedBy: fresh.id, personId: old.person.id });
    const [notice] = await api.dataSource.query<{ payload: unknown }[]>(
      `SELECT "payload" FROM "outbox_message" WHERE "job_name" = 'mail.send' AND "payload"->>'template' = 'key-deactivated' AND "payload"->>'to' = $1`,
      [email],
    );
    expect(notice.payload).toMatchObject({ language: 'nl', params: { username: old.username, name: `${old.person.givenNames} ${old.person.surname}` } });
    const mail = await catcher.waitFor((m) => m.to.includes(email) && m.subject === 'Mijn digitale sleutels: een van uw sleutels werd gedeactiveerd', 15_000);
    expect(mail.text).toContain(`"${old.username}"`);

    // The old key's session ended with it, and it no longer logs in.
    expect((await oldSession.get('/api/citizen/me')).status).toBe(401);
    const relogin = await (await citizen('en')).post('/api/citizen/login', { username: old.username, password: old.password });
    expect(relogin.status).toBe(401);
    expect(relogin.body.code).toBe('citizen.login.invalid_credentials');
  });

  it('requires the CSRF header on every state-changing citizen request, bound to the citizen session', async () => {
    const activation = await createActivationCode(api.app);
    const bare = new ConsoleClient(api.server);
    const noCookie = await bare.post('/api/citizen/activation/start', { token: activation.token, code: activation.code });
    expect(noCookie.status).toBe(403);
    expect(noCookie.body.code).toBe('error.csrf');
    await bare.get('/api/citizen/csrf');
    const noHeader = await bare.agent.post('/api/citizen/activation/start').send({ token: activation.token, code: activation.code });
    expect(noHeader.status).toBe(403);
    expect(noHeader.body.code).toBe('error.csrf');
    expect(await api.dataSource.getRepository(DigitalKey).countBy({ activationCodeId: activation.id })).toBe(0);

    const client = await startEnrolment(activation);
    const sessionCookie = /sesame_citizen=[^;]+/.exec(
      String((await client.post('/api/citizen/activation/start', { token: activation.token, code: activation.code })).headers['set-cookie']),
    )?.[0];
    expect(sessionCookie).toBeDefined();
    // Cookie and header agree, but the token was not minted for this session (no cookie jar: only these cookies).
    const forged = await request(api.server)
      .put('/api/citizen/activation/key')
      .set('Cookie', `${sessionCookie}; XSRF-TOKEN=${'a'.repeat(64)}`)
      .set('X-XSRF-TOKEN', 'a'.repeat(64))
      .send({ kind: 'totp' });
    expect(forged.status).toBe(403);
    expect(forged.body.code).toBe('error.csrf');
    // The same jar-less request with the token bound to the session passes.
    const bound = await request(api.server)
      .put('/api/citizen/activation/key')
      .set('Cookie', `${sessionCookie}; XSRF-TOKEN=${client.xsrf}`)
      .set('X-XSRF-TOKEN', client.xsrf as string)
      .send({ kind: 'email_code' });
    expect(bound.status).toBe(200);
    const withoutHeader = await client.agent.put('/api/citizen/activation/key').send({ kind: 'totp' });
    expect(withoutHeader.status).toBe(403);
    expect((await client.send('put', '/api/citizen/activation/key', { kind: 'totp' })).status).toBe(200);
  });

  it('answers each broken rule of the credentials with its own message, and keeps the steps in order', async () => {
    const activation = await createActivationCode(api.app);
    const client = await startEnrolment(activation, 'fr');
    const early = await client.send('put', '/api/citizen/activation/credentials', { username: uniqueUsername('early'), password: PASSWORD });
    expect(early.status).toBe(409);
    expect(early.body.code).toBe('citizen.wrong_step');
    expect((await client.post('/api/citizen/activation/confirm', { code: '123456' })).body.code).toBe('citizen.wrong_step');
    await client.send('put', '/api/citizen/activation/key', { kind: 'email_code' });

    const other = await createActiveKey(api.app);
    const username = uniqueUsername('marie');
    const cases: [Record<string, string>, number, string, string][] = [
      [{ username: 'Jo', password: PASSWORD }, 400, 'citizen.username.invalid', "Choisissez un nom d'utilisateur de 3 à 64 caractères : lettres minuscules, chiffres, points, tirets ou traits de soulignement."],
      [{ username, password: 'Court-1' }, 400, 'citizen.password.too_short', 'Le mot de passe doit comporter au moins 12 caractères.'],
      [{ username, password: `xx-${username.toUpperCase()}-xx` }, 400, 'citizen.password.contains_username', "Le mot de passe ne peut pas contenir votre nom d'utilisateur."],
      [{ username, password: 'aaaabbbbccccdddd' }, 400, 'citizen.password.one_class', 'Mélangez au moins deux sortes de caractères : minuscules, majuscules, chiffres ou symboles.'],
      [{ username: other.username, password: PASSWORD }, 409, 'citizen.username.taken', "Ce nom d'utilisateur est déjà pris. Choisissez-en un autre."],
    ];
    for (const [body, status, code, message] of cases) {
      const response = await client.send('put', '/api/citizen/activation/credentials', body);
      expect([response.status, response.body.code, response.body.message]).toEqual([status, code, message]);
    }
    expect(await api.dataSource.query(`SELECT 1 FROM "outbox_message" WHERE "payload"->>'to' = $1`, [activation.email])).toHaveLength(0);

    // A username held by an abandoned enrolment (its session gone) can be chosen again; a live one cannot.
    const abandoned = await createActivationCode(api.app);
    const other1 = await startEnrolment(abandoned, 'fr');
    await other1.send('put', '/api/citizen/activation/key', { kind: 'totp' });
    const reserved = uniqueUsername('reserved');
    expect((await other1.send('put', '/api/citizen/activation/credentials', { username: reserved, password: PASSWORD })).status).toBe(200);
    expect((await client.send('put', '/api/citizen/activation/credentials', { username: reserved, password: PASSWORD })).body.code).toBe('citizen.username.taken');
    await api.dataSource.getRepository(CitizenSession).update({ activationCodeId: abandoned.id }, { lastSeenAt: new Date(Date.now() - 16 * 60 * 1000) });
    expect((await client.send('put', '/api/citizen/activation/credentials', { username: reserved, password: PASSWORD })).status).toBe(200);
    expect((await keyOf(abandoned.id)).username).toBeNull();

    // Opening the link again replaces the pending key; the first enrolment ends.
    const second = await startEnrolment(activation, 'fr');
    expect((await client.get('/api/citizen/activation')).status).toBe(401);
    expect((await second.get('/api/citizen/activation')).body.step).toBe('choose_key');
    expect(await api.dataSource.getRepository(DigitalKey).countBy({ activationCodeId: activation.id })).toBe(1);
  });
});
