/** Errors that mean a dependency (PostgreSQL, Redis) is unreachable rather than our bug: answered with 503. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
// PostgreSQL SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, restart).
const PG_UNAVAILABLE = /^(08|57P0[1-3]|53300)/;

/**
 * TypeORM releases a transaction's connection when PostgreSQL drops it (a restart, a terminated
 * backend); the transaction's next query then fails with this error instead of the driver's.
 */
const CONNECTION_LOST_NAMES = new Set(['QueryRunnerAlreadyReleasedError', 'QueryRunnerProviderAlreadyReleasedError']);

export function isDependencyUnavailable(error: unknown): boolean {
  for (let current: unknown = error, depth = 0; current && depth < 5; depth += 1) {
    const candidate = current as { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown; name?: unknown };
    if (typeof candidate.name === 'string' && CONNECTION_LOST_NAMES.has(candidate.name)) return true;
    if (typeof candidate.code === 'string' && (NETWORK_CODES.has(candidate.code) || PG_UNAVAILABLE.test(candidate.code))) return true;
    const message = typeof candidate.message === 'string' ? candidate.message : '';
    if (
      /Connection terminated|connection timeout|timeout exceeded when trying to connect|Connection is closed|Stream isn't writeable|max retries per request/i.test(message)
    ) {
      return true;
    }
    current = candidate.driverError ?? candidate.cause;
  }
  return false;
}
