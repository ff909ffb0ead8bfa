import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { CitizenSession, DigitalKey, DigitalKeyKind } from '@sesame/database';
import { AuthRepository } from '../auth/auth.repository';
import { PasswordService } from '../auth/password.service';
import { SecretsService } from '../common/secrets.service';
import { ActivationException } from './activation.exception';
import { ActivationRepository } from './activation.repository';
import { codeChannelOf, maskEmail, maskPhone, normalizeUsername } from './activation.rules';
import { CITIZEN_ACTOR, MAX_CODES_PER_SESSION } from './activation.service';
import type { CitizenMeta } from './citizen.decorators';
import { CitizenCodesService } from './citizen-codes.service';
import { CitizenSessionService } from './citizen-session.service';

export interface LoginStep {
  next: 'code' | 'totp';
  keyKind: DigitalKeyKind;
  destination: string | null;
  codeExpiresAt: Date | null;
}

export interface CitizenMe {
  name: string;
  keyKind: DigitalKeyKind;
  username: string;
}

/**
 * Citizen login with a digital key: username + password (argon2id, throttled per username exactly
 * like staff sign-ins, one answer for unknown users and wrong passwords), then the security code:
 * sent by e-mail or SMS (valid LOGIN_CODE_TTL_SECONDS), or the app's TOTP code (never twice).
 */
@Injectable()
export class CitizenLoginService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ActivationRepository,
    private readonly throttles: AuthRepository,
    private readonly sessions: CitizenSessionService,
    private readonly codes: CitizenCodesService,
    private readonly passwords: PasswordService,
    private readonly secrets: SecretsService,
    private readonly audit: AuditWriter,
  ) {}

  /** Step 1. Returns a half-signed-in session token and the second step; sends the code for e-mail/SMS keys. */
  async login(input: { username: string; password: string }, meta: CitizenMeta): Promise<{ token: string; step: LoginStep }> {
    const username = normalizeUsername(input.username);
    const throttleKey = this.throttleKey(username ?? input.username.trim().toLowerCase());
    await this.assertNotLocked(throttleKey);
    const key = username ? await this.repository.findActiveKeyByUsername(username) : null;
    // Verified even when no key matched (against a dummy hash), so both answers take the same time.
    const passwordOk = await this.passwords.verify(key?.passwordHash ?? null, input.password);
    if (!key || !passwordOk) {
      await this.recordFailure(throttleKey, key, 'password', meta);
      throw new ActivationException('citizen.login.invalid_credentials');
    }
    return this.repository.transaction(async (manager) => {
      const sendsCode = codeChannelOf(key.kind) !== null;
      const token = await this.sessions.create(
        manager,
        { digitalKeyId: key.id, stage: 'password_verified', codesIssued: sendsCode ? 1 : 0 },
        meta.userAgent,
      );
      let codeExpiresAt: Date | null = null;
      if (sendsCode) {
        codeExpiresAt = (await this.codes.issue(manager, key, 'login', meta.language)).expiresAt;
        await this.audit.append(manager, {
          actor: CITIZEN_ACTOR,
          action: 'citizen.login_code_sent',
          subject: { type: 'digital_key', id: key.id },
          requestId: meta.requestId,
          details: { channel: codeChannelOf(key.kind) },
        });
      }
      return { token, step: this.step(key, codeExpiresAt) };
    });
  }

  /** A new login code (e-mail/SMS keys); the previous one stops working. */
  async resendCode(session: CitizenSession, meta: CitizenMeta): Promise<LoginStep> {
    const key = session.digitalKey;
    if (!codeChannelOf(key.kind)) throw new ActivationException('citizen.code.not_sent_for_app');
    await this.assertNotLocked(this.throttleKey(key.username ?? ''));
    return this.repository.transaction(async (manager) => {
      const locked = await this.repository.findSessionForUpdate(manager, session.tokenHash);
      if (!locked || locked.stage !== 'password_verified') throw new ActivationException('citizen.session_required');
      if (locked.codesIssued >= MAX_CODES_PER_SESSION) throw new ActivationException('citizen.code.too_many');
      await this.repository.updateSession(manager, session.tokenHash, { codesIssued: locked.codesIssued + 1 });
      const { expiresAt, channel } = await this.codes.issue(manager, key, 'login', meta.language);
      await this.audit.append(manager, {
        actor: CITIZEN_ACTOR,
        action: 'citizen.login_code_sent',
        subject: { type: 'digital_key', id: key.id },
        requestId: meta.requestId,
        details: { channel },
      });
      return this.step(key, expiresAt);
    });
  }

  /** Step 2: the security code. The session becomes a full one under a new token (no fixation). */
  async verify(session: CitizenSession, input: { code: string }, meta: CitizenMeta): Promise<{ token: string; me: CitizenMe }> {
    const key = session.digitalKey;
    const throttleKey = this.throttleKey(key.username ?? '');
    await this.assertNotLocked(throttleKey);
    const method = key.kind === 'totp' ? 'totp' : 'code';
    const result = await this.repository.transaction(async (manager) => {
      const current = await this.repository.findKeyForUpdate(manager, key.id);
      if (!current || current.status !== 'active') throw new ActivationException('citizen.session_required');
      if (current.kind === 'totp') {
        const lastStep = current.totpLastTimeStep === null ? null : Number(current.totpLastTimeStep);
        const check = current.totpSecretEnc
          ? await this.codes.checkTotp(this.codes.openTotpSecret(current.id, current.totpSecretEnc), input.code, lastStep)
          : ({ ok: false, reason: 'wrong' } as const);
        if (!check.ok) return new ActivationException(check.reason === 'already_used' ? 'citizen.totp.already_used' : 'citizen.totp.wrong');
        // Conditional update: two concurrent requests with the same code cannot both pass.
        if (!(await this.repository.advanceTotpStep(manager, current.id, check.step))) return new ActivationException('citizen.totp.already_used');
      } else {
        const refusal = await this.codes.check(manager, current.id, 'login', input.code);
        if (refusal) return refusal;
      }
      await this.repository.deleteSession(session.tokenHash, manager);
      const token = await this.sessions.create(manager, { digitalKeyId: current.id, stage: 'authenticated' }, meta.userAgent);
      await this.throttles.clearThrottle(throttleKey, manager);
      await this.audit.append(manager, {
        actor: CITIZEN_ACTOR,
        action: 'citizen.signed_in',
        subject: { type: 'digital_key', id: current.id },
        requestId: meta.requestId,
        details: { method },
      });
      return { token };
    });
    if (result instanceof ActivationException) {
      // A wrong, replayed or locked second factor counts against the username like a wrong password.
      if (['citizen.code.wrong', 'citizen.code.locked', 'citizen.totp.wrong', 'citizen.totp.already_used'].includes(result.code)) {
        await this.recordFailure(throttleKey, key, method, meta);
      }
      throw result;
    }
    return { token: result.token, me: this.me(session) };
  }

  me(session: CitizenSession): CitizenMe {
    const key = session.digitalKey;
    return { name: `${key.person.givenNames} ${key.person.surname}`.trim(), keyKind: key.kind, username: key.username ?? '' };
  }

  async logout(session: CitizenSession | undefined, meta: CitizenMeta): Promise<void> {
    if (!session) return;
    await this.repository.transaction(async (manager) => {
      await this.repository.deleteSession(session.tokenHash, manager);
      if (session.stage === 'authenticated') {
        await this.audit.append(manager, {
          actor: CITIZEN_ACTOR,
          action: 'citizen.signed_out',
          subject: { type: 'digital_key', id: session.digitalKeyId },
          requestId: meta.requestId,
        });
      }
    });
  }

  private step(key: DigitalKey, codeExpiresAt: Date | null): LoginStep {
    const channel = codeChannelOf(key.kind);
    return {
      next: channel ? 'code' : 'totp',
      keyKind: key.kind,
      destination: channel === 'email' ? maskEmail(key.email) : channel === 'sms' && key.phone ? maskPhone(key.phone) : null,
      codeExpiresAt,
    };
  }

  private throttleKey(username: string): string {
    return this.secrets.hmac('citizen-login-throttle', username);
  }

  private async assertNotLocked(throttleKey: string): Promise<void> {
    const throttle = await this.throttles.findThrottle(throttleKey);
    const remainingMs = throttle?.lockedUntil ? throttle.lockedUntil.getTime() - Date.now() : 0;
    if (remainingMs > 0) {
      const seconds = Math.ceil(remainingMs / 1000);
      throw new ActivationException('citizen.login.too_many_attempts', { seconds }, { retryAfterSeconds: seconds });
    }
  }

  /** Counts a failure and, past LOGIN_MAX_FAILURES, locks with exponential back-off (as for staff). */
  private async recordFailure(throttleKey: string, key: DigitalKey | null, factor: string, meta: CitizenMeta): Promise<void> {
    await this.repository.transaction(async (manager) => {
      const failures = await this.throttles.recordFailure(throttleKey, manager);
      const over = failures - this.config.LOGIN_MAX_FAILURES;
      let lockedSeconds: number | null = null;
      if (over >= 0) {
        lockedSeconds = Math.min(this.config.LOGIN_LOCKOUT_BASE_SECONDS * 2 ** Math.min(over, 20), this.config.LOGIN_LOCKOUT_MAX_SECONDS);
        await this.throttles.lockUntil(throttleKey, new Date(Date.now() + lockedSeconds * 1000), manager);
      }
      await this.audit.append(manager, {
        actor: CITIZEN_ACTOR,
        action: lockedSeconds === null ? 'citizen.sign_in_failed' : 'citizen.locked_out',
        subject: key ? { type: 'digital_key', id: key.id } : null,
        requestId: meta.requestId,
        details: { factor, failures, ...(lockedSeconds !== null ? { lockedSeconds } : {}) },
      });
    });
  }
}
