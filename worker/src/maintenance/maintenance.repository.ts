import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ActivationCode, ActivationLetter, DigitalKey } from '@sesame/database';
import { DataSource, EntityManager, In } from 'typeorm';

/** An activation code the sweep moved from `issued` to `expired`. */
export interface ExpiredCode {
  id: string;
  personId: string;
}

/** A pending digital key deleted with the code it was being enrolled with. */
export interface DiscardedKey {
  id: string;
  activationCodeId: string;
}

/** Rows a DELETE removed: TypeORM answers `[rows, rowCount]` for raw DELETE statements. */
const deletedCount = (result: unknown): number => (Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0);

/** Queries of the housekeeping sweep: activation codes past their end, and rows past their retention. */
@Injectable()
export class MaintenanceRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  // -- activation codes ------------------------------------------------------------------------

  /**
   * Up to `limit` issued codes past `expires_at`, locked for the caller's transaction. SKIP LOCKED:
   * a code another replica is expiring, or a request is consuming or revoking, is left to them.
   */
  async claimExpiredCodes(manager: EntityManager, limit: number): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT "id" FROM "activation_code" WHERE "status" = 'issued' AND "expires_at" < now() ORDER BY "expires_at" LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((row) => row.id);
  }

  /**
   * `issued → expired`, with the sealed copy wiped in the same UPDATE (a CHECK enforces it). Only
   * codes still `issued` move: the ones returned are the ones this transaction ended.
   */
  async expireCodes(manager: EntityManager, ids: string[]): Promise<ExpiredCode[]> {
    if (!ids.length) return [];
    const result = await manager
      .createQueryBuilder()
      .update(ActivationCode)
      .set({ status: 'expired', letterCodeSealed: null, endedAt: () => 'now()', endReason: 'ttl' })
      .where('id IN (:...ids) AND status = :issued', { ids, issued: 'issued' })
      .returning('"id", "person_id"')
      .execute();
    return (result.raw as { id: string; person_id: string }[]).map((row) => ({ id: row.id, personId: row.person_id }));
  }

  /** The letters of ended codes: they print the code in clear. */
  async deleteLetters(manager: EntityManager, activationCodeIds: string[]): Promise<void> {
    if (activationCodeIds.length) await manager.getRepository(ActivationLetter).delete({ activationCodeId: In(activationCodeIds) });
  }

  /**
   * Deletes the pending keys of ended codes (their enrolment sessions and registration codes go with
   * them): such a key can never become active, yet holds a password hash, a phone or an app secret.
   */
  async deletePendingKeysOf(manager: EntityManager, activationCodeIds: string[]): Promise<DiscardedKey[]> {
    if (!activationCodeIds.length) return [];
    const result = await manager
      .createQueryBuilder()
      .delete()
      .from(DigitalKey)
      .where('activation_code_id IN (:...ids) AND status = :pending', { ids: activationCodeIds, pending: 'pending' })
      .returning('"id", "activation_code_id"')
      .execute();
    return (result.raw as { id: string; activation_code_id: string }[]).map((row) => ({ id: row.id, activationCodeId: row.activation_code_id }));
  }

  // -- documents past retention -----------------------------------------------------------------

  /**
   * Deletes up to `limit` documents past `retain_until` (pages cascade) and answers what they were;
   * SKIP LOCKED leaves a document the OCR worker is writing to the next sweep.
   */
  /** Documents whose retention ended before `now` (the database's clock when not given). */
  async deleteExpiredDocuments(manager: EntityManager, limit: number, now?: Date): Promise<{ id: string; purpose: string; pageCount: number }[]> {
    // A raw DELETE … RETURNING answers `[rows, rowCount]`.
    const [rows] = await manager.query<[{ id: string; purpose: string; page_count: number }[], number]>(
      `DELETE FROM "document" WHERE "id" IN (
         SELECT "id" FROM "document" WHERE "retain_until" < COALESCE($2::timestamptz, now()) ORDER BY "retain_until" LIMIT $1 FOR UPDATE SKIP LOCKED
       ) RETURNING "id", "purpose", "page_count"`,
      [limit, now ?? null],
    );
    return rows.map((row) => ({ id: row.id, purpose: row.purpose, pageCount: row.page_count }));
  }

  // -- retention -------------------------------------------------------------------------------

  /**
   * Gives claimed NISS tickets nobody touched for `idleMinutes` back to the queue (`release`:
   * in_review → pending), skipping rows a request holds; answers the released tickets and who held them.
   */
  async releaseIdleClaims(manager: EntityManager, idleMinutes: number, limit: number): Promise<{ id: string; claimedBy: string }[]> {
    const [rows] = await manager.query<[{ id: string; claimed_by: string }[], number]>(
      `WITH idle AS (
         SELECT id, claimed_by FROM niss_ticket
         WHERE status = 'in_review' AND claim_touched_at < now() - $1 * interval '1 minute'
         ORDER BY claim_touched_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE niss_ticket AS ticket
       SET status = 'pending', claimed_by = NULL, claimed_at = NULL, claim_touched_at = NULL, bis_proposed_by = NULL, updated_at = now()
       FROM idle WHERE ticket.id = idle.id
       RETURNING ticket.id, idle.claimed_by`,
      [idleMinutes, limit],
    );
    if (rows.length > 0) {
      await manager.query(
        `INSERT INTO niss_ticket_event (ticket_id, action, from_status, to_status, actor_kind, actor_id, details)
         SELECT unnest($1::uuid[]), 'release', 'in_review', 'pending', 'system', NULL, jsonb_build_object('reason', 'idle')`,
        [rows.map((row) => row.id)],
      );
    }
    return rows.map((row) => ({ id: row.id, claimedBy: row.claimed_by }));
  }

  async purgeStaffSessions(): Promise<number> {
    return deletedCount(await this.dataSource.query(`DELETE FROM "staff_session" WHERE "expires_at" < now()`));
  }

  async purgeLoginThrottles(): Promise<number> {
    return deletedCount(
      await this.dataSource.query(
        `DELETE FROM "login_throttle" WHERE "last_failure_at" < now() - interval '1 day' AND ("locked_until" IS NULL OR "locked_until" < now())`,
      ),
    );
  }

  async purgeDispatchedOutbox(): Promise<number> {
    return deletedCount(await this.dataSource.query(`DELETE FROM "outbox_message" WHERE "dispatched_at" < now() - interval '7 days'`));
  }

  async purgeSentMails(): Promise<number> {
    return deletedCount(await this.dataSource.query(`DELETE FROM "sent_mail" WHERE "sent_at" < now() - interval '30 days'`));
  }

  async purgeCitizenSessions(): Promise<number> {
    return deletedCount(await this.dataSource.query(`DELETE FROM "citizen_session" WHERE "expires_at" < now()`));
  }

  /** Registration and login codes ended (used, voided, locked) or expired more than a day ago. */
  async purgeCitizenCodes(): Promise<number> {
    return deletedCount(
      await this.dataSource.query(
        `DELETE FROM "citizen_code" WHERE "ended_at" < now() - interval '1 day' OR "expires_at" < now() - interval '1 day'`,
      ),
    );
  }

  async purgeSmsMessages(): Promise<number> {
    return deletedCount(await this.dataSource.query(`DELETE FROM "sms_message" WHERE "sent_at" < now() - interval '7 days'`));
  }
}
