import { Inject, Injectable } from '@nestjs/common';
import { AuditActor, AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig, createSealer, Language, Sealer } from '@sesame/config';
import { ActivationCode, ActivationLetter, activationLetterSealContext, DigitalKey, Person } from '@sesame/database';
import { formatActivationCode, generateActivationCode, keyedHash, normalizeActivationCode, randomToken } from '@sesame/domain';
import { formatLongDate } from '@sesame/i18n';
import { OutboxWriter } from '@sesame/outbox';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

export interface IssueCodeInput {
  channel: 'desk' | 'video';
  personId: string;
  evidenceId: string;
  /** Lower-cased personal e-mail the activation link goes to. */
  email: string;
  language: Language;
  /** Active keys on the e-mail that activating the code will deactivate (the caller confirmed it). */
  activeKeys: number;
  municipalityNisCode: string | null;
  issuedBy: string;
  actor: AuditActor;
  requestId: string | null;
  /** The person's name and, for the desk, the municipality whose office issued the code: for the activation e-mail. */
  mail: { name: string; municipality?: string };
  /** The desk prints a letter; a video agent shows the code in the call instead. */
  letter: boolean;
}

export interface IssuedCode {
  code: ActivationCode;
  /** `XXXXX-XXXXX-XXXXX-XXXXX`: shown once to whoever issued it. */
  formatted: string;
}

/**
 * Active digital keys on each of these (lower-cased) e-mails: the keys a new code for that e-mail
 * deactivates when it is activated. The desk and the video interview ask the issuing person to
 * confirm it first. E-mails without keys are absent from the map.
 */
export async function countActiveKeysByEmail(manager: EntityManager, emails: string[]): Promise<Map<string, number>> {
  if (!emails.length) return new Map();
  const rows = await manager
    .getRepository(DigitalKey)
    .createQueryBuilder('k')
    .select('k.email', 'email')
    .addSelect('count(*)', 'count')
    .where('k.email IN (:...emails)', { emails: [...new Set(emails)] })
    .andWhere(`k.status = 'active'`)
    .groupBy('k.email')
    .getRawMany<{ email: string; count: string }>();
  return new Map(rows.map((row) => [row.email, Number(row.count)]));
}

/** {@link countActiveKeysByEmail} for one e-mail. */
export async function countActiveKeysForEmail(manager: EntityManager, email: string): Promise<number> {
  return (await countActiveKeysByEmail(manager, [email])).get(email) ?? 0;
}

/**
 * Ends a live code: the status moves out of `issued` only from `issued`, the sealed copy of the
 * code is wiped and its letter (which prints the code) deleted, in the caller's transaction.
 */
export async function endActivationCode(manager: EntityManager, id: string, status: 'revoked' | 'expired', reason: string): Promise<boolean> {
  const result = await manager
    .createQueryBuilder()
    .update(ActivationCode)
    .set({ status, letterCodeSealed: null, endedAt: () => 'now()', endReason: reason })
    .where('id = :id AND status = :issued', { id, issued: 'issued' })
    .execute();
  if (!result.affected) return false;
  await manager.getRepository(ActivationLetter).delete({ activationCodeId: id });
  // A key being enrolled with this code can never become active: drop it with its password hash,
  // phone or app secret (its enrolment session and registration codes cascade).
  await manager.getRepository(DigitalKey).delete({ activationCodeId: id, status: 'pending' });
  return true;
}

/**
 * The one way an activation code is issued, for the desk (letter) and the video interview (shown
 * in the call): a live code of the same person is revoked, the new code is stored as a keyed hash
 * with a sealed copy (letter rendering, the citizen's appointment page), audited, and the
 * activation e-mail — and the letter, for the desk — leave through the outbox. All in the caller's
 * transaction.
 */
@Injectable()
export class ActivationCodeIssuer {
  private readonly sealer: Sealer;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {
    this.sealer = createSealer(config.DATA_ENCRYPTION_KEY);
  }

  async issue(manager: EntityManager, input: IssueCodeInput): Promise<IssuedCode> {
    const live = await manager.getRepository(ActivationCode).findOne({ where: { personId: input.personId, status: 'issued' }, lock: { mode: 'pessimistic_write' } });
    if (live && (await endActivationCode(manager, live.id, 'revoked', 'reissued'))) {
      await this.audit.append(manager, {
        actor: input.actor,
        action: 'activation_code.revoked',
        subject: { type: 'activation_code', id: live.id },
        requestId: input.requestId,
        details: { reason: 'reissued', personId: input.personId },
      });
    }

    const id = randomUUID();
    const canonical = normalizeActivationCode(generateActivationCode());
    if (!canonical) throw new Error('generated activation code does not normalise');
    const formatted = formatActivationCode(canonical);
    const linkToken = randomToken(32);
    const expiresAt = new Date(Date.now() + this.config.ACTIVATION_CODE_TTL_DAYS * 24 * 60 * 60 * 1000);
    await manager.getRepository(Person).update({ id: input.personId }, { language: input.language });
    const repository = manager.getRepository(ActivationCode);
    await repository.save(
      repository.create({
        id,
        personId: input.personId,
        evidenceId: input.evidenceId,
        status: 'issued',
        channel: input.channel,
        codeHash: keyedHash(this.config.CODE_PEPPER, 'activation-code', canonical),
        linkTokenHash: keyedHash(this.config.CODE_PEPPER, 'activation-link', linkToken),
        letterCodeSealed: this.sealer.seal(formatted, activationLetterSealContext(id)),
        email: input.email,
        language: input.language,
        replacesKeysConfirmed: input.activeKeys > 0,
        municipalityNisCode: input.municipalityNisCode,
        issuedBy: input.issuedBy,
        expiresAt,
      }),
    );
    await this.audit.append(manager, {
      actor: input.actor,
      action: 'activation_code.issued',
      subject: { type: 'activation_code', id },
      requestId: input.requestId,
      details: { personId: input.personId, evidenceId: input.evidenceId, channel: input.channel, expiresAt: expiresAt.toISOString(), keysToDeactivate: input.activeKeys },
    });
    if (input.letter) await this.outbox.enqueue(manager, 'letters.render', { activationCodeId: id });
    // The desk's mail speaks of the office and the letter; the video one of the agent in the call.
    const params = {
      name: input.mail.name,
      url: `${new URL('/activate', this.config.PUBLIC_BASE_URL).toString()}?t=${linkToken}`,
      validUntil: formatLongDate(expiresAt, input.language),
    };
    await this.outbox.enqueue(
      manager,
      'mail.send',
      input.channel === 'desk'
        ? { template: 'activation-link', to: input.email, language: input.language, params: { ...params, municipality: input.mail.municipality ?? '' } }
        : { template: 'video-activation-link', to: input.email, language: input.language, params },
    );
    return { code: await repository.findOneOrFail({ where: { id }, relations: { person: true } }), formatted };
  }

  /** The code in clear from its sealed copy, while it is live (null once ended). */
  unseal(code: Pick<ActivationCode, 'id' | 'letterCodeSealed' | 'status'>): string | null {
    if (code.status !== 'issued' || !code.letterCodeSealed) return null;
    return this.sealer.open(code.letterCodeSealed, activationLetterSealContext(code.id));
  }
}
