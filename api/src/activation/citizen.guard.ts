import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { CitizenSessionStage } from '@sesame/database';
import { CSRF_HEADER } from '../auth/session.service';
import { CommonException } from '../common/common.exception';
import { SecretsService } from '../common/secrets.service';
import { ActivationException } from './activation.exception';
import { CITIZEN_STAGES_KEY, CitizenRequest } from './citizen.decorators';
import { CitizenSessionService } from './citizen-session.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Runs after the global AuthGuard (which already checked the double-submit cookie on every
 * state-changing request): resolves the citizen session, binds the CSRF token to it when no staff
 * session owns the cookie, and enforces the stage a route declares. Fails closed on stages.
 */
@Injectable()
export class CitizenGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: CitizenSessionService,
    private readonly secrets: SecretsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<CitizenRequest>();
    const token = request.cookies?.[this.sessions.cookieName] as string | undefined;
    const session = await this.sessions.resolve(token);
    if (session && token) {
      request.citizenSession = session;
      request.citizenToken = token;
      if (!SAFE_METHODS.has(request.method) && !request.staffSession) {
        const header = request.headers[CSRF_HEADER];
        if (typeof header !== 'string' || !this.secrets.equals(header, this.sessions.csrfTokenFor(token))) {
          throw new CommonException('error.csrf');
        }
      }
    }
    const stages = this.reflector.get<CitizenSessionStage[] | undefined>(CITIZEN_STAGES_KEY, context.getHandler());
    if (stages && (!session || !stages.includes(session.stage))) throw new ActivationException('citizen.session_required');
    return true;
  }
}
