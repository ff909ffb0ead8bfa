import { APP_CONFIG, AppConfig } from '@sesame/config';
import { Appointment, AuditEntry, CitizenSession, LoginThrottle, OrganisationMember, OutboxMessage, StaffSession, VideoAvailabilityPattern } from '@sesame/database';
import { brusselsDate } from '@sesame/domain';
import { generate } from 'otplib';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { codeFromOutbox, createActiveKey, TestDigitalKey } from '../../../test/integration/support/activation-factory';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { createStaff, TestStaff, uniqueEmail } from '../../../test/integration/support/factories';
import { createOrganisation } from '../../../test/integration/support/niss-factory';
import { discoverRoutes } from '../../../test/integration/support/routes';
import { shuffled, timed, timingSummary } from '../../../test/integration/support/timing';
import { addDays, brusselsInstant } from '../video/brussels-time';
import { SecretsService } from './secrets.service';

// argon2 as it is, its calls counted: the timing tests prove that both answers of a login run it.
jest.mock('argon2', () => {
  const actual = jest.requireActual('argon2');
  return { ...actual, hash: jest.fn(actual.hash), verify: jest.fn(actual.verify) };
});
const argon2 = jest.requireMock<{ hash: jest.Mock; verify: jest.Mock }>('argon2');

/**
 * Issue 6, "headers, sessions and brute force": the one place that proves the list below on the real
 * api (same factory as production), in test mode and in production mode. Where another spec already
 * proves a point, the test here names it instead of repeating it.
 */

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
const ALL_ROLES = ['clerk', 'video_agent', 'niss_operator', 'supervisor', 'admin'] as const;
const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

interface SetCookie {
  name: string;
  value: string;
  /** Attribute names in lower case; `true` for flags (HttpOnly, Secure). */
  attributes: Record<string, string | true>;
}

function setCookies(response: request.Response): SetCookie[] {
  return ([] as string[]).concat(response.headers['set-cookie'] ?? []).map((header) => {
    const [pair, ...rest] = header.split(';').map((part) => part.trim());
    const attributes: Record<string, string | true> = {};
    for (const attribute of rest) {
      const eq = attribute.indexOf('=');
      attributes[(eq < 0 ? attribute : attribute.slice(0, eq)).toLowerCase()] = eq < 0 ? true : attribute.slice(eq + 1);
    }
    const eq = pair.indexOf('=');
    return { name: pair.slice(0, eq), value: pair.slice(eq + 1), attributes };
  });
}

function cookieOf(response: request.Response, name: string): SetCookie {
  const found = setCookies(response).find((cookie) => cookie.name === name);
  if (!found) throw new Error(`no ${name} cookie in ${JSON.stringify(response.headers['set-cookie'])}`);
  return found;
}

/**
 * A browser whose cookie jar the test holds in its hands: it sends every cookie it was given (Secure
 * ones too, so it works against the production-mode api over plain http), echoes XSRF-TOKEN in
 * X-XSRF-TOKEN unless told otherwise, and lets a test plant or replay a cookie value.
 */
class Browser {
  readonly jar = new Map<string, string>();

  constructor(
    private readonly server: ApiHarness['server'],
    private readonly language = 'en',
  ) {}

  /** Another browser holding copies of some of these cookies (a stolen or replayed session). */
  copy(names: string[]): Browser {
    const other = new Browser(this.server, this.language);
    for (const name of names) other.jar.set(name, this.cookie(name));
    return other;
  }

  cookie(name: string): string {
    const value = this.jar.get(name);
    if (value === undefined) throw new Error(`no ${name} in the jar (${[...this.jar.keys()].join(', ')})`);
    return value;
  }

  /**
   * `xsrf`: the header to send (default: the XSRF-TOKEN cookie; null: none). `cookies`: values that
   * replace the jar's for this request only.
   */
  async send(method: Method, url: string, body?: object, options: { xsrf?: string | null; cookies?: Record<string, string> } = {}): Promise<request.Response> {
    let req = request(this.server)[method](url).set('Accept-Language', this.language);
    const cookies = new Map([...this.jar, ...Object.entries(options.cookies ?? {})]);
    if (cookies.size) req = req.set('Cookie', [...cookies].map(([name, value]) => `${name}=${value}`).join('; '));
    const xsrf = options.xsrf === undefined ? cookies.get('XSRF-TOKEN') : options.xsrf;
    if (method !== 'get' && xsrf) req = req.set('X-XSRF-TOKEN', decodeURIComponent(xsrf));
    const response = body === undefined ? await req : await req.send(body);
    for (const cookie of setCookies(response)) {
      const expires = cookie.attributes.expires;
      if (typeof expires === 'string' && Date.parse(expires) <= Date.now()) this.jar.delete(cookie.name);
      else this.jar.set(cookie.name, cookie.value);
    }
    return response;
  }

  get(url: string): Promise<request.Response> {
    return this.send('get', url);
  }

  post(url: string, body: object = {}): Promise<request.Response> {
    return this.send('post', url, body);
  }
}

/** The session cookie names of one api instance (`__Host-` prefixed in production). */
interface CookieNames {
  staff: string;
  citizen: string;
  appointment: string;
}
const TEST_NAMES: CookieNames = { staff: 'sesame_session', citizen: 'sesame_citizen', appointment: 'sesame_appointment' };
const PRODUCTION_NAMES: CookieNames = { staff: '__Host-sesame_session', citizen: '__Host-sesame_citizen', appointment: '__Host-sesame_appointment' };

async function signInStaff(api: ApiHarness, staff: TestStaff): Promise<{ browser: Browser; login: request.Response; totp: request.Response }> {
  const browser = new Browser(api.server);
  expect((await browser.get('/api/auth/csrf')).status).toBe(204);
  const login = await browser.post('/api/auth/login', { email: staff.email, password: staff.password });
  expect([login.status, login.body]).toEqual([200, { next: 'totp' }]);
  const totp = await browser.post('/api/auth/totp', { code: await generate({ secret: staff.totpSecret! }) });
  expect(totp.status).toBe(200);
  return { browser, login, totp };
}

async function signInCitizen(api: ApiHarness, key: TestDigitalKey, browser = new Browser(api.server)): Promise<{ browser: Browser; login: request.Response; verify: request.Response }> {
  expect((await browser.get('/api/citizen/csrf')).status).toBe(204);
  const login = await browser.post('/api/citizen/login', { username: key.username, password: key.password });
  expect(login.status).toBe(200);
  const code = key.totpSecret ? await generate({ secret: key.totpSecret }) : await codeFromOutbox(api.dataSource, key.email, 'citizen-login-code');
  const verify = await browser.post('/api/citizen/login/verify', { code });
  expect(verify.status).toBe(200);
  return { browser, login, verify };
}

/** A booked video interview (on a slot published for a new agent), with its e-mailed link token and security code. */
async function bookInterview(api: ApiHarness): Promise<{ id: string; token: string; securityCode: string }> {
  const agent = await createStaff(api.app, { roles: ['video_agent'] });
  for (;;) {
    const day = addDays(brusselsDate(new Date()), randomInt(100, 330));
    const minute = 6 * 60 + 5 * randomInt(0, 160);
    const time = (m: number) => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    const weekday = ((new Date(`${day}T12:00:00Z`).getUTCDay() + 6) % 7) + 1;
    await api.dataSource
      .getRepository(VideoAvailabilityPattern)
      .insert({ agentId: agent.id, weekday, startTime: time(minute), endTime: time(minute + 20), slotMinutes: 20, validFrom: day, validUntil: day, createdBy: agent.id });
    const browser = new Browser(api.server);
    await browser.get('/api/auth/csrf');
    const email = uniqueEmail('interview');
    const booked = await browser.post('/api/video/appointments', { startsAt: brusselsInstant(day, minute).toISOString(), givenNames: 'Lotte', surname: 'Peeters', email, language: 'en' });
    if (booked.status === 409) continue; // the slot was already taken by an earlier run's booking
    expect(booked.status).toBe(201);
    const mail = await api.dataSource
      .getRepository(OutboxMessage)
      .createQueryBuilder('m')
      .where(`m.job_name = 'mail.send' AND m.payload->>'to' = :email AND m.payload->>'template' = 'video-booked'`, { email })
      .getOneOrFail();
    const token = new URL((mail.payload as { params: { url: string } }).params.url).searchParams.get('t')!;
    const appointment = await api.dataSource.getRepository(Appointment).findOneByOrFail({ reference: booked.body.reference });
    return { id: appointment.id, token, securityCode: booked.body.securityCode };
  }
}

async function openInterview(api: ApiHarness, interview: { token: string; securityCode: string }, browser = new Browser(api.server)): Promise<{ browser: Browser; opened: request.Response }> {
  await browser.get('/api/auth/csrf');
  const opened = await browser.post('/api/video/access', { token: interview.token, securityCode: interview.securityCode });
  expect(opened.status).toBe(200);
  return { browser, opened };
}

/** A path of the route table with every parameter filled in (the guards answer before any parameter is read). */
const concrete = (path: string): string =>
  path.replace(/:(\w+)/g, (_match, name: string) => (name === 'nisCode' ? '21004' : name === 'queue' ? 'mail' : name === 'n' ? '1' : randomUUID()));

/** The state-changing routes of the route table. */
function stateChangingRoutes(api: ApiHarness): { route: string; method: Method; path: string }[] {
  return discoverRoutes(api.app)
    .filter((route) => STATE_CHANGING.has(route.split(' ')[0]))
    .map((route) => {
      const [method, path] = route.split(' ') as [string, string];
      return { route, method: method.toLowerCase() as Method, path };
    });
}

/**
 * The routes whose X-XSRF-TOKEN is a bare double-submit token when the caller holds no session (the
 * token cannot be bound to a session that does not exist yet). A cross-site page can neither read nor
 * set the XSRF-TOKEN cookie, so they are still protected; once a session exists the token is bound to
 * it (staff: every route; citizen: the /api/citizen and /api/requester routes; appointment: its own).
 */
const UNBOUND_WITHOUT_SESSION: Record<string, string> = {
  'POST /api/auth/login': 'staff sign-in: the session starts here',
  'POST /api/auth/logout': 'signing out without a session ends nothing',
  'POST /api/citizen/activation/start': 'opens an enrolment with the letter link and code: the session starts here',
  'POST /api/citizen/login': 'citizen sign-in: the session starts here',
  'POST /api/citizen/logout': 'signing out without a session ends nothing',
  'POST /api/video/appointments': 'anonymous booking of an interview (no account exists)',
  'POST /api/video/access': 'opens an appointment with the link and security code: the session starts here',
};

describe('Headers, sessions and brute force (integration)', () => {
  let dist: string;
  let api: ApiHarness;
  let production: ApiHarness;
  let config: AppConfig;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'sesame-security-'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>Sésame</title></head><body><app-root></app-root></body></html>');
    const env = { WEB_ADMIN_DIST: dist, VIDEO_BOOKING_HORIZON_DAYS: '365' };
    api = await startApi(env);
    // Production mode: what the configuration demands there (no development mail catcher or card
    // emulator, which the test environment does not set) and an https public URL, as deployed.
    production = await startApi({ ...env, NODE_ENV: 'production', PUBLIC_BASE_URL: 'https://sesame.example.be' });
    config = api.app.get<AppConfig>(APP_CONFIG);
  });
  afterAll(async () => {
    await production?.close();
    await api?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  // ── 1. headers ──────────────────────────────────────────────────────────────

  /** The CSP as directive → sources. */
  function csp(response: request.Response): Record<string, string[]> {
    const header = response.headers['content-security-policy'];
    expect(typeof header).toBe('string');
    return Object.fromEntries(
      String(header)
        .split(';')
        .map((directive) => directive.trim().split(/\s+/))
        .filter((parts) => parts[0])
        .map(([name, ...sources]) => [name, sources]),
    );
  }

  function expectSecurityHeaders(response: request.Response, mode: 'test' | 'production'): void {
    const policy = csp(response);
    expect(policy['default-src']).toEqual(["'self'"]);
    expect(policy['script-src']).toEqual(["'self'"]);
    expect(policy['script-src-attr']).toEqual(["'none'"]);
    expect(policy['object-src']).toEqual(["'none'"]);
    expect(policy['frame-ancestors']).toEqual(["'none'"]);
    expect(policy['base-uri']).toEqual(["'self'"]);
    expect(policy['form-action']).toEqual(["'self'"]);
    // Scripts never run inline or from strings anywhere; inline styles are allowed (Angular Material).
    expect(String(response.headers['content-security-policy'])).not.toMatch(/unsafe-eval/);
    expect(Object.entries(policy).filter(([, sources]) => sources.includes("'unsafe-inline'")).map(([name]) => name)).toEqual(['style-src']);
    expect(response.headers['x-content-type-options']).toBe('nosniff');
    expect(response.headers['referrer-policy']).toBe('no-referrer');
    // The legacy header, for browsers without CSP 2 (which obey frame-ancestors 'none' above and ignore it).
    expect(response.headers['x-frame-options']).toBe('DENY');
    expect(response.headers['x-powered-by']).toBeUndefined();
    if (mode === 'production') {
      const hsts = String(response.headers['strict-transport-security']);
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(365 * 24 * 3600);
      expect(hsts).toMatch(/includeSubDomains/);
      expect(policy['upgrade-insecure-requests']).toEqual([]);
    } else {
      expect(response.headers['strict-transport-security']).toBeUndefined();
      expect(policy['upgrade-insecure-requests']).toBeUndefined();
    }
  }

  it('sets CSP, nosniff, Referrer-Policy and no X-Powered-By on api answers and on the console page, and no HSTS outside production', async () => {
    const answers = {
      'api (204)': await request(api.server).get('/api/auth/csrf'),
      'api error (401)': await request(api.server).get('/api/auth/me'),
      health: await request(api.server).get('/health'),
      'console index.html': await request(api.server).get('/'),
      'console route (SPA fallback)': await request(api.server).get('/desk'),
    };
    expect(Object.values(answers).map((response) => response.status)).toEqual([204, 401, 200, 200, 200]);
    expect(answers['console index.html'].text).toContain('<app-root>');
    for (const response of Object.values(answers)) expectSecurityHeaders(response, 'test');
  });

  it('adds HSTS (at least one year, subdomains) and upgrade-insecure-requests in production, on the api and the console page', async () => {
    const answers = [await request(production.server).get('/api/auth/csrf'), await request(production.server).get('/api/auth/me'), await request(production.server).get('/'), await request(production.server).get('/desk')];
    expect(answers.map((response) => response.status)).toEqual([204, 401, 200, 200]);
    for (const response of answers) expectSecurityHeaders(response, 'production');
  });

  // ── 2. cookie flags ─────────────────────────────────────────────────────────

  /** A session cookie: HttpOnly, SameSite as given, Path=/, no Domain, Secure exactly in production, and no Expires/Max-Age (it ends with the browser; the server ends it sooner). */
  function expectSessionCookie(cookie: SetCookie, sameSite: 'Strict' | 'Lax', secure: boolean): void {
    expect(cookie.value.length).toBeGreaterThanOrEqual(43);
    expect(cookie.attributes).toEqual({ path: '/', httponly: true, samesite: sameSite, ...(secure ? { secure: true } : {}) });
  }

  /** The XSRF-TOKEN cookie: readable by the page's script (not HttpOnly), otherwise like the session cookie. */
  function expectXsrfCookie(cookie: SetCookie, sameSite: 'Strict' | 'Lax', secure: boolean): void {
    expect(cookie.value).toMatch(/^[0-9a-f]{64}$/);
    expect(cookie.attributes).toEqual({ path: '/', samesite: sameSite, ...(secure ? { secure: true } : {}) });
  }

  const near = (actual: Date, expectedMs: number) => expect(Math.abs(actual.getTime() - expectedMs)).toBeLessThan(10_000);

  it('staff session and XSRF cookies: HttpOnly (session only), SameSite=Strict, Path=/, no Expires; the server-side deadline is the configured lifetime; Secure and __Host- in production', async () => {
    for (const [instance, names, secure] of [[api, TEST_NAMES, false], [production, PRODUCTION_NAMES, true]] as const) {
      const staff = await createStaff(instance.app, { roles: ['admin'] });
      const { browser, login, totp } = await signInStaff(instance, staff);
      for (const response of [login, totp]) {
        expectSessionCookie(cookieOf(response, names.staff), 'Strict', secure);
        expectXsrfCookie(cookieOf(response, 'XSRF-TOKEN'), 'Strict', secure);
      }
      const [session] = await instance.dataSource.getRepository(StaffSession).findBy({ staffId: staff.id });
      near(session.expiresAt, session.createdAt.getTime() + config.SESSION_ABSOLUTE_TIMEOUT_SECONDS * 1000);
      // Logging out expires the session cookie at once (and hands out a fresh anonymous XSRF token).
      const logout = await browser.post('/api/auth/logout');
      expect(logout.status).toBe(204);
      const cleared = cookieOf(logout, names.staff);
      expect(cleared.value).toBe('');
      expect(Date.parse(String(cleared.attributes.expires))).toBe(0);
      expectXsrfCookie(cookieOf(logout, 'XSRF-TOKEN'), 'Strict', secure);
    }
    // The half-signed-in session (password step) lives LOGIN_PENDING_TIMEOUT_SECONDS.
    const staff = await createStaff(api.app, { roles: ['clerk'], municipalityNisCode: '21004' });
    const browser = new Browser(api.server);
    await browser.get('/api/auth/csrf');
    await browser.post('/api/auth/login', { email: staff.email, password: staff.password });
    const [partial] = await api.dataSource.getRepository(StaffSession).findBy({ staffId: staff.id });
    expect(partial.stage).toBe('password_verified');
    near(partial.expiresAt, partial.createdAt.getTime() + config.LOGIN_PENDING_TIMEOUT_SECONDS * 1000);
  });

  it('citizen session and XSRF cookies: the same flags at both login steps; deadline = configured lifetime; Secure and __Host- in production', async () => {
    for (const [instance, names, secure] of [[api, TEST_NAMES, false], [production, PRODUCTION_NAMES, true]] as const) {
      const key = await createActiveKey(instance.app, { kind: 'totp' });
      const { browser, login, verify } = await signInCitizen(instance, key);
      for (const response of [login, verify]) {
        expectSessionCookie(cookieOf(response, names.citizen), 'Strict', secure);
        expectXsrfCookie(cookieOf(response, 'XSRF-TOKEN'), 'Strict', secure);
      }
      const [session] = await instance.dataSource.getRepository(CitizenSession).findBy({ digitalKeyId: key.id });
      expect(session.stage).toBe('authenticated');
      near(session.expiresAt, session.lastSeenAt.getTime() + config.CITIZEN_SESSION_ABSOLUTE_TIMEOUT_SECONDS * 1000);
      const logout = await browser.post('/api/citizen/logout');
      expect(logout.status).toBe(204);
      expect(Date.parse(String(cookieOf(logout, names.citizen).attributes.expires))).toBe(0);
    }
  });

  it('appointment session cookie: HttpOnly, SameSite=Lax, Path=/, no Expires; the XSRF token bound to it; deadline = VIDEO_ACCESS_SESSION_MINUTES; Secure and __Host- in production', async () => {
    for (const [instance, names, secure] of [[api, TEST_NAMES, false], [production, PRODUCTION_NAMES, true]] as const) {
      const interview = await bookInterview(instance);
      const { opened } = await openInterview(instance, interview);
      expectSessionCookie(cookieOf(opened, names.appointment), 'Lax', secure);
      expectXsrfCookie(cookieOf(opened, 'XSRF-TOKEN'), 'Lax', secure);
      const [access] = await instance.dataSource.query<{ created_at: Date; expires_at: Date }[]>(`SELECT created_at, expires_at FROM appointment_access WHERE appointment_id = $1`, [interview.id]);
      near(access.expires_at, access.created_at.getTime() + config.VIDEO_ACCESS_SESSION_MINUTES * 60_000);
    }
  });

  // ── 3. CSRF on every state-changing route ───────────────────────────────────

  const FORGED = 'f'.repeat(64);

  /**
   * Sends `route` without a valid token: no header; a header that is not the cookie; and, when
   * `pairRefused`, cookie and header agreeing on a value not bound to the session. Returns what was
   * not refused with 403 `error.csrf`. These requests change nothing (the guards refuse them first).
   */
  async function csrfRefusalProblems(browser: Browser, who: string, route: { route: string; method: Method; path: string }, pairRefused: boolean): Promise<string[]> {
    const url = concrete(route.path);
    const attempts: [string, { xsrf: string | null; cookies?: Record<string, string> }][] = [
      ['without X-XSRF-TOKEN', { xsrf: null }],
      ['with a wrong X-XSRF-TOKEN', { xsrf: FORGED }],
    ];
    if (pairRefused) attempts.push(['with a cookie+header pair not bound to the session', { xsrf: FORGED, cookies: { 'XSRF-TOKEN': FORGED } }]);
    const problems: string[] = [];
    for (const [label, options] of attempts) {
      const response = await browser.send(route.method, url, {}, options);
      if (response.status !== 403 || response.body.code !== 'error.csrf') problems.push(`${who} ${route.route} ${label}: ${response.status} ${response.body.code}`);
    }
    return problems;
  }

  /**
   * The control, once every refusal is checked: the token the api handed out gets past the CSRF check
   * (the answer is whatever the route says: 400, 404, 204…). Routes that end a session go last.
   */
  async function genuineTokenProblems(browser: Browser, who: string, routes: { route: string; method: Method; path: string }[]): Promise<string[]> {
    const rank = (route: string) => (route === 'POST /api/auth/logout' ? 2 : /\/logout$|^DELETE \/api\/video\/access$/.test(route) ? 1 : 0);
    const problems: string[] = [];
    for (const route of [...routes].sort((a, b) => rank(a.route) - rank(b.route))) {
      const response = await browser.send(route.method, concrete(route.path), {});
      if (response.body?.code === 'error.csrf' || response.status >= 500) problems.push(`${who} ${route.route} with the genuine token: ${response.status} ${response.body?.code}`);
    }
    return problems;
  }

  /** A signed-in requester: a citizen session (TOTP key) whose e-mail is a member of an organisation. */
  async function signedInRequester(): Promise<Browser> {
    const organisation = await createOrganisation(api.dataSource);
    const key = await createActiveKey(api.app, { kind: 'totp' });
    await api.dataSource.getRepository(OrganisationMember).insert({ organisationId: organisation.id, email: key.email, displayName: 'Requester', role: 'requester', language: 'en' });
    const { browser } = await signInCitizen(api, key);
    expect((await browser.get('/api/requester/me')).status).toBe(200);
    return browser;
  }

  it('refuses every state-changing route of the route table without the token, or with a wrong or unbound one, for a staff session holding every role', async () => {
    // Also: auth.integration-spec "requires the CSRF header on every state-changing request, bound to the session" (one route, by hand).
    const routes = stateChangingRoutes(api);
    expect(routes.length).toBeGreaterThan(60);
    const staff = await createStaff(api.app, { roles: [...ALL_ROLES], municipalityNisCode: '21004' });
    const { browser } = await signInStaff(api, staff);
    const problems: string[] = [];
    for (const route of routes) problems.push(...(await csrfRefusalProblems(browser, 'staff', route, true)));
    problems.push(...(await genuineTokenProblems(browser, 'staff', routes)));
    expect(problems).toEqual([]);
  });

  it('refuses every state-changing route without the token for a citizen session, and an unbound token on the citizen and appointment routes', async () => {
    // Also: activation.integration-spec "requires the CSRF header on every state-changing citizen request, bound to the citizen session"
    // and video-booking.integration-spec "opens the appointment with the right code…" (one route each, by hand).
    const routes = stateChangingRoutes(api);
    const citizenRoutes = routes.filter(({ path }) => /^\/api\/(citizen|requester)\//.test(path));
    const appointmentRoutes = routes.filter(({ route }) => /^(POST|DELETE) \/api\/video\/access(\/|$)/.test(route) && route !== 'POST /api/video/access');
    expect(citizenRoutes.length).toBeGreaterThan(10);
    expect(citizenRoutes.map(({ route }) => route)).toEqual(expect.arrayContaining(['POST /api/requester/tickets', 'POST /api/citizen/login/verify', 'PUT /api/citizen/activation/key']));
    expect(appointmentRoutes.map(({ route }) => route)).toEqual(['DELETE /api/video/access', 'POST /api/video/access/cancel', 'POST /api/video/access/id-copy', 'POST /api/video/access/rebook']);

    const citizen = await signedInRequester();
    const { browser: appointment } = await openInterview(api, await bookInterview(api));
    const problems: string[] = [];
    // The citizen session binds the token on its own routes; elsewhere a missing or wrong header is refused all the same.
    for (const route of routes) problems.push(...(await csrfRefusalProblems(citizen, 'citizen', route, citizenRoutes.includes(route))));
    for (const route of appointmentRoutes) problems.push(...(await csrfRefusalProblems(appointment, 'appointment', route, true)));
    problems.push(...(await genuineTokenProblems(citizen, 'citizen', citizenRoutes)));
    problems.push(...(await genuineTokenProblems(appointment, 'appointment', appointmentRoutes)));
    expect(problems).toEqual([]);
  });

  it('lets no route past without a token; only the routes that start a session (or need none) take a bare double-submit token, by design', async () => {
    const routes = stateChangingRoutes(api);
    const unbound: string[] = [];
    const problems: string[] = [];
    for (const route of routes) {
      // A signed-out browser with the anonymous XSRF cookie of GET /api/auth/csrf.
      const anonymous = new Browser(api.server);
      await anonymous.get('/api/auth/csrf');
      const url = concrete(route.path);
      for (const [label, xsrf] of [['without X-XSRF-TOKEN', null], ['with a wrong X-XSRF-TOKEN', FORGED]] as const) {
        const response = await anonymous.send(route.method, url, {}, { xsrf });
        if (response.status !== 403 || response.body.code !== 'error.csrf') problems.push(`${route.route} ${label}: ${response.status} ${response.body.code}`);
      }
      // Cookie and header agree on a value the attacker chose: only session-less routes get further.
      const pair = await anonymous.send(route.method, url, {}, { xsrf: FORGED, cookies: { 'XSRF-TOKEN': FORGED } });
      if (pair.status !== 401 && pair.status !== 403) unbound.push(route.route);
    }
    expect(problems).toEqual([]);
    expect(unbound.sort()).toEqual(Object.keys(UNBOUND_WITHOUT_SESSION).sort());
  });

  // ── 4. session fixation ─────────────────────────────────────────────────────

  it('staff: a session cookie planted before sign-in is replaced at the password step and again at the TOTP step; neither it nor the password-step token opens anything after', async () => {
    // Also: auth.integration-spec "signs in with password then TOTP, rotates the session token…" (the two values differ).
    const attacker = await createStaff(api.app, { roles: ['admin'] });
    const { browser: attackerBrowser } = await signInStaff(api, attacker);
    const planted = {
      'an arbitrary value': randomBytes(32).toString('base64url'),
      "the attacker's own live session": attackerBrowser.cookie(TEST_NAMES.staff),
    };
    for (const [label, value] of Object.entries(planted)) {
      const victim = await createStaff(api.app, { roles: ['supervisor'] });
      const browser = new Browser(api.server);
      browser.jar.set(TEST_NAMES.staff, value);
      await browser.get('/api/auth/csrf');
      const login = await browser.post('/api/auth/login', { email: victim.email, password: victim.password });
      expect(login.status).toBe(200);
      const passwordStep = cookieOf(login, TEST_NAMES.staff).value;
      const totp = await browser.post('/api/auth/totp', { code: await generate({ secret: victim.totpSecret! }) });
      expect(totp.status).toBe(200);
      const signedIn = cookieOf(totp, TEST_NAMES.staff).value;
      expect(new Set([value, passwordStep, signedIn]).size).toBe(3);
      expect((await browser.get('/api/auth/me')).body.id).toBe(victim.id);

      const withToken = (token: string) => new Browser(api.server).send('get', '/api/auth/me', undefined, { cookies: { [TEST_NAMES.staff]: token } });
      const plantedMe = await withToken(value);
      if (label === 'an arbitrary value') expect([plantedMe.status, plantedMe.body.code]).toEqual([401, 'error.unauthorized']);
      else expect(plantedMe.body.id).toBe(attacker.id); // still the attacker's own session: the victim's sign-in never upgraded it
      expect([(await withToken(passwordStep)).status, (await withToken(passwordStep)).body.code]).toEqual([401, 'error.unauthorized']);
      // Not even the second-factor step opens with the password-step token any more.
      const partialRoute = await new Browser(api.server).send('get', '/api/auth/totp/enrolment', undefined, { cookies: { [TEST_NAMES.staff]: passwordStep } });
      expect([partialRoute.status, partialRoute.body.code]).toEqual([401, 'error.unauthorized']);
      expect(await api.dataSource.getRepository(StaffSession).countBy({ staffId: victim.id })).toBe(1);
    }
  });

  it('citizen: a session cookie planted before login is replaced at the password step and again at the code step; neither it nor the half-signed-in token opens anything after', async () => {
    // Also: citizen-login.integration-spec "logs in with username, password and the code sent by e-mail…" (the two values differ).
    const attacker = await createActiveKey(api.app, { kind: 'totp' });
    const { browser: attackerBrowser } = await signInCitizen(api, attacker);
    const planted = {
      'an arbitrary value': randomBytes(32).toString('base64url'),
      "the attacker's own live session": attackerBrowser.cookie(TEST_NAMES.citizen),
    };
    for (const [label, value] of Object.entries(planted)) {
      const victim = await createActiveKey(api.app, { kind: 'email_code' });
      const browser = new Browser(api.server);
      browser.jar.set(TEST_NAMES.citizen, value);
      const { login, verify } = await signInCitizen(api, victim, browser);
      const passwordStep = cookieOf(login, TEST_NAMES.citizen).value;
      const signedIn = cookieOf(verify, TEST_NAMES.citizen).value;
      expect(new Set([value, passwordStep, signedIn]).size).toBe(3);
      expect((await browser.get('/api/citizen/me')).body.username).toBe(victim.username);

      const me = (token: string) => new Browser(api.server).send('get', '/api/citizen/me', undefined, { cookies: { [TEST_NAMES.citizen]: token } });
      const plantedMe = await me(value);
      if (label === 'an arbitrary value') expect([plantedMe.status, plantedMe.body.code]).toEqual([401, 'citizen.session_required']);
      else expect(plantedMe.body.username).toBe(attacker.username);
      expect([(await me(passwordStep)).status, (await me(passwordStep)).body.code]).toEqual([401, 'citizen.session_required']);
      const codeStep = new Browser(api.server);
      await codeStep.get('/api/auth/csrf');
      const newCode = await codeStep.send('post', '/api/citizen/login/code', {}, { cookies: { [TEST_NAMES.citizen]: passwordStep } });
      expect([newCode.status, newCode.body.code]).toEqual([401, 'citizen.session_required']);
      expect(await api.dataSource.getRepository(CitizenSession).countBy({ digitalKeyId: victim.id })).toBe(1);
    }
  });

  it('appointment: a planted appointment cookie is replaced when the link and security code open the session, and opens nothing', async () => {
    const interview = await bookInterview(api);
    const planted = randomBytes(32).toString('base64url');
    const browser = new Browser(api.server);
    browser.jar.set(TEST_NAMES.appointment, planted);
    const { opened } = await openInterview(api, interview, browser);
    expect(cookieOf(opened, TEST_NAMES.appointment).value).not.toBe(planted);
    const replay = await new Browser(api.server).send('get', '/api/video/access/appointment', undefined, { cookies: { [TEST_NAMES.appointment]: planted } });
    expect([replay.status, replay.body.code]).toEqual([401, 'video.access.required']);
  });

  // ── 5. logout and password change end the sessions ──────────────────────────

  /** The session replayed from another browser (its cookie and its bound XSRF token): a read and a write. */
  async function replay(stolen: Browser, read: string, write: { method: Method; url: string; body: object }): Promise<[number, number]> {
    return [(await stolen.get(read)).status, (await stolen.send(write.method, write.url, write.body)).status];
  }

  it('staff: after logout the old cookie, replayed from another browser with its XSRF token, gets 401 on /api/auth/me and on a state change', async () => {
    // Also: auth.integration-spec "ends the session on logout and after the idle timeout" (same browser, /me).
    const staff = await createStaff(api.app, { roles: ['admin'] });
    const { browser } = await signInStaff(api, staff);
    const stolen = browser.copy([TEST_NAMES.staff, 'XSRF-TOKEN']);
    const write = { method: 'put' as const, url: '/api/auth/me/language', body: { language: 'fr' } };
    expect(await replay(stolen, '/api/auth/me', write)).toEqual([200, 200]);
    expect((await browser.post('/api/auth/logout')).status).toBe(204);
    expect(await replay(stolen, '/api/auth/me', write)).toEqual([401, 401]);
    expect((await stolen.send('put', write.url, write.body)).body.code).toBe('error.unauthorized');
  });

  it("staff: a password change ends the account's other sessions: their cookies replayed get 401 on /api/auth/me and on a state change", async () => {
    // Also: auth.integration-spec "changes the password and ends the other sessions of the account" (the other browser's /me).
    const staff = await createStaff(api.app, { roles: ['admin'] });
    const { browser: first } = await signInStaff(api, staff);
    await api.dataSource.query(`UPDATE staff SET totp_last_time_step = NULL WHERE id = $1`, [staff.id]);
    const { browser: second } = await signInStaff(api, staff);
    const stolen = second.copy([TEST_NAMES.staff, 'XSRF-TOKEN']);
    const write = { method: 'put' as const, url: '/api/auth/me/language', body: { language: 'nl' } };
    expect(await replay(stolen, '/api/auth/me', write)).toEqual([200, 200]);
    expect((await first.send('put', '/api/auth/me/password', { currentPassword: staff.password, newPassword: 'another-long-secret-1' })).status).toBe(204);
    expect(await replay(stolen, '/api/auth/me', write)).toEqual([401, 401]);
    expect((await first.get('/api/auth/me')).status).toBe(200);
  });

  it('citizen: after logout the old cookie, replayed with its XSRF token, gets 401 on /api/citizen/me and on a state change (a requester route)', async () => {
    // Also: citizen-login.integration-spec "logs in with username, password and the code…" (same browser, /me). Citizens change no password in Sésame.
    const browser = await signedInRequester();
    const stolen = browser.copy([TEST_NAMES.citizen, 'XSRF-TOKEN']);
    // The write: a ticket without data (400 while the session lives: it got past the session check).
    const write = { method: 'post' as const, url: '/api/requester/tickets', body: {} };
    expect(await replay(stolen, '/api/citizen/me', write)).toEqual([200, 400]);
    expect((await browser.post('/api/citizen/logout')).status).toBe(204);
    expect(await replay(stolen, '/api/citizen/me', write)).toEqual([401, 401]);
    expect((await stolen.send(write.method, write.url, write.body)).body.code).toBe('citizen.session_required');
  });

  it('appointment: after the citizen closes the session, its cookie replayed gets 401 on the appointment and on a state change', async () => {
    // Also: video-booking.integration-spec "opens the appointment with the right code…" (same browser).
    const { browser } = await openInterview(api, await bookInterview(api));
    const stolen = browser.copy([TEST_NAMES.appointment, 'XSRF-TOKEN']);
    const write = { method: 'post' as const, url: '/api/video/access/rebook', body: {} };
    expect(await replay(stolen, '/api/video/access/appointment', write)).toEqual([200, 400]);
    expect((await browser.send('delete', '/api/video/access')).status).toBe(204);
    expect(await replay(stolen, '/api/video/access/appointment', write)).toEqual([401, 401]);
  });

  // ── 6. brute force, per mechanism ───────────────────────────────────────────
  //
  // Proven elsewhere (LOGIN_MAX_FAILURES 3 there):
  //  - staff password: auth.integration-spec "locks out with back-off after repeated failures, for known and unknown addresses alike";
  //  - citizen password: citizen-login.integration-spec "throttles failed logins like staff sign-ins, for known and unknown usernames alike";
  //  - activation codes (ACTIVATION_CODE_MAX_ATTEMPTS): activation.integration-spec "refuses the N+1th attempt even with the right code once wrong codes locked it, and opens nothing";
  //  - registration codes (CITIZEN_CODE_MAX_ATTEMPTS): activation.integration-spec "lets a registration code expire, … and locks a code after wrong attempts";
  //  - appointment security codes (VIDEO_SECURITY_CODE_MAX_ATTEMPTS, 423): video-booking.integration-spec "counts wrong security codes, locks at the maximum, and then refuses even the right code".

  const throttleOf = (purpose: 'login-throttle' | 'citizen-login-throttle', value: string) => api.app.get(SecretsService).hmac(purpose, value);

  it('staff: wrong TOTP codes count against the sign-in throttle: after LOGIN_MAX_FAILURES the right code and the password are refused (429)', async () => {
    const staff = await createStaff(api.app, { roles: ['admin'] });
    const browser = new Browser(api.server);
    await browser.get('/api/auth/csrf');
    expect((await browser.post('/api/auth/login', { email: staff.email, password: staff.password })).status).toBe(200);
    const right = await generate({ secret: staff.totpSecret! });
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    const answers: unknown[] = [];
    for (let attempt = 1; attempt <= config.LOGIN_MAX_FAILURES; attempt += 1) {
      const response = await browser.post('/api/auth/totp', { code: wrong });
      answers.push([response.status, response.body.code]);
    }
    expect(answers).toEqual(Array.from({ length: config.LOGIN_MAX_FAILURES }, () => [401, 'auth.invalid_totp']));
    const locked = await browser.post('/api/auth/totp', { code: right });
    expect([locked.status, locked.body.code, locked.headers['retry-after']]).toEqual([429, 'auth.too_many_attempts', String(config.LOGIN_LOCKOUT_BASE_SECONDS)]);
    const again = new Browser(api.server);
    await again.get('/api/auth/csrf');
    expect((await again.post('/api/auth/login', { email: staff.email, password: staff.password })).status).toBe(429);
    const lockout = await api.dataSource.getRepository(AuditEntry).findOneByOrFail({ subjectId: staff.id, action: 'auth.locked_out' });
    expect(lockout.details).toMatchObject({ factor: 'totp', failures: config.LOGIN_MAX_FAILURES });
    expect(await api.dataSource.getRepository(StaffSession).countBy({ staffId: staff.id, stage: 'authenticated' })).toBe(0);
  });

  it('citizen: an e-mailed login code locks after CITIZEN_CODE_MAX_ATTEMPTS wrong codes (423, even for the right code), and the wrong codes throttle the username (429, no new code)', async () => {
    expect(config.CITIZEN_CODE_MAX_ATTEMPTS).toBeLessThanOrEqual(config.LOGIN_MAX_FAILURES);
    const key = await createActiveKey(api.app, { kind: 'email_code' });
    const browser = new Browser(api.server);
    await browser.get('/api/citizen/csrf');
    expect((await browser.post('/api/citizen/login', { username: key.username, password: key.password })).status).toBe(200);
    const code = await codeFromOutbox(api.dataSource, key.email, 'citizen-login-code');
    const answers: unknown[] = [];
    for (let attempt = 1; attempt <= config.CITIZEN_CODE_MAX_ATTEMPTS; attempt += 1) {
      const response = await browser.post('/api/citizen/login/verify', { code: String((Number(code) + attempt) % 1_000_000).padStart(6, '0') });
      answers.push([response.status, response.body.code, response.body.attemptsLeft]);
    }
    expect(answers).toEqual([
      ...Array.from({ length: config.CITIZEN_CODE_MAX_ATTEMPTS - 1 }, (_, i) => [400, 'citizen.code.wrong', config.CITIZEN_CODE_MAX_ATTEMPTS - 1 - i]),
      [423, 'citizen.code.locked', undefined],
    ]);
    const failures = (await api.dataSource.getRepository(LoginThrottle).findOneByOrFail({ keyHash: throttleOf('citizen-login-throttle', key.username) })).failures;
    expect(failures).toBe(config.CITIZEN_CODE_MAX_ATTEMPTS);
    if (failures >= config.LOGIN_MAX_FAILURES) {
      // The username is locked too: neither the right code nor a new code now.
      const right = await browser.post('/api/citizen/login/verify', { code });
      expect([right.status, right.body.code]).toEqual([429, 'citizen.login.too_many_attempts']);
      expect((await browser.post('/api/citizen/login/code')).status).toBe(429);
      // Once the username's lock is over, the code itself is still locked.
      await api.dataSource.getRepository(LoginThrottle).update({ keyHash: throttleOf('citizen-login-throttle', key.username) }, { lockedUntil: new Date(Date.now() - 1000) });
    }
    const right = await browser.post('/api/citizen/login/verify', { code });
    expect([right.status, right.body.code]).toEqual([423, 'citizen.code.locked']);
    expect((await browser.get('/api/citizen/me')).status).toBe(401);
    expect(await api.dataSource.getRepository(CitizenSession).countBy({ digitalKeyId: key.id, stage: 'authenticated' })).toBe(0);
  });

  it('citizen: wrong authenticator-app codes count against the username throttle: after LOGIN_MAX_FAILURES the right code is refused (429)', async () => {
    const key = await createActiveKey(api.app, { kind: 'totp' });
    const browser = new Browser(api.server);
    await browser.get('/api/citizen/csrf');
    expect((await browser.post('/api/citizen/login', { username: key.username, password: key.password })).status).toBe(200);
    const right = await generate({ secret: key.totpSecret! });
    const wrong = String((Number(right) + 500_000) % 1_000_000).padStart(6, '0');
    for (let attempt = 1; attempt <= config.LOGIN_MAX_FAILURES; attempt += 1) {
      expect((await browser.post('/api/citizen/login/verify', { code: wrong })).body.code).toBe('citizen.totp.wrong');
    }
    const locked = await browser.post('/api/citizen/login/verify', { code: right });
    expect([locked.status, locked.body.code]).toEqual([429, 'citizen.login.too_many_attempts']);
    expect(await api.dataSource.getRepository(CitizenSession).countBy({ digitalKeyId: key.id, stage: 'authenticated' })).toBe(0);
  });

  // ── 7. timing of "unknown account" and "wrong password" ─────────────────────

  const SAMPLES = 40;
  /** The algorithm and cost parameters of a PHC argon2 hash ($argon2id$v=19$m=19456,p=1,t=2$<salt>$<hash>). */
  const costOf = (hash: unknown) => /^\$argon2id\$v=\d+\$[^$]+\$/.exec(String(hash))?.[0];

  /**
   * Sends `SAMPLES` sign-ins of each kind in random order, each on a fresh account or name (no
   * throttle), and records per request the status, the body, the argon2 calls and the time.
   */
  async function measure(
    kinds: { unknown: (i: number) => Promise<request.Response>; wrongPassword: (i: number) => Promise<request.Response> },
  ): Promise<Record<'unknown' | 'wrongPassword', { ms: number; status: number; body: unknown; verifies: number; hashes: number; cost: string | undefined }[]>> {
    const results = { unknown: [] as Awaited<ReturnType<typeof measure>>['unknown'], wrongPassword: [] as Awaited<ReturnType<typeof measure>>['unknown'] };
    // Warm-up, not measured: the first unknown name computes the dummy hash once per process.
    await kinds.unknown(-1);
    await kinds.wrongPassword(-1);
    const order = shuffled([...Array.from({ length: SAMPLES }, (_, i) => ['unknown', i] as const), ...Array.from({ length: SAMPLES }, (_, i) => ['wrongPassword', i] as const)]);
    for (const [kind, i] of order) {
      argon2.verify.mockClear();
      argon2.hash.mockClear();
      const { result, ms } = await timed(() => kinds[kind](i));
      results[kind].push({ ms, status: result.status, body: result.body, verifies: argon2.verify.mock.calls.length, hashes: argon2.hash.mock.calls.length, cost: costOf(argon2.verify.mock.calls[0]?.[0]) });
    }
    return results;
  }

  function expectSameWork(results: Awaited<ReturnType<typeof measure>>, expectedBody: object, label: string): void {
    const storedCost = results.wrongPassword[0].cost;
    expect(storedCost).toBe('$argon2id$v=19$m=19456,p=1,t=2$');
    for (const kind of ['unknown', 'wrongPassword'] as const) {
      // Each answer, whatever the kind: the same refusal, after exactly one argon2id verification at the stored hashes' cost, and no hashing.
      expect(results[kind].map(({ status, body, verifies, hashes, cost }) => ({ status, body, verifies, hashes, cost }))).toEqual(
        Array.from({ length: SAMPLES }, () => ({ status: 401, body: expectedBody, verifies: 1, hashes: 0, cost: storedCost })),
      );
    }
    const samples = { unknown: results.unknown.map((r) => r.ms), wrongPassword: results.wrongPassword.map((r) => r.ms) };
    // Measured, never asserted (a loaded machine must not fail the build): the proof is the counts above.
    console.log(timingSummary(label, samples));
  }

  it('staff login: an unknown e-mail and a wrong password do the same work (one argon2id verification each); their times are printed', async () => {
    const browser = new Browser(api.server);
    await browser.get('/api/auth/csrf');
    const accounts: TestStaff[] = [];
    for (let i = 0; i <= SAMPLES; i += 1) accounts.push(await createStaff(api.app, { roles: ['clerk'], municipalityNisCode: '21004' }));
    const results = await measure({
      unknown: () => browser.post('/api/auth/login', { email: uniqueEmail('nobody'), password: 'a-wrong-password-1' }),
      wrongPassword: (i) => browser.post('/api/auth/login', { email: accounts[i + 1].email, password: 'a-wrong-password-1' }),
    });
    expectSameWork(results, { statusCode: 401, code: 'auth.invalid_credentials', message: 'E-mail address or password is incorrect.' }, 'staff login');
  });

  it('citizen login: an unknown username and a wrong password do the same work (one argon2id verification each); their times are printed', async () => {
    const browser = new Browser(api.server);
    await browser.get('/api/citizen/csrf');
    const keys: TestDigitalKey[] = [];
    for (let i = 0; i <= SAMPLES; i += 1) keys.push(await createActiveKey(api.app, { kind: 'email_code' }));
    const results = await measure({
      unknown: () => browser.post('/api/citizen/login', { username: `nobody.${randomBytes(5).toString('hex')}`, password: 'a-wrong-password-1' }),
      wrongPassword: (i) => browser.post('/api/citizen/login', { username: keys[i + 1].username, password: 'a-wrong-password-1' }),
    });
    expectSameWork(results, { statusCode: 401, code: 'citizen.login.invalid_credentials', message: 'Username or password is incorrect.' }, 'citizen login');
  });
});
