import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { LoginThrottle, Staff, StaffRecoveryCode, StaffSession } from '@sesame/database';
import { DataSource, EntityManager, IsNull, LessThan } from 'typeorm';

/** Queries of the sign-in flow: accounts by e-mail, sessions, throttling, recovery codes. */
@Injectable()
export class AuthRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findStaffByEmail(email: string): Promise<Staff | null> {
    return this.dataSource.getRepository(Staff).findOne({ where: { email }, relations: { roles: true } });
  }

  findStaffById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Staff | null> {
    return manager.getRepository(Staff).findOne({ where: { id }, relations: { roles: true } });
  }

  findSession(tokenHash: string): Promise<StaffSession | null> {
    return this.dataSource.getRepository(StaffSession).findOne({ where: { tokenHash }, relations: { staff: { roles: true } } });
  }

  async touchSession(tokenHash: string, at: Date): Promise<void> {
    await this.dataSource.getRepository(StaffSession).update({ tokenHash }, { lastSeenAt: at });
  }

  async deleteSession(tokenHash: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(StaffSession).delete({ tokenHash });
  }

  async deleteSessionsOfStaff(staffId: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(StaffSession).delete({ staffId });
  }

  async deleteExpiredSessions(now: Date): Promise<number> {
    const result = await this.dataSource.getRepository(StaffSession).delete({ expiresAt: LessThan(now) });
    return result.affected ?? 0;
  }

  findThrottle(keyHash: string): Promise<LoginThrottle | null> {
    return this.dataSource.getRepository(LoginThrottle).findOneBy({ keyHash });
  }

  /** Counts one more failure atomically and returns the new count. */
  async recordFailure(keyHash: string, manager: EntityManager): Promise<number> {
    const rows = await manager.query<{ failures: number }[]>(
      `INSERT INTO "login_throttle" ("key_hash", "failures", "last_failure_at") VALUES ($1, 1, now())
       ON CONFLICT ("key_hash") DO UPDATE SET "failures" = "login_throttle"."failures" + 1, "last_failure_at" = now()
       RETURNING "failures"`,
      [keyHash],
    );
    return rows[0].failures;
  }

  async lockUntil(keyHash: string, until: Date, manager: EntityManager): Promise<void> {
    await manager.getRepository(LoginThrottle).update({ keyHash }, { lockedUntil: until });
  }

  async clearThrottle(keyHash: string, manager: EntityManager): Promise<void> {
    await manager.getRepository(LoginThrottle).delete({ keyHash });
  }

  /** Marks the matching unused recovery code as used; false when none matched. */
  async consumeRecoveryCode(staffId: string, codeHash: string, manager: EntityManager): Promise<boolean> {
    const result = await manager
      .getRepository(StaffRecoveryCode)
      .update({ staffId, codeHash, usedAt: IsNull() }, { usedAt: new Date() });
    return (result.affected ?? 0) === 1;
  }

  async replaceRecoveryCodes(staffId: string, codeHashes: string[], manager: EntityManager): Promise<void> {
    const repository = manager.getRepository(StaffRecoveryCode);
    await repository.delete({ staffId });
    await repository.insert(codeHashes.map((codeHash) => ({ staffId, codeHash })));
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }
}
