import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditEntry } from '@sesame/database';
import { DataSource } from 'typeorm';

export interface AuditFilter {
  actor?: string;
  action?: string;
  subject?: string;
  from?: Date;
  to?: Date;
}

const escapeLike = (value: string): string => value.replace(/[%_\\]/g, '\\$&');

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Newest first. `to` is inclusive of the whole day given. */
  search(filter: AuditFilter, page: number, pageSize: number): Promise<[AuditEntry[], number]> {
    const query = this.dataSource
      .getRepository(AuditEntry)
      .createQueryBuilder('a')
      .orderBy('a.id', 'DESC')
      .skip((page - 1) * pageSize)
      .take(pageSize);
    if (filter.actor) query.andWhere('a.actor_email ILIKE :actor', { actor: `%${escapeLike(filter.actor.trim())}%` });
    if (filter.action) query.andWhere('a.action LIKE :action', { action: `${escapeLike(filter.action.trim())}%` });
    if (filter.subject) query.andWhere('a.subject_id = :subject', { subject: filter.subject.trim() });
    if (filter.from) query.andWhere('a.occurred_at >= :from', { from: filter.from });
    if (filter.to) query.andWhere('a.occurred_at < :to', { to: filter.to });
    return query.getManyAndCount();
  }
}
