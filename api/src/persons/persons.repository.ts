import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Person } from '@sesame/database';
import type { PersonNameKeys } from '@sesame/domain';
import { DataSource, EntityManager } from 'typeorm';
import type { CandidateRow } from './candidate-score';

export interface CandidateSearch {
  keys: PersonNameKeys;
  /** Complete birth date (YYYY-MM-DD) or null. */
  birthDate: string | null;
  birthYear: number | null;
  nationalNumber: string | null;
  /** pg_trgm similarity a key needs (0–1). */
  similarityThreshold: number;
  /** Rows the SQL pre-ranks and returns; the service scores and cuts them. */
  poolSize: number;
}

export interface CandidateRecord extends CandidateRow {
  id: string;
  surname: string;
  givenNames: string;
  birthDateText: string | null;
  birthPlace: string | null;
}

/**
 * The candidate search, one statement. Each arm of the UNION has its own index (three GIN trigram
 * indexes, the unique national number, the birth date); written as one OR, the planner misjudged
 * the trigram selectivity and scanned the whole table (265 ms on 100,000 persons instead of ~6). The ORDER BY is a pre-rank on the same weights as
 * candidate-score.ts; the exact score is computed in TypeScript on the pool.
 * The whole-name arm (`name_key`: names swapped or split differently) is the costliest — common given
 * names share most trigrams — so when the birth date is complete it only looks at persons born that
 * day: at 1,000,000 persons p95 fell from 585 to 376 ms, with the targets still all in the top 5
 * (docs/benchmarks.md). A person with swapped names *and* another birth date is then found only
 * through the surname arms.
 * Exported so the benchmark can run the same SQL bare.
 */
export const CANDIDATE_SQL = `
WITH hits AS (
  SELECT * FROM "person" WHERE "surname_key" % $1
  UNION ALL SELECT * FROM "person" WHERE "surname_core_key" % $2
  UNION ALL SELECT * FROM "person" WHERE "name_key" % $4 AND ($6::date IS NULL OR "birth_date" = $6::date)
  UNION ALL SELECT * FROM "person" WHERE "national_number" = $5
  UNION ALL SELECT * FROM "person" WHERE "birth_date" = $6::date AND "given_names_key" % $3
), p AS (SELECT DISTINCT ON ("id") * FROM hits)
SELECT p."id", p."national_number" AS "nationalNumber", p."surname", p."given_names" AS "givenNames",
       to_char(p."birth_date", 'YYYY-MM-DD') AS "birthDate", p."birth_date_text" AS "birthDateText",
       p."sex", p."nationality", p."birth_place" AS "birthPlace",
       similarity(p."surname_key", $1) AS "surnameSimilarity",
       similarity(p."surname_core_key", $2) AS "surnameCoreSimilarity",
       greatest(similarity(p."given_names_key", $3), word_similarity($3, p."given_names_key")) AS "givenNamesSimilarity",
       similarity(p."name_key", $4) AS "nameSimilarity"
  FROM p
 ORDER BY (p."national_number" IS NOT DISTINCT FROM $5)::int * 100
        + 40 * greatest(similarity(p."surname_key", $1), 0.9 * similarity(p."surname_core_key", $2))
        + 25 * greatest(similarity(p."given_names_key", $3), word_similarity($3, p."given_names_key"))
        + CASE WHEN p."birth_date" = $6::date THEN 20 WHEN extract(year FROM p."birth_date") = $7 THEN 5 ELSE 0 END DESC,
        p."id"
 LIMIT $8`;

export const candidateParams = (search: CandidateSearch): unknown[] => [
  search.keys.surnameKey,
  search.keys.surnameCoreKey,
  search.keys.givenNamesKey,
  search.keys.nameKey,
  search.nationalNumber,
  search.birthDate,
  search.birthYear,
  search.poolSize,
];

@Injectable()
export class PersonsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /** Persons whose names resemble the search (or with its national number), pre-ranked. */
  findCandidates(search: CandidateSearch): Promise<CandidateRecord[]> {
    return this.dataSource.transaction(async (manager) => {
      // SET LOCAL: the threshold of the `%` operator, for this transaction only.
      await manager.query(`SELECT set_config('pg_trgm.similarity_threshold', $1, true)`, [String(search.similarityThreshold)]);
      const rows: (Omit<CandidateRecord, 'surnameSimilarity' | 'surnameCoreSimilarity' | 'givenNamesSimilarity' | 'nameSimilarity'> &
        Record<'surnameSimilarity' | 'surnameCoreSimilarity' | 'givenNamesSimilarity' | 'nameSimilarity', number | string | null>)[] =
        await manager.query(CANDIDATE_SQL, candidateParams(search));
      return rows.map((r) => ({
        ...r,
        surnameSimilarity: Number(r.surnameSimilarity ?? 0),
        surnameCoreSimilarity: Number(r.surnameCoreSimilarity ?? 0),
        givenNamesSimilarity: Number(r.givenNamesSimilarity ?? 0),
        nameSimilarity: Number(r.nameSimilarity ?? 0),
      }));
    });
  }

  /**
   * The next BIS counter for a birth date and sex. One upsert: the first call for a key starts past
   * the highest counter of that parity already in the register (numbers from elsewhere: card reads,
   * imports); later calls add `step`. The row stays locked until the caller's transaction ends, so
   * concurrent allocations for the same key queue here instead of racing.
   *
   * Why a counter row rather than "max + 1, retry on unique violation": with many allocations for
   * one date at once, retries collide again and again (quadratic), and each unique violation aborts
   * the transaction (a savepoint per try); the row lock gives each caller its number at the first try.
   * The unique index on national_number stays the last guard (see insertPersonIfNumberFree).
   */
  async takeBisCounter(
    manager: EntityManager,
    key: { year: number; month: number; day: number; sex: 'M' | 'F' | 'U' },
    numberPrefix: string,
    first: number,
    step: number,
  ): Promise<number> {
    const parityFilter = key.sex === 'U' ? '' : `AND substr("national_number", 7, 3)::int % 2 = ${key.sex === 'M' ? 1 : 0}`;
    const rows: { last_counter: number }[] = await manager
      .query(
      `INSERT INTO "bis_counter" ("birth_year", "birth_month", "birth_day", "sex", "last_counter")
       VALUES ($1, $2, $3, $4, GREATEST($5::int, COALESCE((
         SELECT max(substr("national_number", 7, 3)::int) FROM "person"
          WHERE "national_number" BETWEEN $6 || '00000' AND $6 || '99999' ${parityFilter}) + $7::int, 0)))
       ON CONFLICT ("birth_year", "birth_month", "birth_day", "sex")
       DO UPDATE SET "last_counter" = "bis_counter"."last_counter" + $7::int
       RETURNING "last_counter"`,
      [key.year, key.month, key.day, key.sex, first, numberPrefix, step],
      )
      .catch((error: unknown) => {
        if ((error as { constraint?: string }).constraint === 'CHK_bis_counter_range') {
          throw new RangeError(`BIS counters exhausted for ${numberPrefix} sex ${key.sex}`);
        }
        throw error;
      });
    return Number(rows[0]!.last_counter);
  }

  /** Inserts the person unless the national number is taken; null when it is. */
  async insertPersonIfNumberFree(manager: EntityManager, fields: Partial<Person> & { nationalNumber: string }): Promise<Person | null> {
    const result = await manager
      .createQueryBuilder()
      .insert()
      .into(Person)
      .values(fields)
      .orIgnore()
      .returning(['id'])
      .execute();
    const id = (result.raw as { id: string }[])[0]?.id;
    return id ? manager.getRepository(Person).findOneByOrFail({ id }) : null;
  }
}
