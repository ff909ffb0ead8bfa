import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '@sesame/database';
import { CommonException } from '../common/common.exception';
import type { SesameRequest } from '../common/request-context';
import { SecretsService } from '../common/secrets.service';
import { AuthException } from './auth.exception';
import { MUNICIPALITY_PARAM_KEY, PARTIAL_SESSION_KEY, PUBLIC_KEY, ROLES_KEY } from './auth.decorators';
import { principalOf } from './auth.service';
import { CSRF_COOKIE, CSRF_HEADER, SessionService } from './session.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Roles whose holders belong to one municipality and see only its data. */
const MUNICIPALITY_BOUND: Role[] = ['clerk'];
const UNRESTRICTED: Role[] = ['admin', 'supervisor'];

/**
 * The one guard in front of every route, in this order: session, CSRF on state-changing methods,
 * second factor, role, municipality. It fails closed: a route that declares no roles is refused.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly sessions: SessionService,
    private readonly secrets: SecretsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<SesameRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) ?? false;

    const token = request.cookies?.[this.sessions.cookieName] as string | undefined;
    const resolved = await this.sessions.resolve(token);
    this.checkCsrf(request, resolved ? token : undefined);
    if (resolved) request.staffSession = resolved.session;
    if (isPublic) return true;

    if (!resolved) throw new CommonException('error.unauthorized');
    const allowPartial = this.reflector.get<boolean>(PARTIAL_SESSION_KEY, context.getHandler()) ?? false;
    if (resolved.session.stage !== 'authenticated') {
      if (allowPartial) return true;
      throw new AuthException('auth.second_factor_required');
    }
    if (allowPartial) throw new AuthException('auth.session_expired');

    const principal = principalOf(resolved.session.staff);
    request.principal = principal;

    const allowed = this.reflector.getAllAndOverride<(Role | 'any-staff')[] | undefined>(ROLES_KEY, targets);
    if (!allowed?.length) throw new CommonException('error.forbidden');
    if (!allowed.includes('any-staff') && !principal.roles.some((role) => allowed.includes(role))) {
      throw new CommonException('error.forbidden');
    }

    const municipalityParam = this.reflector.get<string | undefined>(MUNICIPALITY_PARAM_KEY, context.getHandler());
    if (municipalityParam) {
      const requested = String(request.params[municipalityParam] ?? request.query[municipalityParam] ?? '');
      const unrestricted = principal.roles.some((role) => UNRESTRICTED.includes(role));
      const bound = principal.roles.some((role) => MUNICIPALITY_BOUND.includes(role));
      if (!unrestricted && (!bound || requested !== principal.municipalityNisCode)) {
        throw new CommonException('error.forbidden');
      }
    }
    return true;
  }

  /** Double-submit cookie, bound to the session when there is one. */
  private checkCsrf(request: SesameRequest, sessionToken: string | undefined): void {
    if (SAFE_METHODS.has(request.method)) return;
    const header = request.headers[CSRF_HEADER];
    const cookie = request.cookies?.[CSRF_COOKIE] as string | undefined;
    if (typeof header !== 'string' || !cookie || !this.secrets.equals(header, cookie)) {
      throw new CommonException('error.csrf');
    }
    if (sessionToken && !this.secrets.equals(header, this.sessions.csrfTokenFor(sessionToken))) {
      throw new CommonException('error.csrf');
    }
  }
}
