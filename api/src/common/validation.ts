import { ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError, ValidationException } from './common.exception';

/** class-validator constraint name → parameters its message needs, read from the constraint's message args. */
const PARAM_CONSTRAINTS: Record<string, (args: unknown[]) => Record<string, string | number>> = {
  minLength: ([min]) => ({ min: Number(min) }),
  maxLength: ([max]) => ({ max: Number(max) }),
  min: ([min]) => ({ min: Number(min) }),
  max: ([max]) => ({ max: Number(max) }),
  arrayMinSize: ([min]) => ({ min: Number(min) }),
};

/** Flattens nested class-validator errors into `{ field: 'a.b[0].c', code }` entries. */
export function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  const result: FieldError[] = [];
  for (const error of errors) {
    const field = parent ? (/^\d+$/.test(error.property) ? `${parent}[${error.property}]` : `${parent}.${error.property}`) : error.property;
    for (const constraint of Object.keys(error.constraints ?? {})) {
      const code = constraint === 'whitelistValidation' ? 'unknown_field' : constraint;
      const args = (error.contexts?.[constraint]?.args as unknown[] | undefined) ?? extractArgs(error, constraint);
      result.push({ field, code, ...(PARAM_CONSTRAINTS[code] && args ? { params: PARAM_CONSTRAINTS[code](args) } : {}) });
    }
    if (error.children?.length) result.push(...toFieldErrors(error.children, field));
  }
  return result;
}

/** class-validator keeps the constraint's arguments only inside its default message: recover numbers from it. */
function extractArgs(error: ValidationError, constraint: string): unknown[] | undefined {
  if (!PARAM_CONSTRAINTS[constraint]) return undefined;
  const message = error.constraints?.[constraint] ?? '';
  const number = /(-?\d+(?:\.\d+)?)/.exec(message);
  return number ? [Number(number[1])] : undefined;
}

/** The global pipe: unknown fields refused, types transformed, errors reported per field. */
export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    stopAtFirstError: false,
    exceptionFactory: (errors) => new ValidationException(toFieldErrors(errors)),
  });
}
