import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Municipality, Staff } from '@sesame/database';
import { DataSource } from 'typeorm';

@Injectable()
export class MunicipalitiesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findAllOrderedByName(): Promise<Municipality[]> {
    return this.dataSource.getRepository(Municipality).find({ order: { nameFr: 'ASC' } });
  }

  findByNisCode(nisCode: string): Promise<Municipality | null> {
    return this.dataSource.getRepository(Municipality).findOneBy({ nisCode });
  }

  findActiveClerksOf(nisCode: string): Promise<Staff[]> {
    return this.dataSource
      .getRepository(Staff)
      .createQueryBuilder('s')
      .innerJoin('s.roles', 'r', 'r.role = :role', { role: 'clerk' })
      .where('s.municipality_nis_code = :nisCode AND s.disabled_at IS NULL', { nisCode })
      .orderBy('s.display_name', 'ASC')
      .getMany();
  }
}
