import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { redactPersonalData } from '@sesame/domain';
import { isMessageKey, MessageKey, translate } from '@sesame/i18n';
import type { Response } from 'express';
import { ValidationException } from './common.exception';
import { isDependencyUnavailable } from './dependency-errors';
import { DomainException } from './domain.exception';
import { requestLanguage, SesameRequest } from './request-context';

export interface ErrorBody {
  statusCode: number;
  code: string;
  message: string;
  errors?: { field: string; code: string; message: string }[];
  [extra: string]: unknown;
}

/** Nest/Express HTTP statuses we may meet outside our own exceptions, and the message each gets. */
const HTTP_STATUS_CODES: Record<number, MessageKey> = {
  400: 'error.bad_request',
  401: 'error.unauthorized',
  403: 'error.forbidden',
  404: 'error.not_found',
  409: 'error.conflict',
  413: 'error.payload_too_large',
  429: 'error.too_many_requests',
  503: 'error.service_unavailable',
};

/**
 * The one place errors become HTTP answers: `{ statusCode, code, message, errors? }`, with messages in
 * the caller's language. Unknown errors are logged (without request bodies) and answered 500, or 503
 * when a dependency is down.
 */
@Catch()
export class SesameExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<SesameRequest>();
    const response = http.getResponse<Response>();
    const body = this.toBody(exception, request);
    if (body.statusCode >= 500) {
      this.logger.error(
        // A driver's message may quote a value (an e-mail address, a national number): redacted.
        { err: exception instanceof Error ? { name: exception.name, message: redactPersonalData(exception.message), stack: exception.stack && redactPersonalData(exception.stack) } : redactPersonalData(String(exception)), requestId: request.id },
        `${request.method} ${request.route?.path ?? request.path} failed`,
      );
    }
    if (body.statusCode === 429 && typeof body.retryAfterSeconds === 'number') {
      response.setHeader('Retry-After', String(body.retryAfterSeconds));
    }
    if (!response.headersSent) response.status(body.statusCode).json(body);
  }

  toBody(exception: unknown, request: SesameRequest): ErrorBody {
    const language = requestLanguage(request);
    if (exception instanceof ValidationException) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: translate(language, exception.code),
        errors: exception.fieldErrors.map((error) => {
          const key = `validation.${error.code}`;
          return {
            field: error.field,
            code: error.code,
            message: translate(language, isMessageKey(key) ? key : 'validation.invalid', error.params),
          };
        }),
      };
    }
    if (exception instanceof DomainException) {
      return {
        statusCode: exception.status,
        code: exception.code,
        message: translate(language, exception.code, exception.params),
        ...exception.extra,
      };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const code = HTTP_STATUS_CODES[status] ?? (status >= 500 ? 'error.internal' : 'error.bad_request');
      return { statusCode: status, code, message: translate(language, code) };
    }
    if (isDependencyUnavailable(exception)) {
      return { statusCode: HttpStatus.SERVICE_UNAVAILABLE, code: 'error.service_unavailable', message: translate(language, 'error.service_unavailable') };
    }
    return { statusCode: HttpStatus.INTERNAL_SERVER_ERROR, code: 'error.internal', message: translate(language, 'error.internal') };
  }
}
