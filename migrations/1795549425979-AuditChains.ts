import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail becomes AUDIT_CHAINS hash chains (ADR 0008): each row names the chain it continues;
 * the rows written so far are chain 0, which they already form. The index serves "last row of a chain".
 */
export class AuditChains1795549425979 implements MigrationInterface {
  name = 'AuditChains1795549425979';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "audit_entry" ADD "chain" smallint NOT NULL DEFAULT '0'`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entry_chain" ON "audit_entry" ("chain", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    // Rows of chains other than 0 cannot be re-linked into one chain (the trail is append-only):
    // going back would leave a trail that no longer verifies, so it is refused.
    const [{ chained }] = await queryRunner.query(`SELECT count(*)::int AS chained FROM "audit_entry" WHERE "chain" <> 0`);
    if (chained > 0) throw new Error(`AuditChains down: ${chained} audit rows belong to chains 1–15; reverting would break the trail's verification`);
    await queryRunner.query(`DROP INDEX "public"."IDX_audit_entry_chain"`);
    await queryRunner.query(`ALTER TABLE "audit_entry" DROP COLUMN "chain"`);
  }
}
