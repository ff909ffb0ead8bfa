import { z } from 'zod';

export const LANGUAGES = ['fr', 'nl', 'de', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const duration = (defaultSeconds: number) => z.coerce.number().int().positive().default(defaultSeconds);
const secret = z
  .string({ error: 'is required' })
  .min(32, 'must be at least 32 characters (generate one with `openssl rand -base64 48`)');

/**
 * Every environment variable Sésame reads, with its type and default.
 * Nothing else in the code base reads `process.env` (tools/ scripts excepted: they prepare it).
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// URL' }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** How long a request may wait for a database connection in a burst before it is answered 503. */
  DATABASE_POOL_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(500).max(120_000).default(30_000),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }),
  SMTP_URL: z.url({ protocol: /^smtps?$/, error: 'must be an smtp:// or smtps:// URL' }),
  MAIL_FROM: z.string().min(3).default('Sésame <no-reply@sesame.localhost>'),
  PUBLIC_BASE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }),

  HTTP_HOST: z.string().default('127.0.0.1'),
  HTTP_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb').default('100kb'),
  TRUST_PROXY: z.stringbool().default(false),
  WEB_ADMIN_DIST: z.string().optional(),

  SESSION_SECRET: secret,
  PASSWORD_PEPPER: secret,
  DATA_ENCRYPTION_KEY: secret,
  SESSION_IDLE_TIMEOUT_SECONDS: duration(30 * 60),
  SESSION_ABSOLUTE_TIMEOUT_SECONDS: duration(12 * 60 * 60),
  LOGIN_PENDING_TIMEOUT_SECONDS: duration(5 * 60),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCKOUT_BASE_SECONDS: duration(60),
  LOGIN_LOCKOUT_MAX_SECONDS: duration(60 * 60),
  TOTP_ISSUER: z.string().default('Sésame'),

  BULLMQ_PREFIX: z.string().regex(/^[a-z0-9_-]{1,40}$/, 'must be 1-40 of a-z 0-9 _ -').default('sesame'),
  OUTBOX_POLL_INTERVAL_MS: z.coerce.number().int().min(10).default(500),
  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(1000).default(100),
  /** How often the relay looks for dispatched jobs BullMQ lost (Redis restarted without its data). */
  OUTBOX_RECOVERY_INTERVAL_MS: z.coerce.number().int().min(100).default(30_000),
  /** A dispatched, due job not handled after this long is checked against BullMQ (the full set is checked when Redis was reset). */
  OUTBOX_LOST_AFTER_MS: z.coerce.number().int().min(100).default(120_000),
  JOB_ATTEMPTS: z.coerce.number().int().min(1).default(8),
  JOB_BACKOFF_MS: z.coerce.number().int().min(10).default(2000),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).default(10),
  /** A running job's lock, renewed by a live worker: a killed worker's jobs are taken up again within about twice this. */
  JOB_LOCK_MS: z.coerce.number().int().min(1000).default(30_000),

  MAIL_CATCHER_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Development only: the card emulator's picker endpoint that `npm start` runs (tools/beid-emulator). */
  DEV_CARD_EMULATOR_URL: z.url({ protocol: /^https?$/ }).optional(),

  // Municipal desk and activation (defaults from the seeds; REFERENCE §4).
  /** Path of a PEM bundle of the roots the RRN certificate must chain to (Belgian roots in production). */
  BEID_TRUSTED_ROOTS: z.string({ error: 'is required' }).min(1, 'is required'),
  /** Origin(s) of the console the desk agent accepts, and the agent's local WebSocket URL. */
  DESK_AGENT_URL: z.url({ protocol: /^wss?$/, error: 'must be a ws:// URL' }).default('ws://127.0.0.1:35990'),
  /** ISO 3166 alpha-3 codes of states whose eID is notified under eIDAS: such holders need no Belgian key. */
  EIDAS_NOTIFIED_COUNTRIES: z
    .string()
    .regex(/^([A-Z]{3})(,[A-Z]{3})*$/, 'must be a comma-separated list of ISO alpha-3 codes')
    .default('DEU,ESP,HRV,EST,LUX,ITA,PRT,NLD,LVA,SVK')
    .transform((value) => value.split(',')),
  /** Secret keying the hashes of activation, registration and login codes. */
  CODE_PEPPER: secret,
  ACTIVATION_CODE_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  ACTIVATION_CODE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  REGISTRATION_CODE_TTL_SECONDS: duration(5 * 60),
  LOGIN_CODE_TTL_SECONDS: duration(10 * 60),
  CITIZEN_CODE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  // Uploaded documents (desk MRZ scans; later video ID copies and NISS requests).
  /** Largest accepted file, in bytes (default 10 MB). */
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(100_000).max(50_000_000).default(10_000_000),
  /** Largest accepted image, in pixels (width × height): a guard against decompression bombs. */
  UPLOAD_MAX_PIXELS: z.coerce.number().int().min(1_000_000).max(200_000_000).default(40_000_000),
  /** OCR jobs run at once per worker process (each holds a tesseract worker); default: the cores but one. */
  OCR_CONCURRENCY: z.coerce.number().int().min(1).max(32).optional(),
  /** How long a desk MRZ scan (a photo of a passport or ID card) is kept. */
  DESK_MRZ_SCAN_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  // Citizen activation and login.
  /** Where SMS go. `dev-outbox` delivers nothing: it keeps the text for the development mailbox. */
  SMS_PROVIDER: z.enum(['dev-outbox']).default('dev-outbox'),
  CITIZEN_SESSION_IDLE_TIMEOUT_SECONDS: duration(15 * 60),
  CITIZEN_SESSION_ABSOLUTE_TIMEOUT_SECONDS: duration(4 * 60 * 60),
  // Persons register (NISS identification requests).
  /** A candidate scoring at least this (0–100) is "strong"; exactly one strong candidate identifies a request automatically. */
  NISS_AUTO_IDENTIFY_MIN_SCORE: z.coerce.number().int().min(1).max(100).default(90),
  /** Candidates scoring below this (0–100) are not shown to the operator. */
  NISS_CANDIDATE_MIN_SCORE: z.coerce.number().int().min(0).max(100).default(40),
  /** pg_trgm similarity (0–1) a name key needs to make a person a candidate at all. */
  NISS_NAME_SIMILARITY_THRESHOLD: z.coerce.number().min(0.05).max(1).default(0.3),
  /** A claimed ticket nobody touched for this long goes back to the queue. */
  NISS_CLAIM_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  /** Four eyes on new BIS numbers: an operator proposes, a supervisor (another person) confirms. */
  NISS_BIS_FOUR_EYES: z.enum(['true', 'false']).default('false').transform((value) => value === 'true'),
  /** A ticket older than this without an answer is late (red in the queue; amber from half of it). */
  NISS_SLA_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(48),
  /** How long a document uploaded in the request wizard is kept when no request is sent with it. */
  NISS_DRAFT_DOCUMENT_RETENTION_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(24),
  /** How long a request's identity document is kept after the final answer (or deletion). */
  NISS_DOCUMENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),

  /** Video interviews (ADR 0006). Slot length used when an agent publishes a pattern without one. */
  VIDEO_SLOT_MINUTES: z.coerce.number().int().min(5).max(240).default(20),
  /** How far ahead citizens may book. */
  VIDEO_BOOKING_HORIZON_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /** A booking not confirmed (good ID copy uploaded) within this many hours expires and frees its slot (never later than its start). */
  VIDEO_CONFIRM_WITHIN_HOURS: z.coerce.number().int().min(1).max(24 * 14).default(48),
  /** Cancelling or rebooking is possible until this many hours before the slot. */
  VIDEO_CHANGE_LIMIT_HOURS: z.coerce.number().int().min(0).max(24 * 7).default(2),
  /** How many times one booking may be moved to another slot. */
  VIDEO_REBOOK_MAX: z.coerce.number().int().min(0).max(20).default(3),
  /** Wrong security codes before the booking's link is locked. */
  VIDEO_SECURITY_CODE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  /** Reminder e-mails, in minutes before the start (comma-separated). */
  VIDEO_REMINDER_OFFSETS_MINUTES: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'a comma-separated list of minutes')
    .default('1440,60')
    .transform((value) => [...new Set(value.split(',').map(Number))].sort((a, b) => b - a)),
  /** The waiting room opens this many minutes before the start. */
  VIDEO_JOIN_OPENS_MINUTES: z.coerce.number().int().min(0).max(120).default(10),
  /** A confirmed interview not started this many minutes after its start may be (and is, by the sweep) marked no-show. */
  VIDEO_NO_SHOW_GRACE_MINUTES: z.coerce.number().int().min(1).max(240).default(15),
  /** How long ID copies and stills are kept after the interview (or the booking's end). */
  VIDEO_DOCUMENT_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** How long a citizen's appointment session (link + security code) lasts. */
  VIDEO_ACCESS_SESSION_MINUTES: z.coerce.number().int().min(5).max(24 * 60).default(120),
  /** ICE servers handed to both browsers, as JSON (RTCIceServer[]); none are needed on a LAN. */
  VIDEO_ICE_SERVERS: z
    .string()
    .default('[]')
    .transform((value, context) => {
      try {
        const parsed: unknown = JSON.parse(value);
        if (Array.isArray(parsed) && parsed.every((server) => typeof server === 'object' && server !== null && 'urls' in server)) {
          return parsed as { urls: string | string[]; username?: string; credential?: string }[];
        }
      } catch {
        // reported below
      }
      context.addIssue({ code: 'custom', message: 'must be a JSON array of RTCIceServer objects (each with "urls")' });
      return z.NEVER;
    }),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses and validates the environment; throws a ConfigError naming every bad or missing variable. */
export function loadConfig(env: NodeJS.ProcessEnv | Record<string, string | undefined> = process.env): AppConfig {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const name = issue.path.join('.');
        const missing = issue.code === 'invalid_type' && env[name] === undefined;
        return `${name}: ${missing ? 'is required' : issue.message}`;
      }),
    );
  }
  if (result.data.NODE_ENV === 'production') {
    const devOnly = (['MAIL_CATCHER_URL', 'DEV_CARD_EMULATOR_URL'] as const).filter((name) => result.data[name] !== undefined);
    if (devOnly.length) throw new ConfigError(devOnly.map((name) => `${name}: must not be set in production`));
  }
  return result.data;
}

export const isProduction = (config: AppConfig): boolean => config.NODE_ENV === 'production';
