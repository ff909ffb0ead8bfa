import { compactActivationCode, passwordRules } from './password-rules';

describe('password rules (live hints)', () => {
  const unmet = (password: string, username: string) => passwordRules(password, username).filter((r) => !r.met).map((r) => r.rule);

  it('match the API rules', () => {
    expect(unmet('correct horse battery 7', 'jan.peeters')).toEqual([]);
    expect(unmet('short-1', 'jan')).toEqual(['length']);
    expect(unmet('my-Jan.Peeters-secret', 'jan.peeters')).toEqual(['username']);
    expect(unmet('abcdefghijklmnop', 'jan')).toEqual(['classes']);
    expect(unmet('', 'jan')).toEqual(['length', 'username', 'classes']);
  });

  it('read a pasted activation code', () => {
    expect(compactActivationCode('abcde-fghjk mnpqr–stvwx')).toBe('ABCDEFGHJKMNPQRSTVWX');
  });
});
