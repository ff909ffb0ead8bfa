import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ActivationCode, ActivationLetter, IdentityEvidence, Person } from '@sesame/database';
import { personNameKeys } from '@sesame/domain';
import { DataSource, EntityManager } from 'typeorm';
import { countActiveKeysForEmail } from '../activation/activation-code-issuer';

/** What the desk writes of a person; the name search keys and the synthetic marker are derived here. */
export type PersonFields = Omit<
  Person,
  'id' | 'createdAt' | 'updatedAt' | 'version' | 'surnameKey' | 'surnameCoreKey' | 'givenNamesKey' | 'nameKey' | 'synthetic'
>;

const withNameKeys = <T extends PersonFields>(fields: T) => ({ ...fields, ...personNameKeys(fields.surname, fields.givenNames) });

@Injectable()
export class DeskRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * The person with this national number, created or brought up to date from verified data. Runs
   * as one statement so two desks reading the same card at once make one person, not two.
   */
  async upsertPersonByNationalNumber(manager: EntityManager, fields: PersonFields & { nationalNumber: string }): Promise<Person> {
    await manager
      .createQueryBuilder()
      .insert()
      .into(Person)
      .values(withNameKeys(fields))
      .orUpdate(
        [
          'surname',
          'given_names',
          'surname_key',
          'surname_core_key',
          'given_names_key',
          'name_key',
          'birth_date',
          'birth_date_text',
          'sex',
          'nationality',
          'birth_place',
          'noble_condition',
          'address_street',
          'address_postal_code',
          'address_municipality',
          'address_country',
        ],
        ['national_number'],
        { indexPredicate: '"national_number" IS NOT NULL' },
      )
      .execute();
    return manager.getRepository(Person).findOneByOrFail({ nationalNumber: fields.nationalNumber });
  }

  createPerson(manager: EntityManager, fields: PersonFields): Promise<Person> {
    return manager.getRepository(Person).save(manager.getRepository(Person).create(withNameKeys(fields)));
  }

  /** The person a travel document was already checked for (same number and issuing state), if any. */
  async findPersonByDocument(manager: EntityManager, documentNumber: string, issuingState: string): Promise<Person | null> {
    const evidence = await manager.getRepository(IdentityEvidence).findOne({
      where: { documentNumber, issuingState, kind: 'travel_document' },
      relations: { person: true },
      order: { checkedAt: 'DESC' },
    });
    return evidence?.person ?? null;
  }

  findPersonByNationalNumber(manager: EntityManager, nationalNumber: string): Promise<Person | null> {
    return manager.getRepository(Person).findOneBy({ nationalNumber });
  }

  insertEvidence(manager: EntityManager, evidence: Omit<IdentityEvidence, 'id' | 'person' | 'checkedAt'>): Promise<IdentityEvidence> {
    return manager.getRepository(IdentityEvidence).save(manager.getRepository(IdentityEvidence).create(evidence));
  }

  findEvidence(manager: EntityManager, id: string): Promise<IdentityEvidence | null> {
    return manager.getRepository(IdentityEvidence).findOne({ where: { id }, relations: { person: true } });
  }

  countActiveKeysForEmail(email: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    return countActiveKeysForEmail(manager, email);
  }

  /** Whether the person holds a live code, issued by any municipality (its id is not the asker's to know). */
  hasLiveCode(personId: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    return manager.getRepository(ActivationCode).exists({ where: { personId, status: 'issued' } });
  }

  findCode(id: string, manager: EntityManager = this.dataSource.manager): Promise<ActivationCode | null> {
    return manager.getRepository(ActivationCode).findOne({ where: { id }, relations: { person: true } });
  }

  /** Codes issued by a municipality on one calendar day (Europe/Brussels), newest first. */
  listCodesOfDay(municipalityNisCode: string, day: string): Promise<ActivationCode[]> {
    return this.dataSource
      .getRepository(ActivationCode)
      .createQueryBuilder('c')
      .leftJoinAndSelect('c.person', 'p')
      .where('c.municipality_nis_code = :municipalityNisCode', { municipalityNisCode })
      .andWhere(`(c.created_at AT TIME ZONE 'Europe/Brussels')::date = :day::date`, { day })
      .orderBy('c.created_at', 'DESC')
      .take(500)
      .getMany();
  }

  async lettersReady(ids: string[]): Promise<Set<string>> {
    if (!ids.length) return new Set();
    const rows = await this.dataSource
      .getRepository(ActivationLetter)
      .createQueryBuilder('l')
      .select('l.activation_code_id', 'id')
      .where('l.activation_code_id IN (:...ids)', { ids })
      .getRawMany<{ id: string }>();
    return new Set(rows.map((row) => row.id));
  }

  findLetter(activationCodeId: string): Promise<ActivationLetter | null> {
    return this.dataSource.getRepository(ActivationLetter).findOneBy({ activationCodeId });
  }

  /** Counts a print of a live code; null when the code is no longer live (ended or expired). */
  async recordPrint(manager: EntityManager, id: string): Promise<number | null> {
    const result = await manager
      .createQueryBuilder()
      .update(ActivationCode)
      .set({ printCount: () => 'print_count + 1', lastPrintedAt: () => 'now()' })
      .where(`id = :id AND status = 'issued' AND expires_at > now()`, { id })
      .returning('print_count')
      .execute();
    const row = (result.raw as { print_count: number }[])[0];
    return row ? Number(row.print_count) : null;
  }
}
