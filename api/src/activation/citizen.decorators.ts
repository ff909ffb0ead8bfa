import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Language } from '@sesame/config';
import type { CitizenSession, CitizenSessionStage } from '@sesame/database';
import { requestLanguage, SesameRequest } from '../common/request-context';
import { ActivationException } from './activation.exception';

export const CITIZEN_STAGES_KEY = 'sesame:citizen-stages';

/** A request as the citizen routes see it: the citizen session (if any) is set by the CitizenGuard. */
export interface CitizenRequest extends SesameRequest {
  citizenSession?: CitizenSession;
  citizenToken?: string;
}

/** The citizen session stages a route needs (routes without it need no citizen session). */
export const CitizenStage = (...stages: [CitizenSessionStage, ...CitizenSessionStage[]]): MethodDecorator =>
  SetMetadata(CITIZEN_STAGES_KEY, stages);

export const CurrentCitizenSession = createParamDecorator((_data: unknown, context: ExecutionContext): CitizenSession => {
  const session = context.switchToHttp().getRequest<CitizenRequest>().citizenSession;
  if (!session) throw new ActivationException('citizen.session_required');
  return session;
});

/** What services record about the request: id (audit), user agent (session), language (codes sent). */
export interface CitizenMeta {
  requestId: string;
  userAgent?: string;
  language: Language;
}

export const CitizenRequestMeta = createParamDecorator((_data: unknown, context: ExecutionContext): CitizenMeta => {
  const request = context.switchToHttp().getRequest<CitizenRequest>();
  return { requestId: String(request.id), userAgent: request.headers['user-agent'], language: requestLanguage(request) };
});
