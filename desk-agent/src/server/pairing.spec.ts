import { AgentError } from '../agent.error';
import { generatePairingCode, normalizeCode, PAIRING_ALPHABET, PairingService } from './pairing';

const ORIGIN = 'http://localhost:3000';
const OTHER_ORIGIN = 'https://evil.example';
const CODE_TTL = 120_000;
const TOKEN_TTL = 12 * 3600_000;

function setup(overrides: { maxStartsPerMinute?: number } = {}) {
  let now = Date.parse('2025-03-01T09:00:00Z');
  const codes: string[] = [];
  const pairing = new PairingService({
    codeTtlMs: CODE_TTL,
    tokenTtlMs: TOKEN_TTL,
    onPairingCode: (code) => codes.push(code),
    now: () => now,
    ...overrides,
  });
  return {
    pairing,
    codes,
    advance: (ms: number) => (now += ms),
    lastCode: () => codes[codes.length - 1]!,
  };
}

function thrown(action: () => unknown): AgentError {
  try {
    action();
  } catch (error) {
    if (error instanceof AgentError) return error;
    throw error;
  }
  throw new Error('expected an AgentError');
}

/** A code of the right shape that is not `code`. */
const wrong = (code: string): string => (code[0] === 'A' ? 'B' : 'A') + code.slice(1);

describe(PairingService.name, () => {
  it('makes 6-character codes from the unambiguous alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) {
      const code = generatePairingCode();
      expect(code).toMatch(/^[A-Z2-9]{6}$/);
      for (const char of code) expect(PAIRING_ALPHABET).toContain(char);
      seen.add(code);
    }
    expect(PAIRING_ALPHABET).not.toMatch(/[01OIL]/);
    expect(seen.size).toBeGreaterThan(490);
  });

  it('hands the code to the callback only, and a right code gives a token bound to the origin', () => {
    const { pairing, lastCode } = setup();

    const started = pairing.start(ORIGIN, 'c1');
    expect(JSON.stringify(started)).not.toContain(lastCode());
    const { token } = pairing.confirm(ORIGIN, 'c1', lastCode().toLowerCase().replace(/^(...)/, '$1-'));

    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(pairing.check(token, ORIGIN)).toBeInstanceOf(Date);
    expect(pairing.check(token, OTHER_ORIGIN)).toBeUndefined();
    expect(pairing.check('x' + token, ORIGIN)).toBeUndefined();
    expect(pairing.check(undefined, ORIGIN)).toBeUndefined();
  });

  it('voids the code after 3 wrong tries, even if the right one comes next', () => {
    const { pairing, lastCode } = setup();
    pairing.start(ORIGIN, 'c1');
    const code = lastCode();

    expect(thrown(() => pairing.confirm(ORIGIN, 'c1', wrong(code)))).toMatchObject({
      code: 'agent.pair_code_invalid',
      details: { attemptsLeft: 2 },
    });
    expect(thrown(() => pairing.confirm(ORIGIN, 'c1', 'short')).details.attemptsLeft).toBe(1);
    expect(thrown(() => pairing.confirm(ORIGIN, 'c1', wrong(code))).details.attemptsLeft).toBe(0);
    expect(thrown(() => pairing.confirm(ORIGIN, 'c1', code)).code).toBe('agent.pair_not_started');

    pairing.start(ORIGIN, 'c1');
    expect(pairing.confirm(ORIGIN, 'c1', lastCode()).token).toBeTruthy();
  });

  it('lets a code expire after its TTL', () => {
    const { pairing, lastCode, advance } = setup();
    pairing.start(ORIGIN, 'c1');

    advance(CODE_TTL);

    expect(thrown(() => pairing.confirm(ORIGIN, 'c1', lastCode())).code).toBe('agent.pair_code_expired');
    expect(thrown(() => pairing.confirm(ORIGIN, 'c1', lastCode())).code).toBe('agent.pair_not_started');
  });

  it('accepts the code only from the connection that asked for it, without costing it a try', () => {
    const { pairing, lastCode } = setup();
    pairing.start(ORIGIN, 'c1');

    expect(thrown(() => pairing.confirm(ORIGIN, 'c2', lastCode())).code).toBe('agent.pair_not_started');
    expect(thrown(() => pairing.confirm(OTHER_ORIGIN, 'c1', lastCode())).code).toBe('agent.pair_not_started');
    pairing.forgetConnection('c2');
    expect(pairing.confirm(ORIGIN, 'c1', lastCode()).token).toBeTruthy();
  });

  it('keeps one pending code: a new start voids the previous one, and a closed connection drops it', () => {
    const { pairing, codes } = setup();
    pairing.start(ORIGIN, 'c1');
    pairing.start(ORIGIN, 'c1');

    if (codes[0] !== codes[1]) {
      expect(thrown(() => pairing.confirm(ORIGIN, 'c1', codes[0]!)).code).toBe('agent.pair_code_invalid');
    }
    pairing.forgetConnection('c1');
    expect(thrown(() => pairing.confirm(ORIGIN, 'c1', codes[1]!)).code).toBe('agent.pair_not_started');
  });

  it('lets tokens expire after the TTL of inactivity, sliding with each use', () => {
    const { pairing, lastCode, advance } = setup();
    pairing.start(ORIGIN, 'c1');
    const { token } = pairing.confirm(ORIGIN, 'c1', lastCode());

    advance(TOKEN_TTL - 1000);
    expect(pairing.check(token, ORIGIN)).toBeDefined(); // slides
    advance(TOKEN_TTL - 1000);
    expect(pairing.check(token, ORIGIN, false)).toBeDefined(); // does not slide
    advance(1000);
    expect(pairing.check(token, ORIGIN)).toBeUndefined();
  });

  it('revokes a token on unpair, only for its own origin', () => {
    const { pairing, lastCode } = setup();
    pairing.start(ORIGIN, 'c1');
    const { token } = pairing.confirm(ORIGIN, 'c1', lastCode());

    expect(pairing.revoke(token, OTHER_ORIGIN)).toBe(false);
    expect(pairing.check(token, ORIGIN)).toBeDefined();
    expect(pairing.revoke(token, ORIGIN)).toBe(true);
    expect(pairing.check(token, ORIGIN)).toBeUndefined();
  });

  it('limits how many codes can be asked for per minute', () => {
    const { pairing, advance } = setup({ maxStartsPerMinute: 3 });
    for (let i = 0; i < 3; i++) pairing.start(ORIGIN, 'c1');

    expect(thrown(() => pairing.start(ORIGIN, 'c1')).code).toBe('agent.pair_rate_limited');
    advance(60_000);
    expect(() => pairing.start(ORIGIN, 'c1')).not.toThrow();
  });

  it('normalises what the clerk types', () => {
    expect(normalizeCode(' ab3-k7m ').toString()).toBe('AB3K7M');
  });
});
