import { parseClientMessage } from './client-messages';

describe('parseClientMessage', () => {
  it.each([
    { type: 'hello', protocol: 1 },
    { type: 'hello', protocol: 2, token: 'abc' },
    { type: 'pair.start' },
    { type: 'pair.confirm', code: 'ABC234' },
    { type: 'unpair', token: 't' },
    { type: 'status', token: 't' },
    { type: 'card.read', token: 't', requestId: 'r-1' },
    { type: 'card.read', token: 't', requestId: 'r:2.x_y', reader: 'Virtual PCD 00 01' },
  ])('accepts %j', (message) => {
    expect(parseClientMessage(JSON.stringify(message))).toEqual({ ok: true, message });
  });

  it.each([
    ['not JSON', '{type:'],
    ['a JSON string', '"hello"'],
    ['null', 'null'],
    ['an array', '[]'],
    ['an unknown type', '{"type":"card.write","token":"t"}'],
    ['a missing field', '{"type":"card.read","token":"t"}'],
    ['an extra field', '{"type":"pair.start","code":"x"}'],
    ['a wrongly typed field', '{"type":"hello","protocol":"1"}'],
    ['an empty token', '{"type":"status","token":""}'],
    ['a request id with odd characters', '{"type":"card.read","token":"t","requestId":"<script>"}'],
    ['an oversized code', `{"type":"pair.confirm","code":"${'A'.repeat(100)}"}`],
  ])('refuses %s', (_label, raw) => {
    const result = parseClientMessage(raw);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.detail.length).toBeGreaterThan(0);
  });

  it('keeps a usable requestId of a refused message, to route the error', () => {
    expect(parseClientMessage('{"type":"card.read","requestId":"r-9"}')).toMatchObject({ ok: false, requestId: 'r-9' });
    expect(parseClientMessage('{"type":"card.read","requestId":{"x":1}}')).not.toHaveProperty('requestId');
  });
});
