import { Injectable } from '@nestjs/common';
import { Municipality, Staff } from '@sesame/database';
import { MunicipalityException } from './municipalities.exception';
import { MunicipalitiesRepository } from './municipalities.repository';

/** The registration offices (municipalities) staff can belong to. */
@Injectable()
export class MunicipalitiesService {
  constructor(private readonly repository: MunicipalitiesRepository) {}

  list(): Promise<Municipality[]> {
    return this.repository.findAllOrderedByName();
  }

  find(nisCode: string | null): Promise<Municipality | null> {
    return nisCode ? this.repository.findByNisCode(nisCode) : Promise.resolve(null);
  }

  /** A registration office with the clerks working at its desk. */
  async office(nisCode: string): Promise<{ municipality: Municipality; clerks: Staff[] }> {
    const municipality = await this.repository.findByNisCode(nisCode);
    if (!municipality) throw new MunicipalityException('municipality.not_found');
    return { municipality, clerks: await this.repository.findActiveClerksOf(nisCode) };
  }
}
