import { createSealer } from './sealing';

describe('createSealer', () => {
  const sealer = createSealer('k'.repeat(40));

  it('opens what it sealed, with a fresh IV each time', () => {
    const a = sealer.seal('ABCDE-FGHJK', 'row-1');
    const b = sealer.seal('ABCDE-FGHJK', 'row-1');
    expect(a).not.toBe(b);
    expect(sealer.open(a, 'row-1')).toBe('ABCDE-FGHJK');
  });

  it('refuses a value opened under another context or key, or tampered with', () => {
    const sealed = sealer.seal('secret', 'row-1');
    expect(() => sealer.open(sealed, 'row-2')).toThrow();
    expect(() => createSealer('other'.repeat(10)).open(sealed, 'row-1')).toThrow();
    const parts = sealed.split('.');
    parts[2] = Buffer.from('tampered').toString('base64url');
    expect(() => sealer.open(parts.join('.'), 'row-1')).toThrow();
  });
});
