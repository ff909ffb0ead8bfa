import type { AgentErrorCode } from '@sesame/desk-protocol';

export interface AgentErrorDetails {
  /** Status word that ended an APDU exchange, upper-case hex. */
  sw?: string;
  /** Short technical text (English). Never card contents. */
  detail?: string;
  attemptsLeft?: number;
}

/**
 * The one error type the agent's parts throw. Its `code` goes to the console unchanged;
 * anything else thrown is a bug and is reported as `agent.internal`.
 */
export class AgentError extends Error {
  constructor(
    readonly code: AgentErrorCode,
    readonly details: AgentErrorDetails = {},
  ) {
    super(details.detail === undefined ? code : `${code}: ${details.detail}`);
    this.name = 'AgentError';
  }
}

export const isAgentError = (error: unknown, code?: AgentErrorCode): error is AgentError =>
  error instanceof AgentError && (code === undefined || error.code === code);
