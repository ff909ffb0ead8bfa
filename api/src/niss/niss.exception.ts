import type { MessageKey } from '@sesame/i18n';
import { defineErrors, DomainException } from '../common/domain.exception';

const NISS_ERRORS = defineErrors({
  'niss.membership_required': 403,
  'niss.access_manager_required': 403,
  'niss.ticket_not_found': 404,
  'niss.document_not_found': 404,
  'niss.document_in_use': 409,
  'niss.illegal_transition': 409,
  'niss.claimed_by_other': 409,
  'niss.not_claimed_by_you': 409,
  'niss.document_expired': 422,
  'niss.document_validity_invalid': 422,
  'niss.national_number_invalid': 422,
  'niss.mrz_invalid': 422,
  'niss.birth_date_invalid': 422,
  'niss.birth_date_in_future': 422,
  'niss.contact_address_not_belgian': 422,
  'niss.person_not_found': 404,
  'niss.bis_needs_supervisor': 403,
  'niss.bis_not_proposed': 409,
  'niss.bis_same_person': 409,
  'niss.bis_birth_date_incomplete': 422,
  'niss.bis_exhausted': 409,
  'niss.reupload_text_required': 422,
  'niss.organisation_exists': 409,
  'niss.organisation_not_found': 404,
  'niss.enterprise_number_invalid': 422,
  'niss.member_exists': 409,
  'niss.member_not_found': 404,
});

export type NissErrorCode = keyof typeof NISS_ERRORS;

export class NissException extends DomainException {
  constructor(code: NissErrorCode, params: Record<string, string | number> = {}, extra: Record<string, unknown> = {}) {
    super(code as MessageKey, NISS_ERRORS[code], params, extra);
  }
}
