import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Municipality, Staff, StaffRole } from '@sesame/database';
import { DataSource, EntityManager } from 'typeorm';

@Injectable()
export class StaffRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  async search(search: string | undefined, page: number, pageSize: number): Promise<[Staff[], number]> {
    const query = this.dataSource
      .getRepository(Staff)
      .createQueryBuilder('s')
      .leftJoinAndSelect('s.roles', 'r')
      .leftJoinAndSelect('s.municipality', 'm')
      .orderBy('s.display_name', 'ASC')
      .addOrderBy('s.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    if (search?.trim()) {
      query.where('(s.email ILIKE :q OR s.display_name ILIKE :q)', { q: `%${search.trim().replace(/[%_\\]/g, '\\$&')}%` });
    }
    return query.getManyAndCount();
  }

  /** Loads an account with its roles and municipality, locking the row for the caller's transaction. */
  async findForUpdate(manager: EntityManager, id: string): Promise<Staff | null> {
    const locked = await manager.getRepository(Staff).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
    if (!locked) return null;
    return manager.getRepository(Staff).findOne({ where: { id }, relations: { roles: true, municipality: true } });
  }

  findWithRelations(manager: EntityManager, id: string): Promise<Staff | null> {
    return manager.getRepository(Staff).findOne({ where: { id }, relations: { roles: true, municipality: true } });
  }

  existsByEmail(manager: EntityManager, email: string): Promise<boolean> {
    return manager.getRepository(Staff).existsBy({ email });
  }

  findMunicipality(manager: EntityManager, nisCode: string): Promise<Municipality | null> {
    return manager.getRepository(Municipality).findOneBy({ nisCode });
  }

  /** Active admins other than `exceptId`; the rows are locked so two concurrent demotions cannot both pass. */
  async countOtherActiveAdmins(manager: EntityManager, exceptId: string): Promise<number> {
    const rows = await manager.query<{ id: string }[]>(
      `SELECT s."id" FROM "staff" s JOIN "staff_role" r ON r."staff_id" = s."id" AND r."role" = 'admin'
       WHERE s."disabled_at" IS NULL AND s."id" <> $1 FOR UPDATE OF s`,
      [exceptId],
    );
    return rows.length;
  }

  async replaceRoles(manager: EntityManager, staffId: string, roles: string[]): Promise<void> {
    await manager.getRepository(StaffRole).delete({ staffId });
    await manager.getRepository(StaffRole).insert(roles.map((role) => ({ staffId, role: role as StaffRole['role'] })));
  }
}
