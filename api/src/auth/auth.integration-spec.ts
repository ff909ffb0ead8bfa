import { AuditEntry, Staff, StaffSession } from '@sesame/database';
import { generate } from 'otplib';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff, uniqueEmail } from '../../../test/integration/support/factories';

describe('Staff authentication (integration)', () => {
  let api: ApiHarness;

  beforeAll(async () => {
    api = await startApi({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_BASE_SECONDS: '60' });
  });
  afterAll(() => api.close());

  it('signs in with password then TOTP, rotates the session token, and serves /me', async () => {
    const staff = await createStaff(api.app, { roles: ['admin'] });
    const client = new ConsoleClient(api.server);
    await client.csrf();
    const login = await client.post('/api/auth/login', { email: staff.email.toUpperCase(), password: staff.password });
    expect(login.status).toBe(200);
    expect(login.body).toEqual({ next: 'totp' });
    const partialCookie = String(login.headers['set-cookie']).match(/sesame_session=([^;]+)/)?.[1];
    expect(String(login.headers['set-cookie'])).toMatch(/sesame_session=[^;]+;.*HttpOnly/);
    expect(String(login.headers['set-cookie'])).toMatch(/SameSite=Strict/);

    // Half-authenticated: nothing but the second factor is reachable.
    expect((await client.get('/api/auth/me')).body.code).toBe('auth.second_factor_required');

    const totp = await client.post('/api/auth/totp', { code: await generate({ secret: staff.totpSecret! }) });
    expect(totp.status).toBe(200);
    expect(totp.body).toMatchObject({ email: staff.email, roles: ['admin'], language: 'en' });
    const fullCookie = String(totp.headers['set-cookie']).match(/sesame_session=([^;]+)/)?.[1];
    expect(fullCookie).toBeDefined();
    expect(fullCookie).not.toBe(partialCookie);

    const me = await client.get('/api/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.id).toBe(staff.id);

    const audit = await api.dataSource.getRepository(AuditEntry).findOneByOrFail({ subjectId: staff.id, action: 'auth.signed_in' });
    expect(audit.details).toEqual({ method: 'totp' });
  });

  it('refuses a replayed TOTP code', async () => {
    const staff = await createStaff(api.app, { roles: ['supervisor'] });
    const code = await generate({ secret: staff.totpSecret! });
    const first = new ConsoleClient(api.server);
    await first.csrf();
    await first.post('/api/auth/login', { email: staff.email, password: staff.password });
    expect((await first.post('/api/auth/totp', { code })).status).toBe(200);
    const second = new ConsoleClient(api.server);
    await second.csrf();
    await second.post('/api/auth/login', { email: staff.email, password: staff.password });
    const replay = await second.post('/api/auth/totp', { code });
    expect(replay.status).toBe(401);
    expect(replay.body.code).toBe('auth.invalid_totp');
  });

  it('answers an unknown e-mail exactly like a wrong password, in the caller language', async () => {
    const staff = await createStaff(api.app, { roles: ['clerk'], municipalityNisCode: '21004' });
    const client = new ConsoleClient(api.server, 'nl');
    await client.csrf();
    const wrongPassword = await client.post('/api/auth/login', { email: staff.email, password: 'not-the-password' });
    const unknown = await client.post('/api/auth/login', { email: uniqueEmail('ghost'), password: 'whatever' });
    expect(wrongPassword.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrongPassword.body);
    expect(unknown.body).toEqual({ statusCode: 401, code: 'auth.invalid_credentials', message: 'E-mailadres of wachtwoord is onjuist.' });
  });

  it('locks out with back-off after repeated failures, for known and unknown addresses alike', async () => {
    const staff = await createStaff(api.app, { roles: ['video_agent'] });
    for (const email of [staff.email, uniqueEmail('ghost')]) {
      const client = new ConsoleClient(api.server);
      await client.csrf();
      for (let i = 0; i < 3; i += 1) {
        expect((await client.post('/api/auth/login', { email, password: 'wrong-password' })).status).toBe(401);
      }
      const locked = await client.post('/api/auth/login', { email, password: email === staff.email ? staff.password : 'x' });
      expect(locked.status).toBe(429);
      expect(locked.body.code).toBe('auth.too_many_attempts');
      expect(locked.headers['retry-after']).toBe('60');
    }
    // A further failure after the lock expires doubles it.
    await api.dataSource.query(`UPDATE "login_throttle" SET "locked_until" = now() - interval '1 second'`);
    const client = new ConsoleClient(api.server);
    await client.csrf();
    await client.post('/api/auth/login', { email: staff.email, password: 'still-wrong' });
    const again = await client.post('/api/auth/login', { email: staff.email, password: staff.password });
    expect(again.status).toBe(429);
    expect(Number(again.headers['retry-after'])).toBeGreaterThan(100);
    expect(await api.dataSource.getRepository(AuditEntry).countBy({ subjectId: staff.id, action: 'auth.locked_out' })).toBe(2);
  });

  it('refuses disabled accounts with the generic answer', async () => {
    const staff = await createStaff(api.app, { roles: ['admin'], disabled: true });
    const client = new ConsoleClient(api.server);
    await client.csrf();
    const response = await client.post('/api/auth/login', { email: staff.email, password: staff.password });
    expect(response.status).toBe(401);
    expect(response.body.code).toBe('auth.invalid_credentials');
  });

  it('requires the CSRF header on every state-changing request, bound to the session', async () => {
    const staff = await createStaff(api.app, { roles: ['admin'] });
    const client = new ConsoleClient(api.server);
    const noToken = await client.post('/api/auth/login', { email: staff.email, password: staff.password });
    expect(noToken.status).toBe(403);
    expect(noToken.body.code).toBe('error.csrf');

    await client.signIn(staff);
    const anonymousToken = client.xsrf;
    const withoutHeader = await client.agent.put('/api/auth/me/language').send({ language: 'de' });
    expect(withoutHeader.status).toBe(403);
    // A token minted for another session (or none) is refused even if cookie and header agree.
    const forged = await client.agent
      .put('/api/auth/me/language')
      .set('Cookie', `XSRF-TOKEN=${'a'.repeat(64)}`)
      .set('X-XSRF-TOKEN', 'a'.repeat(64))
      .send({ language: 'de' });
    expect(forged.status).toBe(403);
    expect(anonymousToken).toBeTruthy();
    const ok = await client.send('put', '/api/auth/me/language', { language: 'de' });
    expect(ok.status).toBe(200);
    expect(ok.body.language).toBe('de');
    expect((await api.dataSource.getRepository(Staff).findOneByOrFail({ id: staff.id })).language).toBe('de');
  });

  it('enrols an authenticator on first sign-in and then accepts a single-use recovery code', async () => {
    const staff = await createStaff(api.app, { roles: ['niss_operator'], enrolled: false });
    const client = new ConsoleClient(api.server);
    await client.csrf();
    expect((await client.post('/api/auth/login', { email: staff.email, password: staff.password })).body).toEqual({ next: 'totp_enrolment' });
    const enrolment = await client.get('/api/auth/totp/enrolment');
    expect(enrolment.status).toBe(200);
    expect(enrolment.body.otpauthUrl).toContain('otpauth://totp/');
    expect(enrolment.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    expect((await client.post('/api/auth/totp/enrolment', { code: '000000' })).status).toBe(401);
    const done = await client.post('/api/auth/totp/enrolment', { code: await generate({ secret: enrolment.body.secret }) });
    expect(done.status).toBe(200);
    expect(done.body.recoveryCodes).toHaveLength(10);
    expect(new Set(done.body.recoveryCodes).size).toBe(10);
    expect((await client.get('/api/auth/me')).status).toBe(200);

    const recoveryCode: string = done.body.recoveryCodes[3];
    const other = new ConsoleClient(api.server);
    await other.csrf();
    expect((await other.post('/api/auth/login', { email: staff.email, password: staff.password })).body).toEqual({ next: 'totp' });
    expect((await other.post('/api/auth/recovery', { code: recoveryCode.toLowerCase() })).status).toBe(200);
    const third = new ConsoleClient(api.server);
    await third.csrf();
    await third.post('/api/auth/login', { email: staff.email, password: staff.password });
    const reused = await third.post('/api/auth/recovery', { code: recoveryCode });
    expect(reused.status).toBe(401);
    expect(reused.body.code).toBe('auth.invalid_recovery_code');
  });

  it('ends the session on logout and after the idle timeout', async () => {
    const staff = await createStaff(api.app, { roles: ['admin'] });
    const client = new ConsoleClient(api.server);
    await client.signIn(staff);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    expect((await client.get('/api/auth/me')).status).toBe(401);
    expect(await api.dataSource.getRepository(StaffSession).countBy({ staffId: staff.id })).toBe(0);

    const idle = await createStaff(api.app, { roles: ['admin'] });
    const idleClient = new ConsoleClient(api.server);
    await idleClient.signIn(idle);
    await api.dataSource.getRepository(StaffSession).update({ staffId: idle.id }, { lastSeenAt: new Date(Date.now() - 31 * 60 * 1000) });
    const expired = await idleClient.get('/api/auth/me');
    expect(expired.status).toBe(401);
  });

  it('changes the password and ends the other sessions of the account', async () => {
    const staff = await createStaff(api.app, { roles: ['admin'] });
    const client = new ConsoleClient(api.server);
    await client.signIn(staff);
    await api.dataSource.getRepository(Staff).update({ id: staff.id }, { totpLastTimeStep: null });
    const other = new ConsoleClient(api.server);
    await other.signIn(staff);
    const weak = await client.send('put', '/api/auth/me/password', { currentPassword: staff.password, newPassword: 'short' });
    expect(weak.status).toBe(400);
    expect(weak.body.errors).toEqual([{ field: 'newPassword', code: 'minLength', message: 'Too short (at least 12 characters).' }]);
    const changed = await client.send('put', '/api/auth/me/password', { currentPassword: staff.password, newPassword: 'a-much-longer-secret' });
    expect(changed.status).toBe(204);
    expect((await client.get('/api/auth/me')).status).toBe(200);
    expect((await other.get('/api/auth/me')).status).toBe(401);
  });
});
