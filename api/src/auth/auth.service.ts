import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig, Language } from '@sesame/config';
import { Staff, StaffSession } from '@sesame/database';
import { randomInt } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { SecretsService } from '../common/secrets.service';
import { AuthException } from './auth.exception';
import { AuthRepository } from './auth.repository';
import { PasswordService } from './password.service';
import { auditActorOf, Principal } from './principal';
import { SessionService } from './session.service';
import { StaffSessionEvents } from './staff-session-events';
import { TotpService } from './totp.service';

export interface RequestMeta {
  requestId: string;
  userAgent?: string;
}

export type LoginNext = 'totp' | 'totp_enrolment';

const RECOVERY_CODE_COUNT = 10;
const RECOVERY_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

export function principalOf(staff: Staff): Principal {
  return {
    staffId: staff.id,
    email: staff.email,
    displayName: staff.displayName,
    roles: staff.roles.map((r) => r.role).sort(),
    municipalityNisCode: staff.municipalityNisCode,
    language: staff.language as Language,
  };
}

/**
 * Staff sign-in: password (argon2id), then TOTP or a recovery code, with enrolment on first use.
 * Failures are counted per e-mail address whether or not an account exists, so neither the answer
 * nor the lockout tells an attacker which addresses are real.
 */
@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: AuthRepository,
    private readonly passwords: PasswordService,
    private readonly totp: TotpService,
    private readonly sessions: SessionService,
    private readonly secrets: SecretsService,
    private readonly audit: AuditWriter,
    private readonly sessionEvents: StaffSessionEvents,
  ) {}

  /** Step 1. Returns the half-authenticated session token and what the console must ask next. */
  async login(emailInput: string, password: string, meta: RequestMeta): Promise<{ token: string; next: LoginNext }> {
    const email = emailInput.trim().toLowerCase();
    const throttleKey = this.throttleKey(email);
    await this.assertNotLocked(throttleKey);
    const staff = await this.repository.findStaffByEmail(email);
    const passwordOk = await this.passwords.verify(staff?.passwordHash ?? null, password);
    if (!staff || !passwordOk || staff.disabledAt) {
      await this.recordFailure(throttleKey, staff, 'password', meta);
      throw new AuthException('auth.invalid_credentials');
    }
    const token = await this.repository.transaction((manager) =>
      this.sessions.create(manager, staff, 'password_verified', meta.userAgent),
    );
    return { token, next: staff.totpEnrolledAt ? 'totp' : 'totp_enrolment' };
  }

  /** Step 2 with a TOTP code: the session becomes a full one under a new token (no fixation). */
  async verifyTotp(session: StaffSession, code: string, meta: RequestMeta): Promise<{ token: string; principal: Principal }> {
    const staff = this.requirePartial(session);
    if (!staff.totpSecretEnc || !staff.totpEnrolledAt) throw new AuthException('auth.second_factor_required');
    const throttleKey = this.throttleKey(staff.email);
    await this.assertNotLocked(throttleKey);
    const lastStep = staff.totpLastTimeStep === null ? null : Number(staff.totpLastTimeStep);
    const step = await this.totp.check(this.secrets.decrypt(staff.totpSecretEnc), code.trim(), lastStep);
    if (step === null) {
      await this.recordFailure(throttleKey, staff, 'totp', meta);
      throw new AuthException('auth.invalid_totp');
    }
    return this.completeSignIn(session, staff, meta, 'totp', async (manager) => {
      // Conditional update: two concurrent requests with the same code cannot both pass.
      const result = await manager
        .createQueryBuilder()
        .update(Staff)
        .set({ totpLastTimeStep: String(step) })
        .where('id = :id AND (totp_last_time_step IS NULL OR totp_last_time_step < :step)', { id: staff.id, step })
        .execute();
      if (result.affected !== 1) throw new AuthException('auth.invalid_totp');
    });
  }

  /** Step 2 with a single-use recovery code (when the authenticator app is lost). */
  async useRecoveryCode(session: StaffSession, code: string, meta: RequestMeta): Promise<{ token: string; principal: Principal }> {
    const staff = this.requirePartial(session);
    const throttleKey = this.throttleKey(staff.email);
    await this.assertNotLocked(throttleKey);
    const codeHash = this.recoveryHash(code);
    try {
      return await this.completeSignIn(session, staff, meta, 'recovery_code', async (manager) => {
        if (!(await this.repository.consumeRecoveryCode(staff.id, codeHash, manager))) {
          throw new AuthException('auth.invalid_recovery_code');
        }
      });
    } catch (error) {
      if (error instanceof AuthException && error.code === 'auth.invalid_recovery_code') {
        await this.recordFailure(throttleKey, staff, 'recovery_code', meta);
      }
      throw error;
    }
  }

  /** First sign-in: offers a new TOTP secret, kept encrypted on the half-authenticated session. */
  async startEnrolment(session: StaffSession): Promise<{ secret: string; otpauthUrl: string; qrDataUrl: string }> {
    const staff = this.requirePartial(session);
    if (staff.totpEnrolledAt) throw new AuthException('auth.enrolment_not_expected');
    const secret = this.totp.newSecret();
    await this.repository.transaction(async (manager) => {
      await manager.getRepository(StaffSession).update({ tokenHash: session.tokenHash }, { pendingTotpSecretEnc: this.secrets.encrypt(secret) });
    });
    return { secret, ...(await this.totp.enrolment(secret, staff.email)) };
  }

  /** The first code proves the app works: the secret moves to the account and recovery codes are issued. */
  async finishEnrolment(
    session: StaffSession,
    code: string,
    meta: RequestMeta,
  ): Promise<{ token: string; principal: Principal; recoveryCodes: string[] }> {
    const staff = this.requirePartial(session);
    if (staff.totpEnrolledAt) throw new AuthException('auth.enrolment_not_expected');
    if (!session.pendingTotpSecretEnc) throw new AuthException('auth.enrolment_not_started');
    const throttleKey = this.throttleKey(staff.email);
    await this.assertNotLocked(throttleKey);
    const step = await this.totp.check(this.secrets.decrypt(session.pendingTotpSecretEnc), code.trim(), null);
    if (step === null) {
      await this.recordFailure(throttleKey, staff, 'totp_enrolment', meta);
      throw new AuthException('auth.invalid_totp');
    }
    const recoveryCodes = Array.from({ length: RECOVERY_CODE_COUNT }, () => this.newRecoveryCode());
    const result = await this.completeSignIn(session, staff, meta, 'totp_enrolment', async (manager) => {
      const updated = await manager
        .createQueryBuilder()
        .update(Staff)
        .set({ totpSecretEnc: session.pendingTotpSecretEnc, totpEnrolledAt: () => 'now()', totpLastTimeStep: String(step) })
        .where('id = :id AND totp_enrolled_at IS NULL', { id: staff.id })
        .execute();
      if (updated.affected !== 1) throw new AuthException('auth.enrolment_not_expected');
      await this.repository.replaceRecoveryCodes(staff.id, recoveryCodes.map((c) => this.recoveryHash(c)), manager);
      await this.audit.append(manager, {
        actor: auditActorOf(principalOf(staff)),
        action: 'auth.totp_enrolled',
        subject: { type: 'staff', id: staff.id },
        requestId: meta.requestId,
      });
    });
    return { ...result, recoveryCodes };
  }

  async logout(session: StaffSession, meta: RequestMeta): Promise<void> {
    await this.repository.transaction(async (manager) => {
      await this.repository.deleteSession(session.tokenHash, manager);
      if (session.stage === 'authenticated') {
        const principal = principalOf(session.staff);
        await this.audit.append(manager, {
          actor: auditActorOf(principal),
          action: 'auth.signed_out',
          subject: { type: 'staff', id: principal.staffId },
          requestId: meta.requestId,
        });
      }
    });
    this.sessionEvents.ended({ staffId: session.staffId, tokenHash: session.tokenHash });
  }

  async changeLanguage(principal: Principal, language: Language, meta: RequestMeta): Promise<Principal> {
    return this.repository.transaction(async (manager) => {
      await manager.getRepository(Staff).update({ id: principal.staffId }, { language });
      await this.audit.append(manager, {
        actor: auditActorOf(principal),
        action: 'staff.language_changed',
        subject: { type: 'staff', id: principal.staffId },
        requestId: meta.requestId,
        details: { language },
      });
      return { ...principal, language };
    });
  }

  /** Changes the password; every other session of the account ends. */
  async changePassword(principal: Principal, currentTokenHash: string, current: string, next: string, meta: RequestMeta): Promise<void> {
    const staff = await this.repository.findStaffById(principal.staffId);
    if (!staff || !(await this.passwords.verify(staff.passwordHash, current))) {
      await this.recordFailure(this.throttleKey(principal.email), staff, 'password_change', meta);
      throw new AuthException('auth.invalid_credentials');
    }
    if (!this.passwords.isAcceptable(next, staff.email)) throw new AuthException('auth.password_too_weak');
    const passwordHash = await this.passwords.hash(next);
    await this.repository.transaction(async (manager) => {
      await manager.getRepository(Staff).update({ id: staff.id }, { passwordHash, passwordChangedAt: new Date() });
      await manager
        .createQueryBuilder()
        .delete()
        .from(StaffSession)
        .where('staff_id = :id AND token_hash <> :current', { id: staff.id, current: currentTokenHash })
        .execute();
      await this.audit.append(manager, {
        actor: auditActorOf(principal),
        action: 'auth.password_changed',
        subject: { type: 'staff', id: staff.id },
        requestId: meta.requestId,
      });
    });
    this.sessionEvents.ended({ staffId: staff.id, exceptTokenHash: currentTokenHash });
  }

  private requirePartial(session: StaffSession): Staff {
    if (session.stage !== 'password_verified') throw new AuthException('auth.session_expired');
    return session.staff;
  }

  private async completeSignIn(
    session: StaffSession,
    staff: Staff,
    meta: RequestMeta,
    method: string,
    check: (manager: EntityManager) => Promise<void>,
  ): Promise<{ token: string; principal: Principal }> {
    const principal = principalOf(staff);
    const token = await this.repository.transaction(async (manager) => {
      await check(manager);
      await this.repository.deleteSession(session.tokenHash, manager);
      const fresh = await this.sessions.create(manager, staff, 'authenticated', meta.userAgent);
      await manager.getRepository(Staff).update({ id: staff.id }, { lastLoginAt: new Date() });
      await this.repository.clearThrottle(this.throttleKey(staff.email), manager);
      await this.audit.append(manager, {
        actor: auditActorOf(principal),
        action: 'auth.signed_in',
        subject: { type: 'staff', id: staff.id },
        requestId: meta.requestId,
        details: { method },
      });
      return fresh;
    });
    return { token, principal };
  }

  private throttleKey(email: string): string {
    return this.secrets.hmac('login-throttle', email.trim().toLowerCase());
  }

  private async assertNotLocked(throttleKey: string): Promise<void> {
    const throttle = await this.repository.findThrottle(throttleKey);
    const remainingMs = throttle?.lockedUntil ? throttle.lockedUntil.getTime() - Date.now() : 0;
    if (remainingMs > 0) {
      const seconds = Math.ceil(remainingMs / 1000);
      throw new AuthException('auth.too_many_attempts', { seconds }, { retryAfterSeconds: seconds });
    }
  }

  /** Counts a failure and, past the limit, locks with exponential back-off (base × 2^(n − limit)). */
  private async recordFailure(throttleKey: string, staff: Staff | null, factor: string, meta: RequestMeta): Promise<void> {
    await this.repository.transaction(async (manager) => {
      const failures = await this.repository.recordFailure(throttleKey, manager);
      const over = failures - this.config.LOGIN_MAX_FAILURES;
      let lockedSeconds: number | null = null;
      if (over >= 0) {
        lockedSeconds = Math.min(this.config.LOGIN_LOCKOUT_BASE_SECONDS * 2 ** Math.min(over, 20), this.config.LOGIN_LOCKOUT_MAX_SECONDS);
        await this.repository.lockUntil(throttleKey, new Date(Date.now() + lockedSeconds * 1000), manager);
      }
      await this.audit.append(manager, {
        actor: staff ? auditActorOf(principalOf(staff)) : null,
        action: lockedSeconds === null ? 'auth.sign_in_failed' : 'auth.locked_out',
        subject: staff ? { type: 'staff', id: staff.id } : null,
        requestId: meta.requestId,
        details: { factor, failures, ...(lockedSeconds !== null ? { lockedSeconds } : {}) },
      });
    });
  }

  /** Ten characters from an unambiguous alphabet (about 49 bits), shown as XXXXX-XXXXX. */
  private newRecoveryCode(): string {
    const raw = Array.from({ length: 10 }, () => RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)]).join('');
    return `${raw.slice(0, 5)}-${raw.slice(5)}`;
  }

  private recoveryHash(code: string): string {
    return this.secrets.hmac('recovery-code', code.trim().toUpperCase().replace(/[^A-Z0-9]/g, ''));
  }
}
