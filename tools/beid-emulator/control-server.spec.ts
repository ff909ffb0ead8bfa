import { CardSlot } from './card-slot';
import { parseVirtualCardChoice, PICKABLE_DEFECTS, startCardControlServer, type CardControlServer } from './control-server';
import { createTestPki } from './test-pki';

describe('virtual card picker endpoint', () => {
  it('accepts a demo identity with a generation and a defect, and names what is wrong otherwise', () => {
    expect(parseVirtualCardChoice({ identity: 'francoise' })).toEqual({ identity: 'francoise', generation: '1.8', defect: null });
    expect(parseVirtualCardChoice({ identity: 'jan', generation: '1.7', defect: 'expired' })).toEqual({ identity: 'jan', generation: '1.7', defect: 'expired' });
    expect(parseVirtualCardChoice({ identity: 'nobody' })).toMatch(/^identity must be one of/);
    expect(parseVirtualCardChoice({ identity: 'jan', generation: '2.0' })).toBe('generation must be 1.7 or 1.8');
    expect(parseVirtualCardChoice({ identity: 'jan', defect: 'remove-after' })).toMatch(/^defect must be null or one of/);
    expect(parseVirtualCardChoice(null)).toBe('expected a JSON object');
    expect(PICKABLE_DEFECTS).not.toContain('remove-after');
  });

  describe('over HTTP', () => {
    let server: CardControlServer;
    let slot: CardSlot;

    beforeAll(async () => {
      // No vpcd listens on this port: the slot only records what is wanted.
      slot = new CardSlot('127.0.0.1', 1, () => undefined);
      server = await startCardControlServer(slot, await createTestPki());
    });
    afterAll(async () => {
      await slot.remove();
      await server.stop();
    });

    it('lists the demo identities and defects with an empty reader', async () => {
      const response = await fetch(`${server.url}/card`);
      expect(response.status).toBe(200);
      const state = (await response.json()) as { card: unknown; identities: { key: string; name: string }[]; defects: string[] };
      expect(state.card).toBeNull();
      expect(state.identities).toContainEqual(expect.objectContaining({ key: 'francoise', name: 'Françoise Émilie Dubois-Lefèvre' }));
      expect(state.defects).toContain('tampered-identity');
    });

    it('refuses malformed and unknown requests with 4xx and keeps the reader as it was', async () => {
      const put = (body: string) => fetch(`${server.url}/card`, { method: 'PUT', body, headers: { 'content-type': 'application/json' } });
      expect((await put('{not json')).status).toBe(400);
      expect((await put(JSON.stringify({ identity: 'nobody' }))).status).toBe(400);
      expect((await put('x'.repeat(10_000))).status).toBe(413);
      expect((await fetch(`${server.url}/elsewhere`)).status).toBe(404);
      expect((await fetch(`${server.url}/card`, { method: 'POST' })).status).toBe(405);
      expect(((await (await fetch(`${server.url}/card`)).json()) as { card: unknown }).card).toBeNull();
    });

    it('takes the card out on DELETE', async () => {
      const response = await fetch(`${server.url}/card`, { method: 'DELETE' });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { choice: unknown }).choice).toBeNull();
    });
  });
});
