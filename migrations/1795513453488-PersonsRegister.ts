import { MigrationInterface, QueryRunner } from 'typeorm';
import { personNameKeys } from '../libs/domain/src/names';

/**
 * Persons register (issue 5): name search keys with trigram indexes, a birth-date index, the
 * `synthetic` marker of generated demo rows, and the BIS counters.
 *
 * The keys are written by the application (one normaliser, libs/domain `personNameKeys`, for the
 * stored keys and the searched ones); existing rows are backfilled here with that same function.
 *
 * Down leaves the `pg_trgm` extension installed: other objects (or another feature) may use it, and
 * `DROP EXTENSION` would fail or cascade; an unused extension costs nothing.
 */
export class PersonsRegister1795513453488 implements MigrationInterface {
  name = 'PersonsRegister1795513453488';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await queryRunner.query(`CREATE TABLE "bis_counter" ("birth_year" smallint NOT NULL, "birth_month" smallint NOT NULL, "birth_day" smallint NOT NULL, "sex" character(1) NOT NULL, "last_counter" smallint NOT NULL, CONSTRAINT "CHK_bis_counter_range" CHECK ("last_counter" BETWEEN 1 AND 998), CONSTRAINT "CHK_bis_counter_sex" CHECK ("sex" IN ('M', 'F', 'U')), CONSTRAINT "PK_6a774052394c819ca54c9b04945" PRIMARY KEY ("birth_year", "birth_month", "birth_day", "sex"))`);
    await queryRunner.query(`ALTER TABLE "person" ADD "surname_key" character varying(110)`);
    await queryRunner.query(`ALTER TABLE "person" ADD "surname_core_key" character varying(110)`);
    await queryRunner.query(`ALTER TABLE "person" ADD "given_names_key" character varying(120)`);
    await queryRunner.query(`ALTER TABLE "person" ADD "name_key" character varying(240)`);
    await queryRunner.query(`ALTER TABLE "person" ADD "synthetic" boolean NOT NULL DEFAULT false`);
    await this.backfillNameKeys(queryRunner);
    await queryRunner.query(`CREATE INDEX "IDX_person_birth_date" ON "person" ("birth_date")`);
    await queryRunner.query(`CREATE INDEX "IDX_person_surname_key_trgm" ON "person" USING gin ("surname_key" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_person_surname_core_key_trgm" ON "person" USING gin ("surname_core_key" gin_trgm_ops)`);
    await queryRunner.query(`CREATE INDEX "IDX_person_name_key_trgm" ON "person" USING gin ("name_key" gin_trgm_ops)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_person_name_key_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_person_surname_core_key_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_person_surname_key_trgm"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_person_birth_date"`);
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "synthetic"`);
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "name_key"`);
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "given_names_key"`);
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "surname_core_key"`);
    await queryRunner.query(`ALTER TABLE "person" DROP COLUMN "surname_key"`);
    await queryRunner.query(`DROP TABLE "bis_counter"`);
  }

  /** Keys for the persons already there (desk reads), 1,000 rows a statement. */
  private async backfillNameKeys(queryRunner: QueryRunner): Promise<void> {
    for (;;) {
      const rows: { id: string; surname: string; given_names: string }[] = await queryRunner.query(
        `SELECT "id", "surname", "given_names" FROM "person" WHERE "surname_key" IS NULL ORDER BY "id" LIMIT 1000`,
      );
      if (rows.length === 0) return;
      const keys = rows.map((row) => personNameKeys(row.surname, row.given_names));
      await queryRunner.query(
        `UPDATE "person" p SET "surname_key" = k.sk, "surname_core_key" = k.ck, "given_names_key" = k.gk, "name_key" = k.nk
         FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[]) AS k(id, sk, ck, gk, nk) WHERE p."id" = k.id`,
        [rows.map((r) => r.id), keys.map((k) => k.surnameKey), keys.map((k) => k.surnameCoreKey), keys.map((k) => k.givenNamesKey), keys.map((k) => k.nameKey)],
      );
    }
  }
}
