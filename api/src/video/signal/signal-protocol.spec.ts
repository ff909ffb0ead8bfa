import { MessageRateLimiter, parseClientMessage, parseCookieHeader, parseSignalData, SIGNAL_MAX_SDP_LENGTH } from './signal-protocol';

describe('signal protocol', () => {
  describe(parseClientMessage.name, () => {
    it('reads join (with or without the id), ping and signal', () => {
      expect(parseClientMessage('{"type":"join","appointmentId":"6F1C3A52-8E0B-4C5D-9A7E-1B2C3D4E5F60"}')).toEqual({
        type: 'join',
        appointmentId: '6f1c3a52-8e0b-4c5d-9a7e-1b2c3d4e5f60',
      });
      expect(parseClientMessage('{"type":"join"}')).toEqual({ type: 'join', appointmentId: null });
      expect(parseClientMessage('{"type":"ping","t":1733.5}')).toEqual({ type: 'ping', t: 1733.5 });
      expect(parseClientMessage('{"type":"signal","data":{"candidate":null}}')).toEqual({ type: 'signal', data: { candidate: null } });
    });

    it.each([
      ['not JSON', 'join'],
      ['an array', '[{"type":"ping","t":1}]'],
      ['null', 'null'],
      ['no type', '{"t":1}'],
      ['an unknown type', '{"type":"joined"}'],
      ['a join with a non-uuid id', '{"type":"join","appointmentId":"42"}'],
      ['a join with a numeric id', '{"type":"join","appointmentId":42}'],
      ['a ping with a string t', '{"type":"ping","t":"1"}'],
      ['a signal without data', '{"type":"signal"}'],
    ])('refuses %s', (_label, text) => {
      expect(parseClientMessage(text)).toBeNull();
    });
  });

  describe(parseSignalData.name, () => {
    it('keeps SDPs of the four types and rebuilds them from the known fields', () => {
      for (const type of ['offer', 'answer', 'pranswer'] as const) expect(parseSignalData({ sdp: { type, sdp: 'v=0\r\n', extra: 1 } })).toEqual({ sdp: { type, sdp: 'v=0\r\n' } });
      expect(parseSignalData({ sdp: { type: 'rollback' } })).toEqual({ sdp: { type: 'rollback', sdp: '' } });
    });

    it('keeps candidates (and the end-of-candidates null) with their optional fields only', () => {
      expect(parseSignalData({ candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null, foo: 'bar' } })).toEqual({
        candidate: { candidate: 'candidate:1 1 udp 1 127.0.0.1 9 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: null },
      });
      expect(parseSignalData({ candidate: { candidate: '' } })).toEqual({ candidate: { candidate: '' } });
      expect(parseSignalData({ candidate: null })).toEqual({ candidate: null });
    });

    it.each([
      ['not an object', 'offer'],
      ['neither sdp nor candidate', { foo: 1 }],
      ['both', { sdp: { type: 'offer', sdp: '' }, candidate: null }],
      ['an unknown sdp type', { sdp: { type: 'bogus', sdp: 'v=0' } }],
      ['an offer without sdp text', { sdp: { type: 'offer' } }],
      ['an sdp that is too long', { sdp: { type: 'offer', sdp: 'a'.repeat(SIGNAL_MAX_SDP_LENGTH + 1) } }],
      ['a candidate string instead of an object', { candidate: 'candidate:1' }],
      ['a candidate without its text', { candidate: { sdpMid: '0' } }],
      ['a negative m-line index', { candidate: { candidate: 'c', sdpMLineIndex: -1 } }],
      ['a numeric sdpMid', { candidate: { candidate: 'c', sdpMid: 0 } }],
    ])('refuses %s', (_label, data) => {
      expect(parseSignalData(data)).toBeNull();
    });

    it('accepts an sdp of exactly the limit', () => {
      expect(parseSignalData({ sdp: { type: 'offer', sdp: 'a'.repeat(SIGNAL_MAX_SDP_LENGTH) } })).not.toBeNull();
    });
  });

  describe(parseCookieHeader.name, () => {
    it('reads name=value pairs, decodes them, keeps the first of duplicates and skips broken ones', () => {
      const cookies = parseCookieHeader('sesame_session=abc%3D; XSRF-TOKEN=x ; broken; bad=%E0%A4%A; sesame_session=second; q="quoted"');
      expect(cookies.get('sesame_session')).toBe('abc=');
      expect(cookies.get('XSRF-TOKEN')).toBe('x');
      expect(cookies.has('broken')).toBe(false);
      expect(cookies.has('bad')).toBe(false);
      expect(cookies.get('q')).toBe('quoted');
      expect(parseCookieHeader(undefined).size).toBe(0);
    });
  });

  describe(MessageRateLimiter.name, () => {
    it('allows the budget per window, then refuses until the next window', () => {
      const limiter = new MessageRateLimiter(3, 1000);
      expect([limiter.hit(10_000), limiter.hit(10_100), limiter.hit(10_200), limiter.hit(10_300)]).toEqual([true, true, true, false]);
      expect(limiter.hit(10_999)).toBe(false);
      expect(limiter.hit(11_000)).toBe(true);
    });
  });
});
