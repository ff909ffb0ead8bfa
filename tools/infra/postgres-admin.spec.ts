import { databaseUrl, parseServerUrl, quoteIdentifier } from './postgres-admin';
import { redactUrl } from './log';

describe('parseServerUrl / databaseUrl', () => {
  it('splits a database URL into its server, query string and admin database', () => {
    expect(parseServerUrl('postgres://u:p%2Fw@db.example:6543/app?sslmode=require')).toEqual({
      baseUrl: 'postgres://u:p%2Fw@db.example:6543',
      search: '?sslmode=require',
      adminDatabase: 'app',
    });
  });

  it('falls back to the postgres database and keeps password-less URLs as they are', () => {
    expect(parseServerUrl('postgresql://postgres@127.0.0.1:5432')).toEqual({
      baseUrl: 'postgresql://postgres@127.0.0.1:5432',
      search: '',
      adminDatabase: 'postgres',
    });
  });

  it('rejects what is not a PostgreSQL URL, without echoing it', () => {
    expect(() => parseServerUrl('mysql://u:secret@h/db')).toThrow('must start with postgres:// or postgresql://');
    expect(() => parseServerUrl('not a url secret')).toThrow(/^DATABASE_URL is not a valid URL/);
  });

  it('builds per-database URLs', () => {
    const server = parseServerUrl('postgres://u:p@h:1/x?sslmode=disable');
    expect(databaseUrl(server, 'sesame test')).toBe('postgres://u:p@h:1/sesame%20test?sslmode=disable');
  });
});

describe('quoteIdentifier', () => {
  it('doubles embedded quotes', () => {
    expect(quoteIdentifier('a "b"')).toBe('"a ""b"""');
  });
});

describe('redactUrl', () => {
  it('hides the password only', () => {
    expect(redactUrl('postgres://sesame:sesame@127.0.0.1:5433/db')).toBe('postgres://sesame:***@127.0.0.1:5433/db');
    expect(redactUrl('redis://:pw@h:6379')).toBe('redis://:***@h:6379');
    expect(redactUrl('postgres://postgres@127.0.0.1:5432')).toBe('postgres://postgres@127.0.0.1:5432');
  });
});
