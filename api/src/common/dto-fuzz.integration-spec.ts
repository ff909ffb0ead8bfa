/**
 * Fuzzing of every DTO over HTTP (issue 6, "abuse and bad input"): every route the server serves
 * (discovered from Express's router, as the permission matrix does) gets generated bodies (any JSON,
 * wrong types, huge strings, deep nesting, `__proto__`/`constructor` keys, broken Unicode, wrong
 * content types) and route parameters (UUIDs and junk), GETs get generated query strings, each sent
 * as an all-roles staff member (admin included), a signed-in NISS requester (citizen) and a
 * signed-out caller, with the CSRF token set so the requests reach validation. Every answer must be
 * < 500, and every 4xx a JSON body with a message key `code` and a `message`. All violations are
 * collected and reported at once. Bounded: `FUZZ_SEED` and `FUZZ_RUNS_FACTOR` (test/fuzz/fuzz-settings.ts).
 */
import type { Role } from '@sesame/database';
import { isMessageKey } from '@sesame/i18n';
import fc from 'fast-check';
import { FUZZ_RUNS_FACTOR, FUZZ_SEED } from '../../../test/fuzz/fuzz-settings';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff } from '../../../test/integration/support/factories';
import { createOrganisation, signInRequester } from '../../../test/integration/support/niss-factory';
import { discoverRoutes } from '../../../test/integration/support/routes';

type Who = 'staff' | 'citizen' | 'anonymous';
type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

const ALL_ROLES: Role[] = ['clerk', 'video_agent', 'niss_operator', 'supervisor', 'admin'];
/** Bodies per state-changing route and caller; query strings per GET route and caller. */
const BODIES = Math.max(1, Math.round(20 * FUZZ_RUNS_FACTOR));
const QUERIES = Math.max(1, Math.round(4 * FUZZ_RUNS_FACTOR));
const BODY_LIMIT_BYTES = 100 * 1024;

/** A request body as sent on the wire: raw text and its content type. */
interface RawBody {
  text: string;
  contentType: string;
}

const FIELD_NAMES = [
  'email', 'password', 'code', 'roles', 'language', 'displayName', 'name', 'id', 'page', 'pageSize', 'reason', 'nationalNumber',
  'birthDate', 'firstNames', 'surname', 'phone', 'username', 'date', 'from', 'to', 'slotId', 'documentId', 'municipalityNisCode',
  'enterpriseNumber', 'kind', 'comment', 'files', 'mrz', 'cardRead', 'identity', 'currentPassword', 'newPassword', 'recoveryCode',
  'weekday', 'start', 'end', 'confirm', 'publicKey', 'bisNumber', 'organisationId', 'memberId', 'sex', 'nationality',
];
const POLLUTION = ['__proto__', 'constructor', 'prototype', 'hasOwnProperty', 'toString', 'valueOf', '__defineGetter__'];

const anyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(null, true, false, 0, -1, 1e308, -0, 2 ** 53 + 1, '', ' ', '0', 'true', 'null', '[]', '{}', 'NaN'),
  fc.string({ maxLength: 60, unit: 'binary' }),
  fc.string({ maxLength: 20, unit: 'grapheme' }),
  fc.uuid(),
  fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  fc.integer({ min: 1000, max: 9000 }).map((n) => 'x'.repeat(n)),
);

/** Objects whose keys look like real DTO fields (so some reach field validation) or pollute prototypes. */
const fieldObject = fc.dictionary(fc.oneof(fc.constantFrom(...FIELD_NAMES), fc.constantFrom(...POLLUTION), fc.string({ maxLength: 12 })), anyValue, { maxKeys: 8 });

/** The JSON text of a value with a key written literally (JSON.stringify drops a `__proto__` own key otherwise). */
const withLiteralKey = (key: string, value: unknown, rest: Record<string, unknown>): string => {
  const inner = JSON.stringify(rest);
  const member = `${JSON.stringify(key)}:${JSON.stringify(value) ?? 'null'}`;
  return inner === '{}' ? `{${member}}` : `{${member},${inner.slice(1)}`;
};

const json = (text: string): RawBody => ({ text, contentType: 'application/json' });

const body: fc.Arbitrary<RawBody> = fc.oneof(
  { weight: 4, arbitrary: fieldObject.map((value) => json(JSON.stringify(value))) },
  { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...POLLUTION), fc.oneof(fieldObject, anyValue), fieldObject).map(([key, value, rest]) => json(withLiteralKey(key, value, rest))) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((value) => json(JSON.stringify(value) ?? 'null')) },
  // Deep nesting: arrays and objects thousands of levels deep.
  { weight: 1, arbitrary: fc.integer({ min: 100, max: 20_000 }).map((depth) => json('['.repeat(depth) + ']'.repeat(depth))) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.integer({ min: 50, max: 5_000 })).map(([key, depth]) => json(`{"${key}":`.repeat(depth) + '1' + '}'.repeat(depth))) },
  // Huge strings: just under and over the body limit.
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom(...FIELD_NAMES), fc.integer({ min: BODY_LIMIT_BYTES - 2_000, max: BODY_LIMIT_BYTES + 50_000 })).map(([key, n]) => json(JSON.stringify({ [key]: 'é'.repeat(n / 2) }))) },
  // Broken text: lone surrogates, NUL, malformed JSON, empty bodies.
  { weight: 1, arbitrary: fc.constantFrom('{"email":"\\ud800"}', '{"code":"\\u0000"}', '{"a":', '', 'null', '"text"', '{"a":1,"a":2}', '\ufeff{}', '{"page":1e999}').map(json) },
  // Wrong content types.
  {
    weight: 1,
    arbitrary: fc.tuple(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16'), fc.string({ maxLength: 200 })).map(
      ([contentType, text]) => ({ contentType, text: contentType.startsWith('application/x-www') ? `email[__proto__][x]=1&roles[]=admin&${encodeURIComponent(text)}=1` : text }),
    ),
  },
);

/** A query string: junk values for common parameters, arrays, nested keys, prototype keys. */
const query: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('page', 'pageSize', 'from', 'to', 'date', 'status', 'email', 'q', 'action', 'week', 'agentId', 'nisCode', 'cursor', 'limit'), fc.constantFrom(...POLLUTION), fc.constantFrom('page[]', 'a[b][c]', '__proto__[polluted]', 'constructor[prototype][x]')),
      fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('-1', '0', '1e9', 'NaN', '2026-02-30', '', '%', 'x'.repeat(3000)), fc.integer().map(String), fc.uuid()),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([key, value]) => `${key.replace(/[^[\]_a-zA-Z0-9]/g, '')}=${encodeURIComponent(value)}`).join('&'));

/** A value for a route parameter: mostly of the right shape, sometimes junk. */
function paramArbitrary(name: string): fc.Arbitrary<string> {
  const junk = fc.oneof(fc.string({ minLength: 1, maxLength: 40 }), fc.constantFrom('0', '-1', '99999999999999999999', 'null', '..', 'ü', 'x'.repeat(500)));
  const right: Record<string, fc.Arbitrary<string>> = {
    n: fc.integer({ min: -2, max: 10 }).map(String),
    nisCode: fc.constantFrom('21004', '62063', '00000', '99999'),
    queue: fc.constantFrom('mail', 'ocr', 'sms', 'letters', 'nope'),
  };
  return fc.oneof({ weight: 3, arbitrary: right[name] ?? fc.uuid() }, { weight: 1, arbitrary: junk }).map((value) => encodeURIComponent(value));
}

function concretePath(path: string, rng: number): string {
  return path.replace(/:([A-Za-z]+)/g, (_, name: string) => fc.sample(paramArbitrary(name), { seed: FUZZ_SEED + rng + name.length, numRuns: 1 })[0]);
}

/** A stable number per route, so each route gets its own samples from the shared seed. */
const routeSeed = (route: string): number => [...route].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, FUZZ_SEED);

describe('Every DTO under fuzzing: no 5xx, every refusal a 4xx with a message key (integration)', () => {
  let api: ApiHarness;
  const clients = new Map<Who, ConsoleClient>();

  beforeAll(async () => {
    api = await startApi();
    // One staff member with every role (a clerk needs a municipality): every staff route reaches its validation.
    const staff = new ConsoleClient(api.server);
    await staff.signIn(await createStaff(api.app, { roles: ALL_ROLES, municipalityNisCode: '21004' }));
    clients.set('staff', staff);
    const organisation = await createOrganisation(api.dataSource);
    clients.set('citizen', (await signInRequester(api.app, api.server, organisation.id)).client);
    const anonymous = new ConsoleClient(api.server);
    await anonymous.csrf();
    await anonymous.get('/api/citizen/csrf');
    clients.set('anonymous', anonymous);
  });
  afterAll(() => api.close());

  it('answers every generated body, parameter and query with < 500, and every 4xx with { code: <message key>, message }', async () => {
    const started = Date.now();
    // Sessions end on logout: those routes go last.
    const routes = discoverRoutes(api.app).sort((a, b) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
    expect(routes.length).toBeGreaterThan(100);
    const violations: string[] = [];
    let sent = 0;
    const statuses = new Map<number, number>();

    for (const route of routes) {
      const [methodName, path] = route.split(' ') as [string, string];
      const method = methodName.toLowerCase() as Method;
      const seed = routeSeed(route);
      const count = method === 'get' ? QUERIES : BODIES;
      const bodies = method === 'get' ? [] : fc.sample(body, { seed, numRuns: count });
      const queries = fc.sample(query, { seed: seed + 1, numRuns: count });
      for (const who of ['staff', 'citizen', 'anonymous'] as Who[]) {
        const client = clients.get(who)!;
        for (let i = 0; i < count; i++) {
          const url = `${concretePath(path, seed + i)}${method === 'get' ? `?${queries[i]}` : ''}`;
          const payload = bodies[i];
          const response = await client.send(method, url, payload?.text, payload ? { 'Content-Type': payload.contentType } : {});
          sent++;
          statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
          const what = `${route} as ${who}: ${methodName} ${url.slice(0, 200)}${payload ? ` [${payload.contentType}] ${payload.text.slice(0, 200)}` : ''}`;
          if (response.status >= 500) violations.push(`${what} → ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
          else if (response.status >= 400) {
            const { code, message } = (response.body ?? {}) as { code?: unknown; message?: unknown };
            if (typeof code !== 'string' || !isMessageKey(code) || typeof message !== 'string' || message === '') {
              violations.push(`${what} → ${response.status} without a message key: ${JSON.stringify(response.body).slice(0, 300)}`);
            }
          }
        }
      }
    }

    const seconds = (Date.now() - started) / 1000;
    const summary = [...statuses.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`).join(' ');
    console.log(`DTO fuzz (seed ${FUZZ_SEED}): ${routes.length} routes, ${sent} requests in ${seconds.toFixed(1)} s; statuses ${summary}; ${violations.length} violations`);
    expect(violations).toEqual([]);
  }, 180_000);

  it('refuses a 40 MB upload with 413 and a message key', async () => {
    // A requester of its own: the fuzzing above may have ended the first one's session (logout routes).
    const { client: citizen } = await signInRequester(api.app, api.server, (await createOrganisation(api.dataSource)).id);
    const big = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40 * 1024 * 1024, 0x41)]);
    const response = await citizen.upload('/api/requester/documents', 'files', big, { filename: 'scan.png', contentType: 'image/png' });
    expect(response.status).toBe(413);
    expect(response.body).toMatchObject({ code: 'error.payload_too_large', message: expect.any(String) });
  });
});
