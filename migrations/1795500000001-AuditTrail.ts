import { MigrationInterface, QueryRunner } from 'typeorm';

export class AuditTrail1795500000001 implements MigrationInterface {
  name = 'AuditTrail1795500000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "audit_entry" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL, "actor_staff_id" uuid, "actor_email" character varying(254), "actor_role" character varying(32), "municipality_nis_code" character(5), "action" character varying(80) NOT NULL, "subject_type" character varying(40), "subject_id" character varying(80), "purpose" character varying(200), "request_id" character varying(64), "details" jsonb NOT NULL, "prev_hash" character(64) NOT NULL, "hash" character(64) NOT NULL, CONSTRAINT "PK_58a130a4b9da189f46ba2a01801" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entry_actor" ON "audit_entry"("actor_staff_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entry_subject" ON "audit_entry"("subject_type", "subject_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entry_action" ON "audit_entry"("action")`);
    await queryRunner.query(`CREATE INDEX "IDX_audit_entry_occurred_at" ON "audit_entry"("occurred_at")`);
    // Append-only: the application role can neither rewrite nor erase history.
    await queryRunner.query(`CREATE FUNCTION "audit_entry_refuse_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_entry is append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await queryRunner.query(
      `CREATE TRIGGER "audit_entry_append_only" BEFORE UPDATE OR DELETE OR TRUNCATE ON "audit_entry" FOR EACH STATEMENT EXECUTE FUNCTION "audit_entry_refuse_change"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "audit_entry_append_only" ON "audit_entry"`);
    await queryRunner.query(`DROP FUNCTION "audit_entry_refuse_change"()`);
    await queryRunner.query(`DROP TABLE "audit_entry"`);
  }
}
