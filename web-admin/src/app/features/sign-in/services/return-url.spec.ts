import { safeReturnUrl } from './return-url';

describe('safeReturnUrl', () => {
  it('follows in-app paths, query included', () => {
    expect(safeReturnUrl('/audit?actor=bob')).toBe('/audit?actor=bob');
  });

  it.each([undefined, null, '', 'https://evil.example/', '//evil.example', '/\\evil.example', 'javascript:alert(1)'])(
    'goes home instead of %s',
    (value) => {
      expect(safeReturnUrl(value)).toBe('/');
    },
  );

  it('never loops back into the sign-in pages', () => {
    expect(safeReturnUrl('/login')).toBe('/');
    expect(safeReturnUrl('/login/totp?returnUrl=%2Fstaff')).toBe('/');
  });
});
