import type { MessageKey } from '@sesame/i18n';
import { defineErrors, DomainException } from '../common/domain.exception';

const DESK_ERRORS = defineErrors({
  'desk.card_refused': 422,
  'desk.bad_card_file': 400,
  'desk.document_refused': 422,
  'desk.document_expired': 422,
  'desk.evidence_not_found': 404,
  'desk.evidence_stale': 409,
  'desk.keys_confirmation_required': 409,
  'desk.code_not_found': 404,
  'desk.code_not_live': 409,
  'desk.letter_not_ready': 409,
  'desk.no_municipality': 403,
  'desk.scan_not_found': 404,
});

export type DeskErrorCode = keyof typeof DESK_ERRORS;

export class DeskException extends DomainException {
  constructor(code: DeskErrorCode, params: Record<string, string | number> = {}, extra: Record<string, unknown> = {}) {
    super(code as MessageKey, DESK_ERRORS[code], params, extra);
  }
}
