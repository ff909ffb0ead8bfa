import { MigrationInterface, QueryRunner } from 'typeorm';

export class Outbox1795500000002 implements MigrationInterface {
  name = 'Outbox1795500000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "outbox_message" ("id" BIGSERIAL NOT NULL, "job_id" uuid NOT NULL, "queue" character varying(60) NOT NULL, "job_name" character varying(80) NOT NULL, "payload" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "available_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "dispatched_at" TIMESTAMP WITH TIME ZONE, "dispatch_attempts" integer NOT NULL DEFAULT '0', "last_error" character varying(500), CONSTRAINT "PK_2f36ee5236f2793f3e7bd554589" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_outbox_message_job_id" ON "outbox_message"("job_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_outbox_message_pending" ON "outbox_message"("available_at") WHERE "dispatched_at" IS NULL`);
    await queryRunner.query(`CREATE TABLE "sent_mail" ("job_id" character varying(100) NOT NULL, "template" character varying(60) NOT NULL, "language" character varying(2) NOT NULL, "smtp_message_id" character varying(255), "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_31ccf5a249d7b7830fc7ca414db" PRIMARY KEY ("job_id"))`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "sent_mail"`);
    await queryRunner.query(`DROP TABLE "outbox_message"`);
  }
}
