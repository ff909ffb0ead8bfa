import type { MessageKey } from '@sesame/i18n';

/**
 * Base of every feature exception. Services throw `FeatureException(code)`; the exception filter maps
 * it to its HTTP status and to the message for `code` in the caller's language.
 */
export class DomainException extends Error {
  constructor(
    readonly code: MessageKey,
    readonly status: number,
    readonly params: Record<string, string | number> = {},
    /** Extra machine-readable fields added to the response body (e.g. retryAfterSeconds). */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
    this.name = new.target.name;
  }
}

/** Declares a feature's error codes with their HTTP statuses, once. */
export function defineErrors<const T extends Partial<Record<MessageKey, number>>>(table: T): T {
  return table;
}
