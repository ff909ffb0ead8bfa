import { z } from 'zod';

const seconds = (defaultSeconds: number) => z.coerce.number().int().positive().default(defaultSeconds);

/** `http://localhost:3000, https://sesame.example.be` → normalised origins; no paths, no wildcards. */
const originList = z
  .string({ error: 'is required (comma-separated origins of the Sésame console, e.g. http://localhost:3000)' })
  .transform((value, ctx) => {
    const origins: string[] = [];
    for (const item of value.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
      let url: URL;
      try {
        url = new URL(item);
      } catch {
        ctx.addIssue({ code: 'custom', message: `"${item}" is not an origin like https://sesame.example.be` });
        continue;
      }
      const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
      if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !bare) {
        ctx.addIssue({ code: 'custom', message: `"${item}" must be a bare http(s) origin (scheme://host[:port])` });
        continue;
      }
      origins.push(url.origin);
    }
    if (origins.length === 0) ctx.addIssue({ code: 'custom', message: 'must list at least one origin' });
    return origins;
  });

/**
 * Every environment variable the desk agent reads, with its type and default.
 * Nothing else in desk-agent/ reads `process.env`.
 */
export const agentConfigSchema = z.object({
  /** The agent listens on 127.0.0.1 only: the console runs in a browser on the same PC. */
  DESK_AGENT_PORT: z.coerce.number().int().min(0).max(65535).default(35990),
  DESK_AGENT_ALLOWED_ORIGINS: originList,
  /** Only readers whose name contains this (case-insensitive) are used, e.g. `ACS` or `Virtual PCD 00 00`. */
  DESK_AGENT_READER_FILTER: z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim())),
  /** How long a pairing code shown on this screen can be typed into the console. */
  DESK_AGENT_PAIRING_TTL: seconds(120),
  /** A pairing token unused for this long stops working (sliding). */
  DESK_AGENT_TOKEN_TTL: seconds(12 * 60 * 60),
  /** Wait between two attempts to reach pcscd when it is not running. */
  DESK_AGENT_PCSCD_RETRY_MS: z.coerce.number().int().min(100).default(2000),
  DESK_AGENT_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type AgentConfig = z.infer<typeof agentConfigSchema>;

export class AgentConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid desk-agent configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'AgentConfigError';
  }
}

/** Parses and validates the environment; throws an AgentConfigError naming every bad or missing variable. */
export function loadAgentConfig(env: Record<string, string | undefined> = process.env): AgentConfig {
  const result = agentConfigSchema.safeParse(env);
  if (!result.success) {
    throw new AgentConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const missing = issue.code === 'invalid_type' && env[name] === undefined;
        return `${name}: ${missing && !issue.message.startsWith('is required') ? 'is required' : issue.message}`;
      }),
    );
  }
  return result.data;
}
