import type { INestApplicationContext } from '@nestjs/common';
import { AuditEntry, CitizenSession, DigitalKey } from '@sesame/database';
import { generate } from 'otplib';
import { randomBytes } from 'node:crypto';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { codeFromOutbox, codeIn, createActiveKey, waitForSms } from '../../../test/integration/support/activation-factory';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff } from '../../../test/integration/support/factories';
import { startWorker } from '../../../test/integration/support/worker-harness';
import { MailCatcher, startMailCatcher } from '../../../tools/mail-catcher';

describe('Citizen login with a digital key (integration)', () => {
  let catcher: MailCatcher;
  let api: ApiHarness;
  let worker: INestApplicationContext;

  beforeAll(async () => {
    catcher = await startMailCatcher({});
    const env = { SMTP_URL: catcher.smtpUrl, BULLMQ_PREFIX: `l${randomBytes(5).toString('hex')}`, LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_BASE_SECONDS: '60' };
    api = await startApi(env);
    worker = await startWorker(env);
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await catcher?.stop();
  });

  async function citizen(language = 'fr'): Promise<ConsoleClient> {
    const client = new ConsoleClient(api.server, language);
    expect((await client.get('/api/citizen/csrf')).status).toBe(204);
    return client;
  }

  const sessionToken = (response: { headers: Record<string, unknown> }): string | undefined =>
    /sesame_citizen=([^;]*)/.exec(String(response.headers['set-cookie'] ?? ''))?.[1];

  it('logs in with username, password and the code sent by e-mail; serves /me; logs out', async () => {
    const key = await createActiveKey(api.app, { kind: 'email_code', givenNames: 'Marie Claire', surname: 'Dubois' });
    const client = await citizen('fr');
    const wrongPassword = await client.post('/api/citizen/login', { username: key.username, password: 'not-the-password-1' });
    const unknown = await client.post('/api/citizen/login', { username: `ghost.${randomBytes(4).toString('hex')}`, password: 'whatever-it-is-1' });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.body).toEqual(wrongPassword.body);
    expect(unknown.body).toEqual({ statusCode: 401, code: 'citizen.login.invalid_credentials', message: "Nom d'utilisateur ou mot de passe incorrect." });
    expect(sessionToken(wrongPassword)).toBeUndefined();

    const login = await client.post('/api/citizen/login', { username: key.username.toUpperCase(), password: key.password });
    expect(login.status).toBe(200);
    expect(login.body).toMatchObject({ next: 'code', keyKind: 'email_code', destination: `${key.email[0]}•••@sesame.test` });
    expect(Date.parse(login.body.codeExpiresAt) - Date.now()).toBeGreaterThan(590_000);
    const halfToken = sessionToken(login);
    expect(halfToken).toBeDefined();
    // Half signed in: nothing but the code step.
    expect((await client.get('/api/citizen/me')).body.code).toBe('citizen.session_required');

    const mail = await catcher.waitFor((m) => m.to.includes(key.email) && m.subject === 'Mes clés numériques : votre code de sécurité', 15_000);
    const code = codeIn(mail.text);
    const wrong = await client.post('/api/citizen/login/verify', { code: String((Number(code) + 1) % 1_000_000).padStart(6, '0') });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ code: 'citizen.code.wrong', attemptsLeft: 4, message: 'Le code est incorrect. Tentatives restantes : 4.' });

    const verified = await client.post('/api/citizen/login/verify', { code });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ name: 'Marie Claire Dubois', keyKind: 'email_code', username: key.username });
    const fullToken = sessionToken(verified);
    expect(fullToken).toBeDefined();
    expect(fullToken).not.toBe(halfToken);
    expect(String(verified.headers['set-cookie'])).toMatch(/sesame_citizen=[^;]+;.*HttpOnly.*SameSite=Strict/);

    expect((await client.get('/api/citizen/me')).body).toEqual({ name: 'Marie Claire Dubois', keyKind: 'email_code', username: key.username });
    // The same code does not open a second session.
    const replay = await (await citizen('en')).post('/api/citizen/login/verify', { code });
    expect(replay.status).toBe(401);

    expect((await client.post('/api/citizen/logout')).status).toBe(204);
    expect((await client.get('/api/citizen/me')).status).toBe(401);
    expect(await api.dataSource.getRepository(CitizenSession).countBy({ digitalKeyId: key.id })).toBe(0);
    const actions = (await api.dataSource.getRepository(AuditEntry).find({ where: { subjectId: key.id }, order: { id: 'ASC' } })).map((entry) => entry.action);
    expect(actions).toEqual(['citizen.sign_in_failed', 'citizen.login_code_sent', 'citizen.sign_in_failed', 'citizen.signed_in', 'citizen.signed_out']);
  });

  it('logs in with the code sent by SMS (development outbox)', async () => {
    const key = await createActiveKey(api.app, { kind: 'sms_code' });
    const client = await citizen('nl');
    const login = await client.post('/api/citizen/login', { username: key.username, password: key.password });
    expect(login.body).toMatchObject({ next: 'code', keyKind: 'sms_code', destination: `+32 ••• •• •• ${key.phone!.slice(-2)}` });
    const text = await waitForSms(api.dataSource, key.phone!);
    expect(text).toMatch(/^Sésame: uw beveiligingscode is \d{6}\. Hij is 10 minuten geldig\./);
    const verified = await client.post('/api/citizen/login/verify', { code: codeIn(text) });
    expect(verified.status).toBe(200);
    expect((await client.get('/api/citizen/me')).body.keyKind).toBe('sms_code');
  });

  it('logs in with the authenticator app and never accepts the same TOTP code twice', async () => {
    const key = await createActiveKey(api.app, { kind: 'totp' });
    const first = await citizen('en');
    const login = await first.post('/api/citizen/login', { username: key.username, password: key.password });
    expect(login.body).toEqual({ next: 'totp', keyKind: 'totp', destination: null, codeExpiresAt: null });
    const resend = await first.post('/api/citizen/login/code');
    expect(resend.status).toBe(409);
    expect(resend.body.code).toBe('citizen.code.not_sent_for_app');

    const code = await generate({ secret: key.totpSecret! });
    expect((await first.post('/api/citizen/login/verify', { code })).status).toBe(200);
    expect(Number((await api.dataSource.getRepository(DigitalKey).findOneByOrFail({ id: key.id })).totpLastTimeStep)).toBeGreaterThan(0);

    const second = await citizen('en');
    await second.post('/api/citizen/login', { username: key.username, password: key.password });
    const replay = await second.post('/api/citizen/login/verify', { code });
    expect(replay.status).toBe(409);
    expect(replay.body).toMatchObject({
      code: 'citizen.totp.already_used',
      message: 'This code from your authenticator app has already been used. Wait for the next one.',
    });
    const wrong = await second.post('/api/citizen/login/verify', { code: String((Number(code) + 500_000) % 1_000_000).padStart(6, '0') });
    expect(wrong.body.code).toBe('citizen.totp.wrong');
    expect((await second.get('/api/citizen/me')).status).toBe(401);
  });

  it('lets a login code expire and sends a new one on request', async () => {
    const key = await createActiveKey(api.app, { kind: 'email_code' });
    const client = await citizen('en');
    await client.post('/api/citizen/login', { username: key.username, password: key.password });
    const first = await codeFromOutbox(api.dataSource, key.email, 'citizen-login-code');
    await api.dataSource.query(`UPDATE "citizen_code" SET "expires_at" = now() - interval '1 second' WHERE "digital_key_id" = $1 AND "purpose" = 'login'`, [key.id]);
    const late = await client.post('/api/citizen/login/verify', { code: first });
    expect(late.status).toBe(410);
    expect(late.body.code).toBe('citizen.code.expired');

    const renewed = await client.post('/api/citizen/login/code');
    expect(renewed.status).toBe(200);
    expect(renewed.body).toMatchObject({ next: 'code', keyKind: 'email_code' });
    const second = await codeFromOutbox(api.dataSource, key.email, 'citizen-login-code');
    expect((await client.post('/api/citizen/login/verify', { code: second })).status).toBe(200);
  });

  it('throttles failed logins like staff sign-ins, for known and unknown usernames alike', async () => {
    const key = await createActiveKey(api.app, { kind: 'email_code' });
    for (const username of [key.username, `ghost.${randomBytes(4).toString('hex')}`]) {
      const client = await citizen('en');
      for (let i = 0; i < 3; i += 1) {
        expect((await client.post('/api/citizen/login', { username, password: 'wrong-password-1' })).status).toBe(401);
      }
      const locked = await client.post('/api/citizen/login', { username, password: username === key.username ? key.password : 'x' });
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('citizen.login.too_many_attempts');
      expect(locked.headers['retry-after']).toBe('60');
    }
    expect(await api.dataSource.getRepository(AuditEntry).countBy({ subjectId: key.id, action: 'citizen.locked_out' })).toBe(1);
  });

  it('ends an idle session', async () => {
    const key = await createActiveKey(api.app, { kind: 'email_code' });
    const client = await citizen('en');
    await client.post('/api/citizen/login', { username: key.username, password: key.password });
    await client.post('/api/citizen/login/verify', { code: await codeFromOutbox(api.dataSource, key.email, 'citizen-login-code') });
    expect((await client.get('/api/citizen/me')).status).toBe(200);
    await api.dataSource.getRepository(CitizenSession).update({ digitalKeyId: key.id }, { lastSeenAt: new Date(Date.now() - 16 * 60 * 1000) });
    expect((await client.get('/api/citizen/me')).status).toBe(401);
    expect(await api.dataSource.getRepository(CitizenSession).countBy({ digitalKeyId: key.id })).toBe(0);
  });

  it('keeps citizen and staff sessions apart in one browser', async () => {
    const staff = await createStaff(api.app, { roles: ['admin'] });
    const client = new ConsoleClient(api.server, 'en');
    await client.signIn(staff);
    // A staff session is no citizen session.
    expect((await client.get('/api/citizen/me')).status).toBe(401);

    const key = await createActiveKey(api.app, { kind: 'email_code' });
    expect((await client.get('/api/citizen/csrf')).status).toBe(204);
    expect((await client.post('/api/citizen/login', { username: key.username, password: key.password })).status).toBe(200);
    const verified = await client.post('/api/citizen/login/verify', { code: await codeFromOutbox(api.dataSource, key.email, 'citizen-login-code') });
    expect(verified.status).toBe(200);
    expect((await client.get('/api/citizen/me')).status).toBe(200);
    expect((await client.get('/api/auth/me')).body.id).toBe(staff.id);
    // Logging the citizen out leaves the staff session and its CSRF token working.
    expect((await client.post('/api/citizen/logout')).status).toBe(204);
    expect((await client.send('put', '/api/auth/me/language', { language: 'nl' })).status).toBe(200);
  });
});
