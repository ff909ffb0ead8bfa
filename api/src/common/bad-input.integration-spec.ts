import { AuditEntry, OutboxMessage, Staff } from '@sesame/database';
import { ApiHarness, startApi } from '../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../test/integration/support/console-client';
import { createStaff } from '../../../test/integration/support/factories';

describe('Bad input is refused precisely, in the caller language, and changes nothing (integration)', () => {
  let api: ApiHarness;
  let client: ConsoleClient;
  let counts: () => Promise<number[]>;

  beforeAll(async () => {
    api = await startApi({ HTTP_BODY_LIMIT: '2kb' });
    client = new ConsoleClient(api.server, 'de');
    await client.signIn(await createStaff(api.app, { roles: ['admin'] }));
    counts = () =>
      Promise.all([
        api.dataSource.getRepository(Staff).count(),
        api.dataSource.getRepository(AuditEntry).count(),
        api.dataSource.getRepository(OutboxMessage).count(),
      ]);
  });
  afterAll(() => api.close());

  it('malformed JSON → 400 error.malformed_json', async () => {
    const before = await counts();
    const response = await client.send('post', '/api/staff', '{"email": "x@y.be",', { 'Content-Type': 'application/json' });
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ statusCode: 400, code: 'error.malformed_json', message: 'Der Inhalt der Anfrage ist kein gültiges JSON.' });
    expect(await counts()).toEqual(before);
  });

  it('oversized body → 413', async () => {
    const before = await counts();
    const response = await client.post('/api/staff', { email: 'big@sesame.test', displayName: 'x'.repeat(5000), language: 'fr', roles: ['admin'] });
    expect(response.status).toBe(413);
    expect(response.body.code).toBe('error.payload_too_large');
    expect(await counts()).toEqual(before);
  });

  it('unknown fields and wrong types → 400 with one translated message per field', async () => {
    const before = await counts();
    const response = await client.post('/api/staff', { email: 'not-an-email', displayName: 42, language: 'es', roles: ['king'], isAdmin: true });
    expect(response.status).toBe(400);
    expect(response.body.code).toBe('error.validation');
    expect(response.body.message).toBe('Einige Felder sind ungültig.');
    const byField = Object.fromEntries(
      (response.body.errors as { field: string; code: string; message: string }[]).map((e) => [`${e.field}:${e.code}`, e.message]),
    );
    expect(byField).toMatchObject({
      'isAdmin:unknown_field': 'Dieses Feld ist nicht erlaubt.',
      'email:isEmail': 'Geben Sie eine gültige E-Mail-Adresse ein.',
      'displayName:isString': 'Muss Text sein.',
      'language:isIn': 'Wählen Sie einen der zulässigen Werte.',
      'roles:isIn': 'Wählen Sie einen der zulässigen Werte.',
    });
    expect(await counts()).toEqual(before);
  });

  it('bad path and query parameters → 400, unknown ids → 404', async () => {
    expect((await client.get('/api/staff?page=0&pageSize=1000')).body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['page', 'pageSize']);
    expect((await client.send('patch', '/api/staff/not-a-uuid', { displayName: 'Someone' })).status).toBe(400);
    const missing = await client.send('patch', '/api/staff/00000000-0000-4000-8000-000000000000', { displayName: 'Someone' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('staff.not_found');
    expect((await client.get('/api/municipalities/12/office')).status).toBe(400);
    expect((await client.get('/api/no-such-route')).status).toBe(404);
  });
});
