import type { MessageKey } from '@sesame/i18n';
import { defineErrors, DomainException } from '../common/domain.exception';

const VIDEO_ERRORS = defineErrors({
  'video.slot_in_past': 422,
  'video.slot_beyond_horizon': 422,
  'video.slot_unavailable': 422,
  'video.slot_taken': 409,
  'video.too_many_bookings': 409,
  'video.access.invalid_link': 404,
  'video.access.wrong_code': 403,
  'video.access.locked': 423,
  'video.access.required': 401,
  'video.appointment_not_found': 404,
  'video.illegal_transition': 409,
  'video.copy_not_expected': 409,
  'video.change_too_late': 409,
  'video.rebook_limit': 409,
  'video.rebook_same_slot': 409,
  'video.too_early': 409,
  'video.no_show_too_early': 409,
  'video.not_assigned': 403,
  'video.not_your_agenda': 403,
  'video.agent_not_found': 404,
  'video.checklist_incomplete': 400,
  'video.keys_confirmation_required': 409,
  'video.reason_required': 400,
  'video.national_number_invalid': 422,
  'video.birth_date_invalid': 422,
  'video.document_expired': 422,
  'video.pattern_overlap': 409,
  'video.pattern_not_found': 404,
  'video.exception_not_found': 404,
  'video.time_span_invalid': 400,
  'video.page_not_found': 404,
  'video.still_not_found': 404,
  'video.range_invalid': 400,
});

export type VideoErrorCode = keyof typeof VIDEO_ERRORS;

export class VideoException extends DomainException {
  constructor(code: VideoErrorCode, params: Record<string, string | number> = {}, extra: Record<string, unknown> = {}) {
    super(code as MessageKey, VIDEO_ERRORS[code], params, extra);
  }
}
