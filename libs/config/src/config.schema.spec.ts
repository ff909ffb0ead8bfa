import { ConfigError, loadConfig } from './config.schema';

const valid = {
  DATABASE_URL: 'postgres://u:p@127.0.0.1:5432/sesame',
  REDIS_URL: 'redis://127.0.0.1:6379',
  SMTP_URL: 'smtp://127.0.0.1:1025',
  PUBLIC_BASE_URL: 'http://localhost:3000',
  SESSION_SECRET: 'x'.repeat(32),
  PASSWORD_PEPPER: 'y'.repeat(32),
  DATA_ENCRYPTION_KEY: 'z'.repeat(32),
  CODE_PEPPER: 'c'.repeat(32),
  BEID_TRUSTED_ROOTS: '/etc/sesame/beid-roots.pem',
};

describe('loadConfig', () => {
  it('parses a valid environment and applies defaults', () => {
    const config = loadConfig(valid);
    expect(config.HTTP_PORT).toBe(3000);
    expect(config.SESSION_IDLE_TIMEOUT_SECONDS).toBe(1800);
    expect(config.NODE_ENV).toBe('production');
  });

  it('coerces numeric strings', () => {
    expect(loadConfig({ ...valid, HTTP_PORT: '8080' }).HTTP_PORT).toBe(8080);
  });

  it('names every missing or bad variable', () => {
    const { DATABASE_URL: _omit, ...rest } = valid;
    try {
      loadConfig({ ...rest, REDIS_URL: 'http://nope', SESSION_SECRET: 'short' });
      throw new Error('expected a ConfigError');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const problems = (error as ConfigError).problems.join('\n');
      expect(problems).toContain('DATABASE_URL: is required');
      expect(problems).toContain('REDIS_URL: must be a redis://');
      expect(problems).toContain('SESSION_SECRET: must be at least 32 characters');
    }
  });

  it('refuses the development mail catcher in production', () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', MAIL_CATCHER_URL: 'http://127.0.0.1:1080' })).toThrow(
      /MAIL_CATCHER_URL/,
    );
  });

  it('refuses the development card emulator in production, and accepts it in development', () => {
    expect(() => loadConfig({ ...valid, NODE_ENV: 'production', DEV_CARD_EMULATOR_URL: 'http://127.0.0.1:4000' })).toThrow(
      /DEV_CARD_EMULATOR_URL: must not be set in production/,
    );
    expect(loadConfig({ ...valid, NODE_ENV: 'development', DEV_CARD_EMULATOR_URL: 'http://127.0.0.1:4000' }).DEV_CARD_EMULATOR_URL).toBe(
      'http://127.0.0.1:4000',
    );
  });
});
