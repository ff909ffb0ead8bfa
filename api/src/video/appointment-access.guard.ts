import { CanActivate, createParamDecorator, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, isProduction } from '@sesame/config';
import type { AppointmentAccess } from '@sesame/database';
import type { CookieOptions, Response } from 'express';
import { CSRF_COOKIE, CSRF_HEADER } from '../auth/session.service';
import { CommonException } from '../common/common.exception';
import type { SesameRequest } from '../common/request-context';
import { SecretsService } from '../common/secrets.service';
import { VideoException } from './video.exception';
import { VideoRepository } from './video.repository';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface AppointmentRequest extends SesameRequest {
  appointmentAccess?: AppointmentAccess;
  appointmentToken?: string;
}

/**
 * The citizen's appointment session cookie: `sesame_appointment` (`__Host-` and Secure outside plain
 * http development, like the citizen session), httpOnly, SameSite=Lax, path /. The database keeps the
 * SHA-256 of the token (the signalling gateway looks it up the same way).
 */
@Injectable()
export class AppointmentCookies {
  readonly cookieName: string;
  private readonly secure: boolean;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly secrets: SecretsService,
  ) {
    this.secure = isProduction(config) || config.PUBLIC_BASE_URL.startsWith('https://');
    this.cookieName = this.secure ? '__Host-sesame_appointment' : 'sesame_appointment';
  }

  /** The CSRF token bound to an appointment session token. */
  csrfTokenFor(sessionToken: string): string {
    return this.secrets.hmac('appointment-csrf', sessionToken);
  }

  /** The session cookie, and (unless a staff session owns the XSRF cookie) a CSRF token bound to it. */
  set(request: SesameRequest, response: Response, sessionToken: string): void {
    response.cookie(this.cookieName, sessionToken, this.options(true));
    if (!request.staffSession) response.cookie(CSRF_COOKIE, this.csrfTokenFor(sessionToken), this.options(false));
  }

  /**
   * Binds the XSRF cookie to the appointment session again: another page of the site (the citizen
   * login, say) may have replaced it meanwhile, and the citizen cannot open the session again without
   * the security code. Called on every read of the appointment.
   */
  rebindCsrf(request: SesameRequest, response: Response, sessionToken: string): void {
    if (!request.staffSession) response.cookie(CSRF_COOKIE, this.csrfTokenFor(sessionToken), this.options(false));
  }

  clear(request: SesameRequest, response: Response): void {
    response.clearCookie(this.cookieName, this.options(true));
    if (!request.staffSession) response.cookie(CSRF_COOKIE, this.secrets.hmac('csrf', this.secrets.randomToken()), this.options(false));
  }

  private options(httpOnly: boolean): CookieOptions {
    return { httpOnly, secure: this.secure, sameSite: 'lax', path: '/' };
  }
}

/**
 * In front of the citizen's appointment routes, after the global AuthGuard (which already checked
 * the double-submit cookie on every state change): resolves the live appointment session (401
 * `video.access.required` without one) and, as the CitizenGuard does, requires the CSRF header to be
 * the token bound to this session unless a staff session owns the XSRF cookie.
 */
@Injectable()
export class AppointmentAccessGuard implements CanActivate {
  constructor(
    private readonly cookies: AppointmentCookies,
    private readonly repository: VideoRepository,
    private readonly secrets: SecretsService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AppointmentRequest>();
    const token = request.cookies?.[this.cookies.cookieName] as string | undefined;
    const access = token && token.length <= 100 ? await this.repository.findLiveAccess(this.secrets.sha256(token)) : null;
    if (!access || !token) throw new VideoException('video.access.required');
    if (!SAFE_METHODS.has(request.method) && !request.staffSession) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !this.secrets.equals(header, this.cookies.csrfTokenFor(token))) throw new CommonException('error.csrf');
    }
    request.appointmentAccess = access;
    request.appointmentToken = token;
    return true;
  }
}

export const CurrentAppointmentAccess = createParamDecorator((_data: unknown, context: ExecutionContext): AppointmentAccess => {
  const access = context.switchToHttp().getRequest<AppointmentRequest>().appointmentAccess;
  if (!access) throw new VideoException('video.access.required');
  return access;
});
