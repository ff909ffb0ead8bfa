import { defineErrors, DomainException } from '../common/domain.exception';

const JOBS_ERRORS = defineErrors({ 'jobs.unknown_queue': 404, 'jobs.not_found': 404 });

export class JobsException extends DomainException {
  constructor(code: keyof typeof JOBS_ERRORS) {
    super(code, JOBS_ERRORS[code]);
  }
}
