import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, Language } from '@sesame/config';
import { CitizenCodeChannel, CitizenCodePurpose, DigitalKey } from '@sesame/database';
import { keyedHash, keyedHashMatches, randomNumericCode } from '@sesame/domain';
import { OutboxWriter } from '@sesame/outbox';
import type { EntityManager } from 'typeorm';
import { TotpService } from '../auth/totp.service';
import { SecretsService } from '../common/secrets.service';
import { ActivationException } from './activation.exception';
import { ActivationRepository } from './activation.repository';
import { afterWrongAttempt, citizenCodeRefusal, codeChannelOf, normalizeNumericCode } from './activation.rules';

const CODE_DIGITS = 6;
const HASH_PURPOSE: Record<CitizenCodePurpose, string> = { registration: 'citizen-registration-code', login: 'citizen-login-code' };
const TEMPLATE = { registration: 'citizen-registration-code', login: 'citizen-login-code' } as const;

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'wrong' | 'already_used' };

/**
 * Registration and login codes (6 digits from the CSPRNG, stored as keyed hashes, sent by e-mail or
 * SMS through the outbox) and the authenticator-app secrets of TOTP keys.
 */
@Injectable()
export class CitizenCodesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ActivationRepository,
    private readonly outbox: OutboxWriter,
    private readonly totp: TotpService,
    private readonly secrets: SecretsService,
  ) {}

  /** Voids the live code of this key and purpose and sends a new one, in the caller's transaction. */
  async issue(
    manager: EntityManager,
    key: DigitalKey,
    purpose: CitizenCodePurpose,
    language: Language,
  ): Promise<{ channel: CitizenCodeChannel; expiresAt: Date }> {
    const channel = codeChannelOf(key.kind);
    if (!channel) throw new ActivationException('citizen.code.not_sent_for_app');
    const ttlSeconds = purpose === 'registration' ? this.config.REGISTRATION_CODE_TTL_SECONDS : this.config.LOGIN_CODE_TTL_SECONDS;
    const code = randomNumericCode(CODE_DIGITS);
    const expiresAt = new Date(Date.now() + ttlSeconds * 1000);
    await this.repository.voidLiveCodes(manager, key.id, purpose);
    await this.repository.insertCode(manager, {
      digitalKeyId: key.id,
      purpose,
      channel,
      codeHash: this.hash(key.id, purpose, code),
      status: 'live',
      failedAttempts: 0,
      expiresAt,
    });
    const params = { code, minutes: String(Math.ceil(ttlSeconds / 60)) };
    if (channel === 'email') {
      await this.outbox.enqueue(manager, 'mail.send', { template: TEMPLATE[purpose], to: key.email, language, params });
    } else {
      if (!key.phone) throw new ActivationException('citizen.key.phone_required');
      await this.outbox.enqueue(manager, 'sms.send', { template: TEMPLATE[purpose], to: key.phone, language, params });
    }
    return { channel, expiresAt };
  }

  /**
   * Checks a typed code against the newest code of the key, in the caller's transaction. Returns null
   * when it matched (the code is now used), else the refusal to throw once the transaction has
   * committed the counted attempt.
   */
  async check(manager: EntityManager, keyId: string, purpose: CitizenCodePurpose, input: string): Promise<ActivationException | null> {
    const latest = await this.repository.findLatestCodeForUpdate(manager, keyId, purpose);
    const refusal = citizenCodeRefusal(latest, new Date(), this.config.CITIZEN_CODE_MAX_ATTEMPTS);
    if (refusal || !latest) return new ActivationException(`citizen.code.${refusal ?? 'missing'}`);
    const code = normalizeNumericCode(input);
    if (code !== null && keyedHashMatches(this.config.CODE_PEPPER, HASH_PURPOSE[purpose], `${keyId}:${code}`, latest.codeHash)) {
      return (await this.repository.useCode(manager, latest.id)) ? null : new ActivationException('citizen.code.already_used');
    }
    const outcome = afterWrongAttempt(latest.failedAttempts, this.config.CITIZEN_CODE_MAX_ATTEMPTS);
    await this.repository.recordWrongCode(manager, latest.id, outcome.failedAttempts, outcome.locked);
    if (outcome.locked) return new ActivationException('citizen.code.locked');
    return new ActivationException('citizen.code.wrong', { attemptsLeft: outcome.attemptsLeft }, { attemptsLeft: outcome.attemptsLeft });
  }

  /** A new authenticator-app secret, sealed for this key only. */
  newTotpSecret(keyId: string): { secret: string; sealed: string } {
    const secret = this.totp.newSecret();
    return { secret, sealed: this.sealTotpSecret(keyId, secret) };
  }

  /** AES-256-GCM, bound to the key: a secret copied onto another key does not open. */
  sealTotpSecret(keyId: string, secret: string): string {
    return this.secrets.encrypt(secret, this.totpContext(keyId));
  }

  openTotpSecret(keyId: string, sealed: string): string {
    return this.secrets.decrypt(sealed, this.totpContext(keyId));
  }

  totpEnrolment(secret: string, username: string): Promise<{ otpauthUrl: string; qrDataUrl: string }> {
    return this.totp.enrolment(secret, username);
  }

  /**
   * RFC 6238 (30 s, ±1 step). A code of a step at or before `lastTimeStep` is refused as already
   * used, so a code is never accepted twice.
   */
  async checkTotp(secret: string, input: string, lastTimeStep: number | null): Promise<TotpCheck> {
    const code = normalizeNumericCode(input);
    if (code === null) return { ok: false, reason: 'wrong' };
    const step = await this.safeCheck(secret, code, lastTimeStep);
    if (step !== null) return { ok: true, step };
    if (lastTimeStep !== null && (await this.safeCheck(secret, code, null)) !== null) return { ok: false, reason: 'already_used' };
    return { ok: false, reason: 'wrong' };
  }

  private async safeCheck(secret: string, code: string, lastTimeStep: number | null): Promise<number | null> {
    try {
      return await this.totp.check(secret, code, lastTimeStep);
    } catch {
      // otplib refuses an afterTimeStep beyond its window (clock moved back): nothing can match.
      return null;
    }
  }

  private hash(keyId: string, purpose: CitizenCodePurpose, code: string): string {
    return keyedHash(this.config.CODE_PEPPER, HASH_PURPOSE[purpose], `${keyId}:${code}`);
  }

  private totpContext(keyId: string): string {
    return `digital_key:${keyId}:totp`;
  }
}
