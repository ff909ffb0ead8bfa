import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, isProduction } from '@sesame/config';
import { SessionStage, Staff, StaffSession } from '@sesame/database';
import type { CookieOptions, Response } from 'express';
import type { EntityManager } from 'typeorm';
import { SecretsService } from '../common/secrets.service';
import { AuthRepository } from './auth.repository';

export const CSRF_COOKIE = 'XSRF-TOKEN';
export const CSRF_HEADER = 'x-xsrf-token';

/** Only touch `last_seen_at` this often: a busy console does not write on every request. */
const TOUCH_INTERVAL_MS = 30_000;

export interface ResolvedSession {
  session: StaffSession;
  tokenHash: string;
}

/**
 * Server-side sessions: the cookie holds a random token (httpOnly, SameSite=Strict, Secure outside
 * development); the database holds its SHA-256, the stage, and the idle and absolute deadlines.
 */
@Injectable()
export class SessionService {
  readonly cookieName: string;
  private readonly secure: boolean;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly secrets: SecretsService,
    private readonly repository: AuthRepository,
  ) {
    this.secure = isProduction(config) || config.PUBLIC_BASE_URL.startsWith('https://');
    // The __Host- prefix pins the cookie to this host and path and requires Secure.
    this.cookieName = this.secure ? '__Host-sesame_session' : 'sesame_session';
  }

  /** Starts a session at `stage`; returns the token to put in the cookie. */
  async create(manager: EntityManager, staff: Staff, stage: SessionStage, userAgent: string | undefined): Promise<string> {
    const token = this.secrets.randomToken();
    const now = new Date();
    const lifetime = stage === 'authenticated' ? this.config.SESSION_ABSOLUTE_TIMEOUT_SECONDS : this.config.LOGIN_PENDING_TIMEOUT_SECONDS;
    await manager.getRepository(StaffSession).insert({
      tokenHash: this.secrets.sha256(token),
      staffId: staff.id,
      stage,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + lifetime * 1000),
      userAgent: userAgent?.slice(0, 400) ?? null,
      pendingTotpSecretEnc: null,
    });
    return token;
  }

  /** The live session of a cookie token, or null (unknown, idle too long, or past its absolute end). */
  async resolve(token: string | undefined): Promise<ResolvedSession | null> {
    if (!token || token.length > 100) return null;
    const tokenHash = this.secrets.sha256(token);
    const session = await this.repository.findSession(tokenHash);
    if (!session) return null;
    const now = Date.now();
    const idleLimit = session.stage === 'authenticated' ? this.config.SESSION_IDLE_TIMEOUT_SECONDS : this.config.LOGIN_PENDING_TIMEOUT_SECONDS;
    if (now >= session.expiresAt.getTime() || now - session.lastSeenAt.getTime() > idleLimit * 1000 || session.staff.disabledAt) {
      await this.repository.deleteSession(tokenHash);
      return null;
    }
    if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.repository.touchSession(tokenHash, new Date(now));
    }
    return { session, tokenHash };
  }

  /** The CSRF token bound to a session token (or to an anonymous nonce before sign-in). */
  csrfTokenFor(sessionTokenOrNonce: string): string {
    return this.secrets.hmac('csrf', sessionTokenOrNonce);
  }

  setCookies(response: Response, sessionToken: string): void {
    response.cookie(this.cookieName, sessionToken, this.cookieOptions(true));
    response.cookie(CSRF_COOKIE, this.csrfTokenFor(sessionToken), this.cookieOptions(false));
  }

  clearCookies(response: Response): void {
    response.clearCookie(this.cookieName, this.cookieOptions(true));
    response.cookie(CSRF_COOKIE, this.csrfTokenFor(this.secrets.randomToken()), this.cookieOptions(false));
  }

  /** A fresh anonymous CSRF cookie (double-submit before sign-in). */
  setAnonymousCsrfCookie(response: Response): void {
    response.cookie(CSRF_COOKIE, this.csrfTokenFor(this.secrets.randomToken()), this.cookieOptions(false));
  }

  private cookieOptions(httpOnly: boolean): CookieOptions {
    return { httpOnly, secure: this.secure, sameSite: 'strict', path: '/' };
  }
}
