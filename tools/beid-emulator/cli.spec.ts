import { parseCardRequest } from './cli';

describe('beid-emulator CLI', () => {
  it('parses "insert" words into an identity and builder options', () => {
    expect(parseCardRequest(['jan'])).toEqual({ identity: 'jan', options: {} });
    expect(parseCardRequest(['francoise', '1.8', 'expired', 'get-response'])).toEqual({
      identity: 'francoise',
      options: { generation: '1.8', defect: 'expired', useGetResponse: true },
    });
    expect(parseCardRequest(['jan', 'ca4', 'remove-after'])).toEqual({
      identity: 'jan',
      options: { ca4: true, defect: 'remove-after' },
    });
    expect(parseCardRequest(['emma', 'after=7', 'mid-command'])).toEqual({
      identity: 'emma',
      options: { defect: 'remove-after', removeAfterApdus: 7 },
      removeMidCommand: true,
    });
  });

  it('refuses unknown identities and words', () => {
    expect(() => parseCardRequest(['nobody'])).toThrow(/Unknown identity "nobody"/);
    expect(() => parseCardRequest([])).toThrow(/Unknown identity/);
    expect(() => parseCardRequest(['jan', 'broken'])).toThrow(/Unknown word "broken"/);
  });
});
