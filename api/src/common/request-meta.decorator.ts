import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { RequestMeta } from '../auth/auth.service';
import type { SesameRequest } from './request-context';

/** Request id (for the audit trail) and user agent (for the session list) of the current request. */
export const Meta = createParamDecorator((_data: unknown, context: ExecutionContext): RequestMeta => {
  const request = context.switchToHttp().getRequest<SesameRequest>();
  return { requestId: String(request.id), userAgent: request.headers['user-agent'] };
});
