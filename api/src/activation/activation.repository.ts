import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ActivationCode,
  ActivationLetter,
  CitizenCode,
  CitizenCodePurpose,
  CitizenCodeStatus,
  CitizenSession,
  DigitalKey,
} from '@sesame/database';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import { allowedFrom, CITIZEN_CODE_TRANSITIONS, DIGITAL_KEY_TRANSITIONS } from './activation.rules';

/** Queries of citizen activation and login: activation codes, digital keys, codes, citizen sessions. */
@Injectable()
export class ActivationRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // -- activation codes ------------------------------------------------------------------------

  findActivationCodeByLinkForUpdate(manager: EntityManager, linkTokenHash: string): Promise<ActivationCode | null> {
    return manager.getRepository(ActivationCode).findOne({ where: { linkTokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  findActivationCodeForUpdate(manager: EntityManager, id: string): Promise<ActivationCode | null> {
    return manager.getRepository(ActivationCode).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Counts a wrong code (and locks the code at the limit); false when the code is no longer issued. */
  async recordWrongActivationCode(manager: EntityManager, id: string, failedAttempts: number, lock: boolean): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ActivationCode)
      .set({ failedAttempts, ...(lock ? { lockedAt: () => 'now()' } : {}) })
      .where('id = :id AND status = :issued', { id, issued: 'issued' })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /**
   * `issued → consumed` with the sealed copy wiped in the same UPDATE (a CHECK enforces it) and the
   * letter, which prints the code, deleted.
   */
  async consumeActivationCode(manager: EntityManager, id: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(ActivationCode)
      .set({ status: 'consumed', letterCodeSealed: null, endedAt: () => 'now()', endReason: 'activated' })
      .where('id = :id AND status = :issued', { id, issued: 'issued' })
      .execute();
    if ((result.affected ?? 0) !== 1) return false;
    await manager.getRepository(ActivationLetter).delete({ activationCodeId: id });
    return true;
  }

  // -- digital keys ----------------------------------------------------------------------------

  /** Deletes the pending keys of an activation code (their sessions and codes go with them); returns their ids. */
  async deletePendingKeysOfCode(manager: EntityManager, activationCodeId: string): Promise<string[]> {
    const keys = await manager.getRepository(DigitalKey).find({ select: { id: true }, where: { activationCodeId, status: 'pending' } });
    if (keys.length) await manager.getRepository(DigitalKey).delete({ id: In(keys.map((key) => key.id)) });
    return keys.map((key) => key.id);
  }

  insertKey(manager: EntityManager, key: Partial<DigitalKey>): Promise<DigitalKey> {
    return manager.getRepository(DigitalKey).save(manager.getRepository(DigitalKey).create(key));
  }

  findKeyForUpdate(manager: EntityManager, id: string): Promise<DigitalKey | null> {
    return manager.getRepository(DigitalKey).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  async updatePendingKey(manager: EntityManager, id: string, changes: Partial<DigitalKey>): Promise<void> {
    await manager.getRepository(DigitalKey).update({ id, status: 'pending' }, changes);
  }

  /**
   * Frees `username` when it is held by a pending key nobody is enrolling any more (no session alive:
   * the enrolment was abandoned, or its code reissued), so the citizen can choose it again.
   */
  async releaseAbandonedUsername(manager: EntityManager, username: string, exceptKeyId: string, idleBefore: Date): Promise<void> {
    await manager.query(
      `UPDATE "digital_key" k SET "username" = NULL, "password_hash" = NULL, "updated_at" = now(), "version" = k."version" + 1
       WHERE k."username" = $1 AND k."status" = 'pending' AND k."id" <> $2
         AND NOT EXISTS (SELECT 1 FROM "citizen_session" s WHERE s."digital_key_id" = k."id" AND s."expires_at" > now() AND s."last_seen_at" > $3)`,
      [username, exceptKeyId, idleBefore],
    );
  }

  /** Whether another key that is not deactivated holds `username`. */
  usernameInUse(manager: EntityManager, username: string, exceptKeyId: string): Promise<boolean> {
    return manager.getRepository(DigitalKey).existsBy({ username, status: Not('deactivated'), id: Not(exceptKeyId) });
  }

  /** `pending → active`, with the first accepted TOTP time step for app keys. */
  async activateKey(manager: EntityManager, id: string, totpLastTimeStep: string | null): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(DigitalKey)
      .set({ status: 'active', activatedAt: () => 'now()', ...(totpLastTimeStep !== null ? { totpLastTimeStep } : {}) })
      .where('id = :id AND status IN (:...from)', { id, from: allowedFrom(DIGITAL_KEY_TRANSITIONS, 'active') })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  /** The other active keys linked to an e-mail, with their person (for the notice), locked. */
  async findOtherActiveKeysByEmailForUpdate(manager: EntityManager, email: string, exceptKeyId: string): Promise<DigitalKey[]> {
    const ids = await manager
      .getRepository(DigitalKey)
      .createQueryBuilder('k')
      .select('k.id', 'id')
      .where('k.email = :email AND k.status = :active AND k.id <> :except', { email, active: 'active', except: exceptKeyId })
      .orderBy('k.id')
      .setLock('pessimistic_write')
      .getRawMany<{ id: string }>();
    if (!ids.length) return [];
    return manager.getRepository(DigitalKey).find({ where: { id: In(ids.map((row) => row.id)) }, relations: { person: true }, order: { activatedAt: 'ASC' } });
  }

  async deactivateKey(manager: EntityManager, id: string, reason: string): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(DigitalKey)
      .set({ status: 'deactivated', deactivatedAt: () => 'now()', deactivatedReason: reason })
      .where('id = :id AND status IN (:...from)', { id, from: allowedFrom(DIGITAL_KEY_TRANSITIONS, 'deactivated') })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  findActiveKeyByUsername(username: string): Promise<DigitalKey | null> {
    return this.dataSource.getRepository(DigitalKey).findOne({ where: { username, status: 'active' } });
  }

  /** Accepts a TOTP time step only if it is later than the last one accepted (two requests cannot both pass). */
  async advanceTotpStep(manager: EntityManager, id: string, step: number): Promise<boolean> {
    const result = await manager
      .createQueryBuilder()
      .update(DigitalKey)
      .set({ totpLastTimeStep: String(step) })
      .where('id = :id AND status = :active AND (totp_last_time_step IS NULL OR totp_last_time_step < :step)', { id, active: 'active', step })
      .execute();
    return (result.affected ?? 0) === 1;
  }

  // -- registration and login codes ------------------------------------------------------------

  async voidLiveCodes(manager: EntityManager, digitalKeyId: string, purpose: CitizenCodePurpose): Promise<void> {
    await this.endCodes(manager, { digitalKeyId, purpose }, 'voided');
  }

  insertCode(manager: EntityManager, code: Partial<CitizenCode>): Promise<CitizenCode> {
    return manager.getRepository(CitizenCode).save(manager.getRepository(CitizenCode).create(code));
  }

  /** The newest code of a key and purpose, whatever its status, locked. */
  findLatestCodeForUpdate(manager: EntityManager, digitalKeyId: string, purpose: CitizenCodePurpose): Promise<CitizenCode | null> {
    return manager
      .getRepository(CitizenCode)
      .findOne({ where: { digitalKeyId, purpose }, order: { createdAt: 'DESC' }, lock: { mode: 'pessimistic_write' } });
  }

  findLiveCode(digitalKeyId: string, purpose: CitizenCodePurpose): Promise<CitizenCode | null> {
    return this.dataSource.getRepository(CitizenCode).findOneBy({ digitalKeyId, purpose, status: 'live' });
  }

  async recordWrongCode(manager: EntityManager, id: string, failedAttempts: number, lock: boolean): Promise<void> {
    await manager
      .getRepository(CitizenCode)
      .update({ id, status: 'live' }, { failedAttempts, ...(lock ? { status: 'locked' as const, endedAt: new Date() } : {}) });
  }

  /** `live → used`; false when the code was not live any more (a concurrent request used it). */
  async useCode(manager: EntityManager, id: string): Promise<boolean> {
    return (await this.endCodes(manager, { id }, 'used')) === 1;
  }

  private async endCodes(manager: EntityManager, where: Partial<Pick<CitizenCode, 'id' | 'digitalKeyId' | 'purpose'>>, to: CitizenCodeStatus): Promise<number> {
    const result = await manager
      .getRepository(CitizenCode)
      .update({ ...where, status: In(allowedFrom(CITIZEN_CODE_TRANSITIONS, to)) }, { status: to, endedAt: new Date() });
    return result.affected ?? 0;
  }

  // -- citizen sessions ------------------------------------------------------------------------

  async insertSession(manager: EntityManager, session: Partial<CitizenSession>): Promise<void> {
    await manager.getRepository(CitizenSession).insert(session);
  }

  findSession(tokenHash: string): Promise<CitizenSession | null> {
    return this.dataSource.getRepository(CitizenSession).findOne({ where: { tokenHash }, relations: { digitalKey: { person: true } } });
  }

  /** The session row locked for the caller's transaction (counters). */
  findSessionForUpdate(manager: EntityManager, tokenHash: string): Promise<CitizenSession | null> {
    return manager.getRepository(CitizenSession).findOne({ where: { tokenHash }, lock: { mode: 'pessimistic_write' } });
  }

  async updateSession(manager: EntityManager, tokenHash: string, changes: Partial<CitizenSession>): Promise<void> {
    await manager.getRepository(CitizenSession).update({ tokenHash }, changes);
  }

  async touchSession(tokenHash: string, at: Date): Promise<void> {
    await this.dataSource.getRepository(CitizenSession).update({ tokenHash }, { lastSeenAt: at });
  }

  async deleteSession(tokenHash: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(CitizenSession).delete({ tokenHash });
  }

  async deleteSessionsOfKey(manager: EntityManager, digitalKeyId: string): Promise<void> {
    await manager.getRepository(CitizenSession).delete({ digitalKeyId });
  }

  /** Sessions past their absolute end; removed whenever a new one opens, so the table stays small. */
  async deleteExpiredSessions(manager: EntityManager): Promise<void> {
    await manager.createQueryBuilder().delete().from(CitizenSession).where('expires_at < now()').execute();
  }
}
