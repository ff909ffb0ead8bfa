import { Inject, Injectable } from '@nestjs/common';
import { AuditActor, AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig, Language } from '@sesame/config';
import { ActivationCode, CitizenSession, DigitalKey, DigitalKeyKind, EnrolmentStep } from '@sesame/database';
import { keyedHash, keyedHashMatches, normalizeActivationCode } from '@sesame/domain';
import { OutboxWriter } from '@sesame/outbox';
import { EntityManager, QueryFailedError } from 'typeorm';
import { PasswordService } from '../auth/password.service';
import { ActivationException } from './activation.exception';
import { ActivationRepository } from './activation.repository';
import {
  activationCodeRefusal,
  afterWrongAttempt,
  codeChannelOf,
  ENROLMENT_ACTIONS,
  EnrolmentAction,
  enrolmentAllows,
  maskEmail,
  maskPhone,
  normalizePhone,
  normalizeUsername,
  passwordProblems,
} from './activation.rules';
import type { CitizenMeta } from './citizen.decorators';
import { CitizenCodesService } from './citizen-codes.service';
import { CitizenSessionService } from './citizen-session.service';

/** Who acts in the citizen flows: the citizen, whose only identifiers in the trail are the subject ids. */
export const CITIZEN_ACTOR: AuditActor = { staffId: null, email: null, role: 'citizen', municipalityNisCode: null };

/** Registration codes (or app secrets) one enrolment session may ask for. */
export const MAX_CODES_PER_SESSION = 5;

export interface EnrolmentView {
  step: EnrolmentStep;
  kind: DigitalKeyKind | null;
  email: string;
  destination: string | null;
  username: string | null;
  codeExpiresAt: Date | null;
  totp: { secret: string; otpauthUrl: string; qrDataUrl: string } | null;
}

interface LockedEnrolment {
  session: CitizenSession;
  code: ActivationCode;
  key: DigitalKey;
}

/**
 * Activation of a digital key with the code from the letter (seed 001 §3): the link token and the
 * code open an enrolment; the citizen chooses the key kind, a username and password, and confirms
 * with a registration code (or the first app code). Activation is one transaction: key active, code
 * consumed (sealed copy wiped, letter deleted), other active keys on the same e-mail deactivated and
 * their owners told. Refusals change nothing but the attempt counters they exist for.
 */
@Injectable()
export class ActivationService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: ActivationRepository,
    private readonly sessions: CitizenSessionService,
    private readonly codes: CitizenCodesService,
    private readonly passwords: PasswordService,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Step 1: link token + activation code → an enrolment session and a fresh pending key. */
  async start(input: { token: string; code: string }, meta: CitizenMeta): Promise<{ token: string; enrolment: EnrolmentView }> {
    const linkTokenHash = keyedHash(this.config.CODE_PEPPER, 'activation-link', input.token.trim());
    const result = await this.repository.transaction(async (manager) => {
      const code = await this.repository.findActivationCodeByLinkForUpdate(manager, linkTokenHash);
      if (!code) throw new ActivationException('citizen.activation.invalid_link');
      const refusal = activationCodeRefusal(code, new Date(), this.config.ACTIVATION_CODE_MAX_ATTEMPTS);
      if (refusal) throw new ActivationException(`citizen.activation.${refusal}`);

      const canonical = normalizeActivationCode(input.code);
      if (canonical === null || !keyedHashMatches(this.config.CODE_PEPPER, 'activation-code', canonical, code.codeHash)) {
        const outcome = afterWrongAttempt(code.failedAttempts, this.config.ACTIVATION_CODE_MAX_ATTEMPTS);
        await this.repository.recordWrongActivationCode(manager, code.id, outcome.failedAttempts, outcome.locked);
        await this.audit.append(manager, {
          actor: CITIZEN_ACTOR,
          action: outcome.locked ? 'activation_code.locked' : 'activation_code.attempt_failed',
          subject: { type: 'activation_code', id: code.id },
          requestId: meta.requestId,
          details: { failedAttempts: outcome.failedAttempts },
        });
        // Returned, not thrown: the counted attempt must commit.
        return outcome.locked
          ? new ActivationException('citizen.activation.locked')
          : new ActivationException('citizen.activation.wrong_code', { attemptsLeft: outcome.attemptsLeft }, { attemptsLeft: outcome.attemptsLeft });
      }

      const replacedKeyIds = await this.repository.deletePendingKeysOfCode(manager, code.id);
      const key = await this.repository.insertKey(manager, {
        personId: code.personId,
        activationCodeId: code.id,
        kind: 'email_code',
        status: 'pending',
        email: code.email,
      });
      const token = await this.sessions.create(
        manager,
        { digitalKeyId: key.id, stage: 'enrolling', activationCodeId: code.id, enrolmentStep: 'choose_key' },
        meta.userAgent,
      );
      await this.audit.append(manager, {
        actor: CITIZEN_ACTOR,
        action: 'citizen.enrolment_started',
        subject: { type: 'digital_key', id: key.id },
        requestId: meta.requestId,
        details: { activationCodeId: code.id, personId: code.personId, replacedKeyIds },
      });
      return { token, key };
    });
    if (result instanceof ActivationException) throw result;
    return { token: result.token, enrolment: await this.toView('choose_key', result.key) };
  }

  /** Where the enrolment stands (the page reloads it after a refresh). */
  async describe(session: CitizenSession): Promise<EnrolmentView> {
    const fresh = await this.repository.findSession(session.tokenHash);
    if (!fresh || fresh.stage !== 'enrolling' || !fresh.enrolmentStep) throw new ActivationException('citizen.session_required');
    return this.toView(fresh.enrolmentStep, fresh.digitalKey);
  }

  /** Step 2: the key kind (and the mobile number for SMS). Choosing again redoes the later steps. */
  async chooseKey(session: CitizenSession, input: { kind: DigitalKeyKind; phone?: string }, meta: CitizenMeta): Promise<EnrolmentView> {
    this.assertAllows(session, 'choose_key');
    let phone: string | null = null;
    if (input.kind === 'sms_code') {
      if (!input.phone?.trim()) throw new ActivationException('citizen.key.phone_required');
      phone = normalizePhone(input.phone);
      if (!phone) throw new ActivationException('citizen.key.invalid_phone');
    }
    await this.repository.transaction(async (manager) => {
      const { key } = await this.lockEnrolment(manager, session, 'choose_key');
      await this.repository.updatePendingKey(manager, key.id, { kind: input.kind, phone, username: null, passwordHash: null, totpSecretEnc: null });
      await this.repository.voidLiveCodes(manager, key.id, 'registration');
      await this.repository.updateSession(manager, session.tokenHash, { enrolmentStep: this.next('choose_key'), totpFailures: 0 });
      await this.audit.append(manager, {
        actor: CITIZEN_ACTOR,
        action: 'citizen.key_kind_chosen',
        subject: { type: 'digital_key', id: key.id },
        requestId: meta.requestId,
        details: { kind: input.kind },
      });
    });
    return this.describe(session);
  }

  /**
   * Step 3: username and password. Then the registration code leaves by e-mail or SMS, or, for an
   * app key, a new secret is offered (its first code plays the registration code's role).
   */
  async setCredentials(session: CitizenSession, input: { username: string; password: string }, meta: CitizenMeta): Promise<EnrolmentView> {
    this.assertAllows(session, 'set_credentials');
    const username = normalizeUsername(input.username);
    if (!username) throw new ActivationException('citizen.username.invalid');
    const [problem] = passwordProblems(input.password, username);
    if (problem) throw new ActivationException(`citizen.password.${problem}`);
    const passwordHash = await this.passwords.hash(input.password);
    try {
      await this.repository.transaction(async (manager) => {
        const { session: locked, key } = await this.lockEnrolment(manager, session, 'set_credentials');
        const idleBefore = new Date(Date.now() - this.config.CITIZEN_SESSION_IDLE_TIMEOUT_SECONDS * 1000);
        await this.repository.releaseAbandonedUsername(manager, username, key.id, idleBefore);
        if (await this.repository.usernameInUse(manager, username, key.id)) throw new ActivationException('citizen.username.taken');
        if (locked.codesIssued >= MAX_CODES_PER_SESSION) throw new ActivationException('citizen.code.too_many');
        const totpSecretEnc = key.kind === 'totp' ? this.codes.newTotpSecret(key.id).sealed : null;
        await this.repository.updatePendingKey(manager, key.id, { username, passwordHash, totpSecretEnc });
        await this.repository.updateSession(manager, session.tokenHash, {
          enrolmentStep: this.next('set_credentials'),
          codesIssued: locked.codesIssued + 1,
          totpFailures: 0,
        });
        await this.audit.append(manager, {
          actor: CITIZEN_ACTOR,
          action: 'citizen.credentials_chosen',
          subject: { type: 'digital_key', id: key.id },
          requestId: meta.requestId,
          details: { kind: key.kind },
        });
        if (key.kind !== 'totp') await this.sendRegistrationCode(manager, { ...key, username }, meta);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_digital_key_username')) throw new ActivationException('citizen.username.taken');
      throw error;
    }
    return this.describe(session);
  }

  /** A new registration code; the previous one stops working. */
  async resendCode(session: CitizenSession, meta: CitizenMeta): Promise<EnrolmentView> {
    this.assertAllows(session, 'resend_code');
    await this.repository.transaction(async (manager) => {
      const { session: locked, key } = await this.lockEnrolment(manager, session, 'resend_code');
      if (!codeChannelOf(key.kind)) throw new ActivationException('citizen.code.not_sent_for_app');
      if (locked.codesIssued >= MAX_CODES_PER_SESSION) throw new ActivationException('citizen.code.too_many');
      await this.repository.updateSession(manager, session.tokenHash, { codesIssued: locked.codesIssued + 1 });
      await this.sendRegistrationCode(manager, key, meta);
    });
    return this.describe(session);
  }

  /** Step 4: the registration code (or first app code) activates the key. */
  async confirm(session: CitizenSession, input: { code: string }, meta: CitizenMeta): Promise<{ kind: DigitalKeyKind; username: string }> {
    this.assertAllows(session, 'confirm');
    const result = await this.repository.transaction(async (manager) => {
      const { session: locked, code, key } = await this.lockEnrolment(manager, session, 'confirm');
      let totpLastTimeStep: string | null = null;
      if (key.kind === 'totp') {
        if (!key.totpSecretEnc) throw new ActivationException('citizen.wrong_step');
        if (locked.totpFailures >= this.config.CITIZEN_CODE_MAX_ATTEMPTS) throw new ActivationException('citizen.totp.locked');
        const check = await this.codes.checkTotp(this.codes.openTotpSecret(key.id, key.totpSecretEnc), input.code, null);
        if (!check.ok) {
          const totpFailures = locked.totpFailures + 1;
          await this.repository.updateSession(manager, session.tokenHash, { totpFailures });
          return new ActivationException(totpFailures >= this.config.CITIZEN_CODE_MAX_ATTEMPTS ? 'citizen.totp.locked' : 'citizen.totp.wrong');
        }
        totpLastTimeStep = String(check.step);
      } else {
        const refusal = await this.codes.check(manager, key.id, 'registration', input.code);
        if (refusal) return refusal;
      }
      await this.activate(manager, code, key, totpLastTimeStep, meta);
      return { kind: key.kind, username: key.username as string };
    });
    if (result instanceof ActivationException) throw result;
    return result;
  }

  /** Key active, code consumed, reused e-mail's other keys deactivated (each audited and told), enrolment over. */
  private async activate(manager: EntityManager, code: ActivationCode, key: DigitalKey, totpLastTimeStep: string | null, meta: CitizenMeta): Promise<void> {
    if (!(await this.repository.activateKey(manager, key.id, totpLastTimeStep))) throw new ActivationException('citizen.session_required');
    if (!(await this.repository.consumeActivationCode(manager, code.id))) throw new ActivationException('citizen.activation.already_used');
    await this.audit.append(manager, {
      actor: CITIZEN_ACTOR,
      action: 'activation_code.consumed',
      subject: { type: 'activation_code', id: code.id },
      requestId: meta.requestId,
      details: { digitalKeyId: key.id },
    });
    await this.audit.append(manager, {
      actor: CITIZEN_ACTOR,
      action: 'digital_key.activated',
      subject: { type: 'digital_key', id: key.id },
      requestId: meta.requestId,
      details: { kind: key.kind, activationCodeId: code.id, personId: key.personId },
    });
    for (const other of await this.repository.findOtherActiveKeysByEmailForUpdate(manager, key.email, key.id)) {
      if (!(await this.repository.deactivateKey(manager, other.id, 'email_reused'))) continue;
      await this.repository.deleteSessionsOfKey(manager, other.id);
      await this.audit.append(manager, {
        actor: CITIZEN_ACTOR,
        action: 'digital_key.deactivated',
        subject: { type: 'digital_key', id: other.id },
        requestId: meta.requestId,
        details: { reason: 'email_reused', replacedBy: key.id, personId: other.personId },
      });
      await this.outbox.enqueue(manager, 'mail.send', {
        template: 'key-deactivated',
        to: other.email,
        language: other.person.language as Language,
        params: {
          name: `${other.person.givenNames} ${other.person.surname}`.trim(),
          username: other.username ?? '',
          url: this.config.PUBLIC_BASE_URL,
        },
      });
    }
    await this.repository.deleteSessionsOfKey(manager, key.id);
  }

  private async sendRegistrationCode(manager: EntityManager, key: DigitalKey, meta: CitizenMeta): Promise<void> {
    const { channel } = await this.codes.issue(manager, key, 'registration', meta.language);
    await this.audit.append(manager, {
      actor: CITIZEN_ACTOR,
      action: 'citizen.registration_code_sent',
      subject: { type: 'digital_key', id: key.id },
      requestId: meta.requestId,
      details: { channel },
    });
  }

  /**
   * Locks, in the order every citizen transaction uses (activation code → key → session), what an
   * enrolment step changes, and checks they still allow `action`.
   */
  private async lockEnrolment(manager: EntityManager, session: CitizenSession, action: EnrolmentAction): Promise<LockedEnrolment> {
    if (!session.activationCodeId) throw new ActivationException('citizen.session_required');
    const code = await this.repository.findActivationCodeForUpdate(manager, session.activationCodeId);
    if (!code) throw new ActivationException('citizen.session_required');
    // Someone typing wrong codes on the link after the enrolment opened must not stop it: only the
    // code's own end (used, revoked, expired) does.
    const refusal = activationCodeRefusal(code, new Date(), Number.POSITIVE_INFINITY);
    if (refusal && refusal !== 'locked') throw new ActivationException(`citizen.activation.${refusal}`);
    const key = await this.repository.findKeyForUpdate(manager, session.digitalKeyId);
    if (!key || key.status !== 'pending') throw new ActivationException('citizen.session_required');
    const locked = await this.repository.findSessionForUpdate(manager, session.tokenHash);
    if (!locked || locked.stage !== 'enrolling') throw new ActivationException('citizen.session_required');
    this.assertAllows(locked, action);
    return { session: locked, code, key };
  }

  private assertAllows(session: CitizenSession, action: EnrolmentAction): void {
    if (session.stage !== 'enrolling' || !session.enrolmentStep) throw new ActivationException('citizen.session_required');
    if (!enrolmentAllows(session.enrolmentStep, action)) throw new ActivationException('citizen.wrong_step');
  }

  private next(action: EnrolmentAction): EnrolmentStep {
    const to = ENROLMENT_ACTIONS[action].to;
    if (to === 'activated') throw new Error(`${action} ends the enrolment`);
    return to;
  }

  private async toView(step: EnrolmentStep, key: DigitalKey): Promise<EnrolmentView> {
    const chosen = step !== 'choose_key';
    const channel = chosen ? codeChannelOf(key.kind) : null;
    const view: EnrolmentView = {
      step,
      kind: chosen ? key.kind : null,
      email: maskEmail(key.email),
      destination: channel === 'email' ? maskEmail(key.email) : channel === 'sms' && key.phone ? maskPhone(key.phone) : null,
      username: key.username,
      codeExpiresAt: null,
      totp: null,
    };
    if (step !== 'confirm') return view;
    if (channel) {
      view.codeExpiresAt = (await this.repository.findLiveCode(key.id, 'registration'))?.expiresAt ?? null;
    } else if (key.totpSecretEnc && key.username) {
      const secret = this.codes.openTotpSecret(key.id, key.totpSecretEnc);
      view.totp = { secret, ...(await this.codes.totpEnrolment(secret, key.username)) };
    }
    return view;
  }
}

function isUniqueViolation(error: unknown, constraint: string): boolean {
  const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; constraint?: string }) : null;
  return driverError?.code === '23505' && driverError.constraint === constraint;
}
