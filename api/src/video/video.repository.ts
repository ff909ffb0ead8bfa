import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ActivationCode,
  Appointment,
  AppointmentAccess,
  AppointmentStill,
  Document,
  DocumentPage,
  IdentityEvidence,
  LIVE_APPOINTMENT_STATUSES,
  Person,
  Staff,
  VideoAvailabilityException,
  VideoAvailabilityPattern,
} from '@sesame/database';
import { DataSource, EntityManager, In } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { countActiveKeysByEmail, countActiveKeysForEmail } from '../activation/activation-code-issuer';

/** SQLSTATE of an exclusion-constraint violation (two live bookings of one agent overlapping). */
export const EXCLUSION_VIOLATION = '23P01';

/** The rows of an `UPDATE … RETURNING` (TypeORM's PostgreSQL driver answers `[rows, affected]` for updates). */
const returnedRows = <T>(result: unknown): T[] => (Array.isArray(result) && Array.isArray(result[0]) ? (result[0] as T[]) : (result as T[]));

export const isExclusionViolation = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { driverError?: { code?: string }; code?: string }).driverError?.code === EXCLUSION_VIOLATION;

/** The queries of the video-interview flow; services hold the rules. */
@Injectable()
export class VideoRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /** Ids of the enabled staff holding the video_agent role (optionally only these). */
  async activeAgentIds(only?: string[]): Promise<string[]> {
    const query = this.dataSource
      .getRepository(Staff)
      .createQueryBuilder('s')
      .select('s.id', 'id')
      .innerJoin('s.roles', 'r', `r.role = 'video_agent'`)
      .where('s.disabled_at IS NULL');
    if (only) query.andWhere('s.id IN (:...only)', { only: only.length ? only : ['00000000-0000-0000-0000-000000000000'] });
    return (await query.getRawMany<{ id: string }>()).map((row) => row.id);
  }

  /** The enabled staff holding the video_agent role (optionally only this one), by display name. */
  async agents(only?: string): Promise<Pick<Staff, 'id' | 'displayName'>[]> {
    const query = this.dataSource
      .getRepository(Staff)
      .createQueryBuilder('s')
      .select(['s.id', 's.displayName'])
      .innerJoin('s.roles', 'r', `r.role = 'video_agent'`)
      .where('s.disabled_at IS NULL')
      .orderBy('s.displayName', 'ASC')
      .addOrderBy('s.id', 'ASC');
    if (only) query.andWhere('s.id = :only', { only });
    return query.getMany();
  }

  findAgent(id: string): Promise<Staff | null> {
    return this.dataSource.getRepository(Staff).findOne({ where: { id }, relations: { roles: true } });
  }

  /** Patterns of these agents valid on some day of [fromDay, toDay]. */
  patternsBetween(agentIds: string[], fromDay: string, toDay: string): Promise<VideoAvailabilityPattern[]> {
    if (!agentIds.length) return Promise.resolve([]);
    return this.dataSource
      .getRepository(VideoAvailabilityPattern)
      .createQueryBuilder('p')
      .where('p.agent_id IN (:...agentIds)', { agentIds })
      .andWhere('p.valid_from <= :toDay AND (p.valid_until IS NULL OR p.valid_until >= :fromDay)', { fromDay, toDay })
      .getMany();
  }

  exceptionsBetween(agentIds: string[], fromDay: string, toDay: string): Promise<VideoAvailabilityException[]> {
    if (!agentIds.length) return Promise.resolve([]);
    return this.dataSource
      .getRepository(VideoAvailabilityException)
      .createQueryBuilder('e')
      .where('e.agent_id IN (:...agentIds)', { agentIds })
      .andWhere('e.day BETWEEN :fromDay AND :toDay', { fromDay, toDay })
      .getMany();
  }

  /** Live bookings overlapping [from, to), optionally leaving one appointment out (a rebooking frees its own slot). */
  liveBookingsBetween(from: Date, to: Date, exceptId?: string, manager: EntityManager = this.dataSource.manager): Promise<Pick<Appointment, 'id' | 'agentId' | 'startsAt' | 'endsAt'>[]> {
    const query = manager
      .getRepository(Appointment)
      .createQueryBuilder('a')
      .select(['a.id', 'a.agentId', 'a.startsAt', 'a.endsAt'])
      .where('a.status IN (:...live)', { live: LIVE_APPOINTMENT_STATUSES })
      .andWhere('a.starts_at < :to AND a.ends_at > :from', { from, to });
    if (exceptId) query.andWhere('a.id <> :exceptId', { exceptId });
    return query.getMany();
  }

  /** Live bookings per agent on the Brussels day of `day`. */
  async liveCountsOnDay(agentIds: string[], day: string): Promise<Map<string, number>> {
    if (!agentIds.length) return new Map();
    const rows = await this.dataSource.query<{ agent_id: string; n: string }[]>(
      `SELECT agent_id, count(*) AS n FROM appointment
        WHERE agent_id = ANY($1) AND status IN ('requested', 'confirmed', 'in_progress')
          AND (starts_at AT TIME ZONE 'Europe/Brussels')::date = $2::date
        GROUP BY agent_id`,
      [agentIds, day],
    );
    return new Map(rows.map((row) => [row.agent_id, Number(row.n)]));
  }

  /** Live bookings of one e-mail, counted under a lock on that e-mail: parallel bookings cannot pass a limit together. */
  async lockAndCountLiveByEmail(manager: EntityManager, email: string): Promise<number> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('video-booking-email:' || $1))`, [email]);
    return manager.getRepository(Appointment).countBy({ email, status: In([...LIVE_APPOINTMENT_STATUSES]) });
  }

  /** Counts a wrong security code, locking the link when it reaches `max`; answers the new count and whether it is locked. */
  async recordWrongCode(manager: EntityManager, id: string, max: number): Promise<{ attempts: number; locked: boolean }> {
    const [row] = returnedRows<{ attempts: number; locked: boolean }>(
      await manager.query(
        `UPDATE appointment
            SET code_failed_attempts = code_failed_attempts + 1,
                code_locked_at = CASE WHEN code_locked_at IS NULL AND code_failed_attempts + 1 >= $2 THEN now() ELSE code_locked_at END
          WHERE id = $1
      RETURNING code_failed_attempts AS attempts, code_locked_at IS NOT NULL AS locked`,
        [id, max],
      ),
    );
    return { attempts: Number(row!.attempts), locked: row!.locked };
  }

  /** The right code: the counter starts again, unless a parallel wrong guess locked the link meanwhile (answers whether it is locked). */
  async resetWrongCodes(manager: EntityManager, id: string): Promise<boolean> {
    const [row] = returnedRows<{ locked: boolean }>(
      await manager.query(
        `UPDATE appointment SET code_failed_attempts = CASE WHEN code_locked_at IS NULL THEN 0 ELSE code_failed_attempts END WHERE id = $1 RETURNING code_locked_at IS NOT NULL AS locked`,
        [id],
      ),
    );
    return row?.locked ?? false;
  }

  /** The person with this national number, created when missing (one statement: two approvals at once make one person). */
  async findOrInsertPersonByNationalNumber(manager: EntityManager, fields: QueryDeepPartialEntity<Person> & { nationalNumber: string }): Promise<Person> {
    const existing = await manager.getRepository(Person).findOneBy({ nationalNumber: fields.nationalNumber });
    if (existing) return existing;
    await manager.createQueryBuilder().insert().into(Person).values(fields).orIgnore().execute();
    return manager.getRepository(Person).findOneByOrFail({ nationalNumber: fields.nationalNumber });
  }

  /** The person a document (number, issuing state) was already checked for, by any flow. */
  async findPersonByCheckedDocument(manager: EntityManager, documentNumber: string, issuingState: string): Promise<Person | null> {
    const evidence = await manager.getRepository(IdentityEvidence).findOne({ where: { documentNumber, issuingState }, relations: { person: true }, order: { checkedAt: 'DESC' } });
    return evidence?.person ?? null;
  }

  insertPerson(manager: EntityManager, fields: Partial<Person>): Promise<Person> {
    return manager.getRepository(Person).save(manager.getRepository(Person).create(fields));
  }

  insertEvidence(manager: EntityManager, evidence: Omit<IdentityEvidence, 'id' | 'person' | 'checkedAt'>): Promise<IdentityEvidence> {
    return manager.getRepository(IdentityEvidence).save(manager.getRepository(IdentityEvidence).create(evidence));
  }

  countActiveKeysForEmail(manager: EntityManager, email: string): Promise<number> {
    return countActiveKeysForEmail(manager, email);
  }

  /** Active digital keys per e-mail (absent: none), for the agent's views. */
  activeKeysByEmail(emails: string[]): Promise<Map<string, number>> {
    return countActiveKeysByEmail(this.dataSource.manager, emails);
  }

  findActivationCode(id: string): Promise<ActivationCode | null> {
    return this.dataSource.getRepository(ActivationCode).findOneBy({ id });
  }

  async nextReferenceNumber(manager: EntityManager): Promise<number> {
    const [row] = await manager.query<{ n: string }[]>(`SELECT nextval('appointment_reference_seq') AS n`);
    return Number(row!.n);
  }

  /** Inserts in a savepoint, so an exclusion violation leaves the caller's transaction usable for the next agent. */
  async insertAppointment(manager: EntityManager, values: QueryDeepPartialEntity<Appointment>): Promise<string> {
    await manager.query('SAVEPOINT appointment_insert');
    try {
      const result = await manager.createQueryBuilder().insert().into(Appointment).values(values).returning('id').execute();
      await manager.query('RELEASE SAVEPOINT appointment_insert');
      return (result.raw as { id: string }[])[0]!.id;
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT appointment_insert');
      throw error;
    }
  }

  /** Moves a booking to another slot (and agent) in a savepoint, like {@link insertAppointment}. */
  async moveAppointment(manager: EntityManager, id: string, values: QueryDeepPartialEntity<Appointment>): Promise<void> {
    await manager.query('SAVEPOINT appointment_move');
    try {
      await manager.createQueryBuilder().update(Appointment).set(values).where('id = :id', { id }).execute();
      await manager.query('RELEASE SAVEPOINT appointment_move');
    } catch (error) {
      await manager.query('ROLLBACK TO SAVEPOINT appointment_move');
      throw error;
    }
  }

  find(id: string, manager: EntityManager = this.dataSource.manager): Promise<Appointment | null> {
    return manager.getRepository(Appointment).findOne({ where: { id }, relations: { agent: true } });
  }

  findByLinkTokenHash(linkTokenHash: string): Promise<Appointment | null> {
    return this.dataSource.getRepository(Appointment).findOneBy({ linkTokenHash });
  }

  lock(manager: EntityManager, id: string): Promise<Appointment | null> {
    return manager.getRepository(Appointment).createQueryBuilder('a').where('a.id = :id', { id }).setLock('pessimistic_write').getOne();
  }

  update(manager: EntityManager, id: string, values: QueryDeepPartialEntity<Appointment>): Promise<unknown> {
    return manager.createQueryBuilder().update(Appointment).set(values).where('id = :id', { id }).execute();
  }

  insertAccess(manager: EntityManager, access: Pick<AppointmentAccess, 'tokenHash' | 'appointmentId' | 'expiresAt'>): Promise<unknown> {
    return manager.getRepository(AppointmentAccess).insert(access);
  }

  findLiveAccess(tokenHash: string): Promise<AppointmentAccess | null> {
    return this.dataSource
      .getRepository(AppointmentAccess)
      .createQueryBuilder('s')
      .innerJoinAndSelect('s.appointment', 'a')
      .where('s.token_hash = :tokenHash AND s.expires_at > now()', { tokenHash })
      .getOne();
  }

  deleteAccess(tokenHash: string): Promise<unknown> {
    return this.dataSource.getRepository(AppointmentAccess).delete({ tokenHash });
  }

  /** The retention of a booking's documents (its ID copy and stills) follows its end. */
  async setDocumentsRetention(manager: EntityManager, appointmentId: string, retainUntil: Date): Promise<void> {
    await manager.query(
      `UPDATE document SET retain_until = $2
        WHERE id IN (SELECT id_document_id FROM appointment WHERE id = $1 AND id_document_id IS NOT NULL
                     UNION SELECT document_id FROM appointment_still WHERE appointment_id = $1)`,
      [appointmentId, retainUntil],
    );
  }

  /** A superseded ID copy is purged by the next retention sweep. */
  async expireDocument(manager: EntityManager, documentId: string): Promise<void> {
    await manager.getRepository(Document).update({ id: documentId }, { retainUntil: new Date() });
  }

  findDocument(id: string): Promise<Document | null> {
    return this.dataSource.getRepository(Document).findOneBy({ id });
  }

  findPage(documentId: string, pageNumber: number): Promise<DocumentPage | null> {
    return this.dataSource.getRepository(DocumentPage).findOneBy({ documentId, pageNumber });
  }

  insertStill(manager: EntityManager, still: Pick<AppointmentStill, 'appointmentId' | 'documentId' | 'takenBy'>): Promise<AppointmentStill> {
    return manager.getRepository(AppointmentStill).save(manager.getRepository(AppointmentStill).create(still));
  }

  stillsOf(appointmentIds: string[]): Promise<AppointmentStill[]> {
    if (!appointmentIds.length) return Promise.resolve([]);
    return this.dataSource.getRepository(AppointmentStill).find({ where: { appointmentId: In(appointmentIds) }, order: { takenAt: 'ASC' } });
  }

  findStill(appointmentId: string, id: string): Promise<AppointmentStill | null> {
    return this.dataSource.getRepository(AppointmentStill).findOneBy({ appointmentId, id });
  }

  documentsOf(ids: string[]): Promise<Document[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.dataSource.getRepository(Document).findBy({ id: In(ids) });
  }

  /** Appointments starting in [from, to), of one agent or all, by start. */
  agenda(from: Date, to: Date, agentId: string | null): Promise<Appointment[]> {
    const query = this.dataSource
      .getRepository(Appointment)
      .createQueryBuilder('a')
      .leftJoinAndSelect('a.agent', 'agent')
      .where('a.starts_at >= :from AND a.starts_at < :to', { from, to })
      .orderBy('a.starts_at', 'ASC')
      .addOrderBy('a.reference', 'ASC')
      .take(1000);
    if (agentId) query.andWhere('a.agent_id = :agentId', { agentId });
    return query.getMany();
  }

  /** Requested and confirmed bookings per Brussels day in [fromDay, toDay]. */
  async bookingCountsPerDay(fromDay: string, toDay: string): Promise<Map<string, { requested: number; confirmed: number }>> {
    const rows = await this.dataSource.query<{ day: string; requested: string; confirmed: string }[]>(
      `SELECT to_char((starts_at AT TIME ZONE 'Europe/Brussels')::date, 'YYYY-MM-DD') AS day,
              count(*) FILTER (WHERE status = 'requested') AS requested,
              count(*) FILTER (WHERE status IN ('confirmed', 'in_progress')) AS confirmed
         FROM appointment
        WHERE (starts_at AT TIME ZONE 'Europe/Brussels')::date BETWEEN $1::date AND $2::date
        GROUP BY 1`,
      [fromDay, toDay],
    );
    return new Map(rows.map((row) => [row.day, { requested: Number(row.requested), confirmed: Number(row.confirmed) }]));
  }

  patternsOf(agentId: string): Promise<VideoAvailabilityPattern[]> {
    return this.dataSource.getRepository(VideoAvailabilityPattern).find({ where: { agentId }, order: { weekday: 'ASC', startTime: 'ASC' } });
  }

  /** The agent's patterns on one weekday, locked against a concurrent insert of an overlapping one (advisory lock per agent). */
  async lockPatternsOf(manager: EntityManager, agentId: string, weekday: number): Promise<VideoAvailabilityPattern[]> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('video-pattern:' || $1))`, [agentId]);
    return manager.getRepository(VideoAvailabilityPattern).findBy({ agentId, weekday });
  }

  insertPattern(manager: EntityManager, pattern: Omit<VideoAvailabilityPattern, 'id' | 'createdAt' | 'agent'>): Promise<VideoAvailabilityPattern> {
    return manager.getRepository(VideoAvailabilityPattern).save(manager.getRepository(VideoAvailabilityPattern).create(pattern));
  }

  findPattern(id: string): Promise<VideoAvailabilityPattern | null> {
    return this.dataSource.getRepository(VideoAvailabilityPattern).findOneBy({ id });
  }

  deletePattern(manager: EntityManager, id: string): Promise<unknown> {
    return manager.getRepository(VideoAvailabilityPattern).delete({ id });
  }

  exceptionsOf(agentId: string, fromDay: string): Promise<VideoAvailabilityException[]> {
    return this.dataSource
      .getRepository(VideoAvailabilityException)
      .createQueryBuilder('e')
      .where('e.agent_id = :agentId AND e.day >= :fromDay', { agentId, fromDay })
      .orderBy('e.day', 'ASC')
      .addOrderBy('e.start_time', 'ASC', 'NULLS FIRST')
      .getMany();
  }

  insertException(manager: EntityManager, exception: Omit<VideoAvailabilityException, 'id' | 'createdAt' | 'agent'>): Promise<VideoAvailabilityException> {
    return manager.getRepository(VideoAvailabilityException).save(manager.getRepository(VideoAvailabilityException).create(exception));
  }

  findException(id: string): Promise<VideoAvailabilityException | null> {
    return this.dataSource.getRepository(VideoAvailabilityException).findOneBy({ id });
  }

  deleteException(manager: EntityManager, id: string): Promise<unknown> {
    return manager.getRepository(VideoAvailabilityException).delete({ id });
  }
}
