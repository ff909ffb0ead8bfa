import { AuditContent, auditHash, canonicalJson, GENESIS_HASH } from './audit-hash';

const content = (overrides: Partial<AuditContent> = {}): AuditContent => ({
  occurredAt: new Date('2026-11-24T08:00:00.000Z'),
  actorStaffId: '6f1c1d3e-4a38-4d3c-9f59-8a0cbb0c4b7e',
  actorEmail: 'admin@sesame.test',
  actorRole: 'admin',
  municipalityNisCode: null,
  action: 'staff.created',
  subjectType: 'staff',
  subjectId: 'abc',
  purpose: null,
  requestId: 'req-1',
  details: { roles: ['clerk'], municipality: '21004' },
  ...overrides,
});

describe('auditHash', () => {
  it('is stable whatever the key order of details', () => {
    const a = auditHash(GENESIS_HASH, content({ details: { a: 1, b: { c: 2, d: 3 } } }));
    const b = auditHash(GENESIS_HASH, content({ details: { b: { d: 3, c: 2 }, a: 1 } }));
    expect(a).toBe(b);
  });

  it('changes when any field or the previous hash changes', () => {
    const base = auditHash(GENESIS_HASH, content());
    expect(auditHash(GENESIS_HASH, content({ action: 'staff.updated' }))).not.toBe(base);
    expect(auditHash(GENESIS_HASH, content({ details: { roles: ['admin'] } }))).not.toBe(base);
    expect(auditHash(GENESIS_HASH, content({ occurredAt: new Date('2026-11-24T08:00:00.001Z') }))).not.toBe(base);
    expect(auditHash('f'.repeat(64), content())).not.toBe(base);
  });

  it('hashes only the content, not the id and hashes of a row read back', () => {
    const row = { ...content(), id: '42', prevHash: GENESIS_HASH, hash: 'f'.repeat(64) };
    expect(auditHash(GENESIS_HASH, row)).toBe(auditHash(GENESIS_HASH, content()));
  });

  it('ignores the blank padding PostgreSQL adds to char(5)', () => {
    expect(auditHash(GENESIS_HASH, content({ municipalityNisCode: '21004' }))).toBe(
      auditHash(GENESIS_HASH, content({ municipalityNisCode: '21004 ' })),
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys, drops undefined and keeps arrays in order', () => {
    expect(canonicalJson({ b: [2, 1], a: undefined, c: null })).toBe('{"b":[2,1],"c":null}');
  });
});
