import { defineErrors, DomainException } from '../common/domain.exception';

const MUNICIPALITY_ERRORS = defineErrors({ 'municipality.not_found': 404 });

export class MunicipalityException extends DomainException {
  constructor(code: keyof typeof MUNICIPALITY_ERRORS) {
    super(code, MUNICIPALITY_ERRORS[code]);
  }
}
