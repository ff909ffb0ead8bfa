import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, isProduction } from '@sesame/config';
import { CitizenSession, CitizenSessionStage, EnrolmentStep } from '@sesame/database';
import type { CookieOptions, Response } from 'express';
import type { EntityManager } from 'typeorm';
import { CSRF_COOKIE, SessionService } from '../auth/session.service';
import { SecretsService } from '../common/secrets.service';
import { ActivationRepository } from './activation.repository';
import type { CitizenRequest } from './citizen.decorators';

/** Only touch `last_seen_at` this often. */
const TOUCH_INTERVAL_MS = 30_000;

/**
 * Citizen sessions, apart from staff ones: the cookie `sesame_citizen` (`__Host-` outside
 * development) holds a random token, the database its SHA-256, the stage and the deadlines. The
 * CSRF double-submit token is bound to the citizen session unless the browser also holds a staff
 * session, whose binding then applies (one XSRF-TOKEN cookie serves both).
 */
@Injectable()
export class CitizenSessionService {
  readonly cookieName: string;
  private readonly secure: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly repository: ActivationRepository,
    private readonly staffSessions: SessionService,
  ) {
    this.secure = isProduction(config) || config.PUBLIC_BASE_URL.startsWith('https://');
    this.cookieName = this.secure ? '__Host-sesame_citizen' : 'sesame_citizen';
  }

  /** Opens a session at `stage`; returns the token to put in the cookie. */
  async create(
    manager: EntityManager,
    input: { digitalKeyId: string; stage: CitizenSessionStage; activationCodeId?: string; enrolmentStep?: EnrolmentStep; codesIssued?: number },
    userAgent: string | undefined,
  ): Promise<string> {
    const token = this.secrets.randomToken();
    const now = new Date();
    await this.repository.deleteExpiredSessions(manager);
    await this.repository.insertSession(manager, {
      tokenHash: this.secrets.sha256(token),
      digitalKeyId: input.digitalKeyId,
      activationCodeId: input.activationCodeId ?? null,
      stage: input.stage,
      enrolmentStep: input.enrolmentStep ?? null,
      codesIssued: input.codesIssued ?? 0,
      totpFailures: 0,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + this.lifetimeSeconds(input.stage) * 1000),
      userAgent: userAgent?.slice(0, 400) ?? null,
    });
    return token;
  }

  /** The live session of a cookie token, or null (unknown, idle too long, past its end, or its key no longer usable). */
  async resolve(token: string | undefined): Promise<CitizenSession | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = this.secrets.sha256(token);
    const session = await this.repository.findSession(tokenHash);
    if (!session) return null;
    const now = Date.now();
    const keyUsable = session.stage === 'enrolling' ? session.digitalKey.status === 'pending' : session.digitalKey.status === 'active';
    const idle = now - session.lastSeenAt.getTime() > this.config.CITIZEN_SESSION_IDLE_TIMEOUT_SECONDS * 1000;
    if (now >= session.expiresAt.getTime() || idle || !keyUsable) {
      await this.repository.deleteSession(tokenHash);
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await this.repository.touchSession(tokenHash, new Date(now));
    return session;
  }

  /** The CSRF token bound to a citizen session token. */
  csrfTokenFor(sessionToken: string): string {
    return this.secrets.hmac('citizen-csrf', sessionToken);
  }

  /** Sets the session cookie and, unless a staff session owns the XSRF cookie, a CSRF token bound to it. */
  setCookies(request: CitizenRequest, response: Response, sessionToken: string): void {
    response.cookie(this.cookieName, sessionToken, this.cookieOptions(true));
    if (!request.staffSession) response.cookie(CSRF_COOKIE, this.csrfTokenFor(sessionToken), this.cookieOptions(false));
  }

  clearCookies(request: CitizenRequest, response: Response): void {
    response.clearCookie(this.cookieName, this.cookieOptions(true));
    if (!request.staffSession) this.setAnonymousCsrfCookie(response);
  }

  /** The XSRF-TOKEN cookie the current sessions expect (staff binding first, then citizen, else anonymous). */
  refreshCsrfCookie(request: CitizenRequest, response: Response): void {
    const staffToken = request.cookies?.[this.staffSessions.cookieName] as string | undefined;
    if (request.staffSession && staffToken) {
      response.cookie(CSRF_COOKIE, this.staffSessions.csrfTokenFor(staffToken), this.cookieOptions(false));
    } else if (request.citizenSession && request.citizenToken) {
      response.cookie(CSRF_COOKIE, this.csrfTokenFor(request.citizenToken), this.cookieOptions(false));
    } else {
      this.setAnonymousCsrfCookie(response);
    }
  }

  private setAnonymousCsrfCookie(response: Response): void {
    response.cookie(CSRF_COOKIE, this.secrets.hmac('csrf', this.secrets.randomToken()), this.cookieOptions(false));
  }

  private lifetimeSeconds(stage: CitizenSessionStage): number {
    // A half-signed-in session lives as long as two login codes at most.
    if (stage === 'password_verified') return Math.min(2 * this.config.LOGIN_CODE_TTL_SECONDS, this.config.CITIZEN_SESSION_ABSOLUTE_TIMEOUT_SECONDS);
    return this.config.CITIZEN_SESSION_ABSOLUTE_TIMEOUT_SECONDS;
  }

  private cookieOptions(httpOnly: boolean): CookieOptions {
    return { httpOnly, secure: this.secure, sameSite: 'strict', path: '/' };
  }
}
