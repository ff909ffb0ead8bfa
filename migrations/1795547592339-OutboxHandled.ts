import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The worker stamps `handled_at` on the outbox row of a job it finished; the relay re-adds dispatched
 * rows that were never handled when BullMQ no longer knows their job (Redis restarted without its
 * data: ADR 0007). Rows dispatched before this migration count as handled.
 */
export class OutboxHandled1795547592339 implements MigrationInterface {
  name = 'OutboxHandled1795547592339';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "outbox_message" ADD "handled_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "outbox_message" SET "handled_at" = "dispatched_at" WHERE "dispatched_at" IS NOT NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_message_unhandled" ON "outbox_message" ("id") WHERE "dispatched_at" IS NOT NULL AND "handled_at" IS NULL`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_outbox_message_unhandled"`);
    await queryRunner.query(`ALTER TABLE "outbox_message" DROP COLUMN "handled_at"`);
  }
}
