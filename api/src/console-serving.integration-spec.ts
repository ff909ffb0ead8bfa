import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { ApiHarness, startApi } from '../../test/integration/support/api-harness';

/** The api serves the built console: SPA fallback, run-time settings, and a CSP that lets the desk page reach the agent. */
describe('Serving the console', () => {
  let api: ApiHarness;
  let dist: string;

  beforeAll(async () => {
    dist = mkdtempSync(join(tmpdir(), 'sesame-console-'));
    mkdirSync(join(dist, 'media'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><html><head><title>Sésame</title></head><body><app-root></app-root></body></html>');
    writeFileSync(join(dist, 'main-ABC.js'), 'console.log(1);');
    api = await startApi({ WEB_ADMIN_DIST: dist, DESK_AGENT_URL: 'ws://127.0.0.1:36001' });
  });
  afterAll(async () => {
    await api.close();
    rmSync(dist, { recursive: true, force: true });
  });

  it('answers a console route with index.html carrying the desk agent URL, not cached', async () => {
    const response = await request(api.server).get('/desk').expect(200);
    expect(response.headers['content-type']).toMatch(/text\/html/);
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.text).toContain('<meta name="sesame-desk-agent-url" content="ws://127.0.0.1:36001" />');
    expect((await request(api.server).get('/index.html').expect(200)).text).toContain('sesame-desk-agent-url');
  });

  it('allows the desk agent, and only it besides the api, in connect-src', async () => {
    const response = await request(api.server).get('/').expect(200);
    const connectSrc = /connect-src ([^;]+)/.exec(String(response.headers['content-security-policy']))?.[1];
    expect(connectSrc?.split(' ')).toEqual(["'self'", 'ws://127.0.0.1:36001']);
  });

  it('serves built files as they are and answers 404 for a missing one instead of the page', async () => {
    expect((await request(api.server).get('/main-ABC.js').expect(200)).text).toBe('console.log(1);');
    await request(api.server).get('/missing-XYZ.js').expect(404);
    await request(api.server).get('/api/nothing-here').expect(404);
  });
});
