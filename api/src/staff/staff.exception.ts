import { defineErrors, DomainException } from '../common/domain.exception';

const STAFF_ERRORS = defineErrors({
  'staff.not_found': 404,
  'staff.email_taken': 409,
  'staff.municipality_required': 400,
  'staff.municipality_without_clerk': 400,
  'staff.unknown_municipality': 400,
  'staff.cannot_change_self': 409,
  'staff.last_admin': 409,
  'staff.concurrent_update': 409,
});

export class StaffException extends DomainException {
  constructor(code: keyof typeof STAFF_ERRORS) {
    super(code, STAFF_ERRORS[code]);
  }
}
