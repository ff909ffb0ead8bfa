import { AgentConfigError, loadAgentConfig } from './agent.config';

describe('loadAgentConfig', () => {
  it('applies the defaults and normalises the allowed origins', () => {
    const config = loadAgentConfig({ DESK_AGENT_ALLOWED_ORIGINS: 'http://localhost:3000, https://Sesame.Example.be/, https://desk.example.be:443' });

    expect(config).toEqual({
      DESK_AGENT_PORT: 35990,
      DESK_AGENT_ALLOWED_ORIGINS: ['http://localhost:3000', 'https://sesame.example.be', 'https://desk.example.be'],
      DESK_AGENT_READER_FILTER: undefined,
      DESK_AGENT_PAIRING_TTL: 120,
      DESK_AGENT_TOKEN_TTL: 43200,
      DESK_AGENT_PCSCD_RETRY_MS: 2000,
      DESK_AGENT_LOG_LEVEL: 'info',
    });
  });

  it('requires the allowed origins', () => {
    expect(() => loadAgentConfig({})).toThrow(AgentConfigError);
    expect(() => loadAgentConfig({})).toThrow(/DESK_AGENT_ALLOWED_ORIGINS: is required/);
  });

  it.each(['*', 'localhost:3000', 'http://localhost:3000/console', 'http://localhost:3000?x=1', 'http://u@localhost', 'file:///tmp', ' , '])(
    'refuses %j as allowed origins',
    (value) => {
      expect(() => loadAgentConfig({ DESK_AGENT_ALLOWED_ORIGINS: value })).toThrow(/DESK_AGENT_ALLOWED_ORIGINS/);
    },
  );

  it('reads the port, the reader filter and the TTLs', () => {
    const config = loadAgentConfig({
      DESK_AGENT_ALLOWED_ORIGINS: 'http://localhost:4200',
      DESK_AGENT_PORT: '0',
      DESK_AGENT_READER_FILTER: ' Virtual PCD 00 01 ',
      DESK_AGENT_PAIRING_TTL: '60',
      DESK_AGENT_TOKEN_TTL: '3600',
    });

    expect(config).toMatchObject({
      DESK_AGENT_PORT: 0,
      DESK_AGENT_READER_FILTER: 'Virtual PCD 00 01',
      DESK_AGENT_PAIRING_TTL: 60,
      DESK_AGENT_TOKEN_TTL: 3600,
    });
    expect(() => loadAgentConfig({ DESK_AGENT_ALLOWED_ORIGINS: 'http://a.b', DESK_AGENT_PORT: '70000' })).toThrow(
      /DESK_AGENT_PORT/,
    );
  });
});
