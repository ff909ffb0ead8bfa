import type { Role } from '@sesame/database';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff, ensureMunicipality, TestStaff } from '../../../test/integration/support/factories';
import { discoverRoutes } from '../../../test/integration/support/routes';

type Who = Role | 'anonymous';
const ROLES: Role[] = ['clerk', 'video_agent', 'niss_operator', 'supervisor', 'admin'];
const OWN = '21004';
const OTHER = '62063';

/**
 * The expected permission of every route, written by hand: adding a route without adding it here
 * fails the test. 'public' = no session needed; 'citizen' = a citizen session (activation, login; the
 * NISS requester pages, which also need an organisation membership; the video appointment pages with
 * their `sesame_appointment` cookie) and never a staff one; otherwise the roles allowed.
 */
const EXPECTED: Record<string, 'public' | 'partial' | 'citizen' | Role[]> = {
  'GET /api/auth/csrf': 'public',
  'POST /api/auth/login': 'public',
  'POST /api/auth/logout': 'public',
  'POST /api/auth/totp': 'partial',
  'POST /api/auth/recovery': 'partial',
  'GET /api/auth/totp/enrolment': 'partial',
  'POST /api/auth/totp/enrolment': 'partial',
  'GET /api/auth/me': ROLES,
  'PUT /api/auth/me/language': ROLES,
  'PUT /api/auth/me/password': ROLES,
  'GET /api/municipalities': ROLES,
  'GET /api/municipalities/:nisCode/office': ['clerk', 'supervisor', 'admin'],
  'GET /api/staff': ['admin'],
  'POST /api/staff': ['admin'],
  'PATCH /api/staff/:id': ['admin'],
  'POST /api/staff/:id/disable': ['admin'],
  'POST /api/staff/:id/enable': ['admin'],
  'POST /api/staff/:id/reset-second-factor': ['admin'],
  'GET /api/audit': ['supervisor', 'admin'],
  'GET /api/admin/jobs': ['admin'],
  'GET /api/admin/jobs/:queue/failed': ['admin'],
  'POST /api/admin/jobs/:queue/:id/retry': ['admin'],
  'GET /api/dev/mailbox': ['admin'],
  'DELETE /api/dev/mailbox': ['admin'],
  'POST /api/desk/mrz-scans': ['clerk'],
  'GET /api/desk/mrz-scans/:id': ['clerk'],
  'GET /api/dev/virtual-card': ['clerk'],
  'PUT /api/dev/virtual-card': ['clerk'],
  'DELETE /api/dev/virtual-card': ['clerk'],
  'POST /api/desk/card-reads': ['clerk'],
  'POST /api/desk/document-checks': ['clerk'],
  'GET /api/desk/email-check': ['clerk'],
  'POST /api/desk/activation-codes': ['clerk'],
  'GET /api/desk/activation-codes': ['clerk'],
  'GET /api/desk/activation-codes/:id': ['clerk'],
  'GET /api/desk/activation-codes/:id/letter': ['clerk'],
  'POST /api/desk/activation-codes/:id/prints': ['clerk'],
  'POST /api/desk/activation-codes/:id/revoke': ['clerk'],
  'POST /api/persons/candidate-searches': ['niss_operator', 'supervisor'],
  'GET /api/niss/queue': ['niss_operator', 'supervisor'],
  'GET /api/niss/tickets/:id': ['niss_operator', 'supervisor'],
  'GET /api/niss/documents/:id/pages/:n': ['niss_operator', 'supervisor'],
  'POST /api/niss/tickets/:id/claim': ['niss_operator', 'supervisor'],
  'DELETE /api/niss/tickets/:id/claim': ['niss_operator', 'supervisor'],
  'POST /api/niss/tickets/:id/claim/touch': ['niss_operator', 'supervisor'],
  'POST /api/niss/tickets/:id/identify': ['niss_operator', 'supervisor'],
  'POST /api/niss/tickets/:id/bis': ['niss_operator', 'supervisor'],
  'POST /api/niss/tickets/:id/fail': ['niss_operator', 'supervisor'],
  'POST /api/niss/tickets/:id/reupload-request': ['niss_operator', 'supervisor'],
  'POST /api/niss/reupload-requests': ['niss_operator', 'supervisor'],
  'GET /api/niss/figures': ['supervisor'],
  'GET /api/organisations': ['admin', 'niss_operator', 'supervisor'],
  'POST /api/organisations': ['admin'],
  'GET /api/organisations/:id/members': ['admin'],
  'POST /api/organisations/:id/members': ['admin'],
  'DELETE /api/organisations/:id/members/:memberId': ['admin'],
  'GET /api/requester/me': 'citizen',
  'POST /api/requester/documents': 'citizen',
  'GET /api/requester/documents/:id': 'citizen',
  'GET /api/requester/documents/:id/pages/:n': 'citizen',
  'POST /api/requester/tickets': 'citizen',
  'GET /api/requester/tickets': 'citizen',
  'GET /api/requester/tickets/:id': 'citizen',
  'DELETE /api/requester/tickets/:id': 'citizen',
  'POST /api/requester/tickets/:id/reupload': 'citizen',
  'GET /api/citizen/csrf': 'public',
  'POST /api/citizen/activation/start': 'public',
  'GET /api/citizen/activation': 'citizen',
  'PUT /api/citizen/activation/key': 'citizen',
  'PUT /api/citizen/activation/credentials': 'citizen',
  'POST /api/citizen/activation/code': 'citizen',
  'POST /api/citizen/activation/confirm': 'citizen',
  'POST /api/citizen/login': 'public',
  'POST /api/citizen/login/code': 'citizen',
  'POST /api/citizen/login/verify': 'citizen',
  'GET /api/citizen/me': 'citizen',
  'POST /api/citizen/logout': 'public',
  'GET /api/video/slots': 'public',
  'POST /api/video/appointments': 'public',
  'POST /api/video/access': 'public',
  'GET /api/video/access/appointment': 'citizen',
  'POST /api/video/access/id-copy': 'citizen',
  'POST /api/video/access/cancel': 'citizen',
  'POST /api/video/access/rebook': 'citizen',
  'DELETE /api/video/access': 'citizen',
  'GET /api/video/agents': ['video_agent', 'supervisor', 'admin'],
  'GET /api/video/availability': ['video_agent', 'supervisor', 'admin'],
  'POST /api/video/availability/patterns': ['video_agent', 'supervisor', 'admin'],
  'DELETE /api/video/availability/patterns/:id': ['video_agent', 'supervisor', 'admin'],
  'POST /api/video/availability/exceptions': ['video_agent', 'supervisor', 'admin'],
  'DELETE /api/video/availability/exceptions/:id': ['video_agent', 'supervisor', 'admin'],
  'GET /api/video/capacity': ['supervisor', 'admin'],
  'GET /api/video/agenda': ['video_agent', 'supervisor', 'admin'],
  'GET /api/video/appointments/:id': ['video_agent', 'supervisor', 'admin'],
  'GET /api/video/appointments/:id/id-copy/pages/:n': ['video_agent', 'supervisor', 'admin'],
  'POST /api/video/appointments/:id/start': ['video_agent'],
  'POST /api/video/appointments/:id/stills': ['video_agent'],
  'GET /api/video/appointments/:id/stills/:stillId': ['video_agent', 'supervisor', 'admin'],
  'POST /api/video/appointments/:id/approve': ['video_agent'],
  'POST /api/video/appointments/:id/refuse': ['video_agent'],
  'POST /api/video/appointments/:id/no-show': ['video_agent'],
  'GET /health': 'public',
  'GET /metrics': 'public',
};

const concrete = (path: string, nisCode: string, staffId: string): string =>
  path.replace(':nisCode', nisCode).replace(':id/retry', 'outbox-0/retry').replace(':id', staffId).replace(':queue', 'mail');

describe('Route × role × municipality permission matrix (integration)', () => {
  let api: ApiHarness;
  const clients = new Map<Who, ConsoleClient>();
  let target: TestStaff;

  beforeAll(async () => {
    api = await startApi();
    await ensureMunicipality(api.dataSource, OTHER);
    target = await createStaff(api.app, { roles: ['video_agent'] });
    for (const role of ROLES) {
      const staff = await createStaff(api.app, { roles: [role], municipalityNisCode: role === 'clerk' ? OWN : null });
      const client = new ConsoleClient(api.server);
      await client.signIn(staff);
      clients.set(role, client);
    }
    const anonymous = new ConsoleClient(api.server);
    await anonymous.csrf();
    clients.set('anonymous', anonymous);
  });
  afterAll(() => api.close());

  it('knows every served route (a new route must be added to the expected table)', () => {
    expect(discoverRoutes(api.app)).toEqual(Object.keys(EXPECTED).sort());
  });

  it('refuses every role the table does not allow, and signed-out callers, on every route', async () => {
    const unexpected: string[] = [];
    // Logout last: it ends the session the other checks use.
    const routes = Object.entries(EXPECTED).sort(([a], [b]) => Number(a.endsWith('/logout')) - Number(b.endsWith('/logout')));
    for (const [route, allowed] of routes) {
      const [method, path] = route.split(' ') as [string, string];
      for (const who of [...ROLES, 'anonymous'] as Who[]) {
        for (const nisCode of path.includes(':nisCode') ? [OWN, OTHER] : [OWN]) {
          const response = await clients.get(who)!.send(method.toLowerCase() as 'get', concrete(path, nisCode, target.id), method === 'GET' ? undefined : {});
          const status = response.status;
          let shouldPass: boolean;
          if (allowed === 'public') shouldPass = true;
          else if (allowed === 'partial') shouldPass = false; // fully signed-in or anonymous sessions never reach second-factor routes
          else if (allowed === 'citizen') shouldPass = false; // a staff session (or none) never opens citizen routes
          else shouldPass = who !== 'anonymous' && allowed.includes(who) && !(who === 'clerk' && nisCode === OTHER);
          const refused = status === 401 || status === 403;
          if (shouldPass === refused) unexpected.push(`${route} as ${who}${path.includes(':nisCode') ? ` (${nisCode === OWN ? 'own' : 'other'} municipality)` : ''}: ${status}`);
          if (!shouldPass && who === 'anonymous' && allowed !== 'public' && status !== 401) unexpected.push(`${route} signed out answered ${status}, not 401`);
          if (status >= 500) unexpected.push(`${route} as ${who}: ${status} ${JSON.stringify(response.body)}`);
        }
      }
    }
    expect(unexpected).toEqual([]);
  });
});
