import { MigrationInterface, QueryRunner } from 'typeorm';

export class CitizenKeys1795503177758 implements MigrationInterface {
  name = 'CitizenKeys1795503177758';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "citizen_code"("id" uuid NOT NULL DEFAULT gen_random_uuid(), "digital_key_id" uuid NOT NULL, "purpose" character varying(12) NOT NULL, "channel" character varying(5) NOT NULL, "code_hash" character(64) NOT NULL, "status" character varying(10) NOT NULL, "failed_attempts" integer NOT NULL DEFAULT '0', "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "ended_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_citizen_code_status" CHECK ("status" IN ('live', 'used', 'voided', 'locked')), CONSTRAINT "CHK_citizen_code_channel" CHECK ("channel" IN ('email', 'sms')), CONSTRAINT "CHK_citizen_code_purpose" CHECK ("purpose" IN ('registration', 'login')), CONSTRAINT "PK_42b9409e6f24a50f1a4e5ac375f" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_citizen_code_live" ON "citizen_code"("digital_key_id", "purpose") WHERE "status" = 'live'`);
    await queryRunner.query(`CREATE INDEX "IDX_citizen_code_key_purpose" ON "citizen_code"("digital_key_id", "purpose", "created_at")`);
    await queryRunner.query(`CREATE TABLE "citizen_session"("token_hash" character(64) NOT NULL, "digital_key_id" uuid NOT NULL, "activation_code_id" uuid, "stage" character varying(20) NOT NULL, "enrolment_step" character varying(20), "codes_issued" integer NOT NULL DEFAULT '0', "totp_failures" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "user_agent" character varying(400), CONSTRAINT "CHK_citizen_session_step" CHECK ("enrolment_step" IN ('choose_key', 'credentials', 'confirm')), CONSTRAINT "CHK_citizen_session_enrolment" CHECK (("stage" = 'enrolling') = ("activation_code_id" IS NOT NULL AND "enrolment_step" IS NOT NULL)), CONSTRAINT "CHK_citizen_session_stage" CHECK ("stage" IN ('enrolling', 'password_verified', 'authenticated')), CONSTRAINT "PK_94f2f0f6992f24a103a10760d58" PRIMARY KEY ("token_hash"))`);
    await queryRunner.query(`CREATE INDEX "IDX_citizen_session_expires" ON "citizen_session"("expires_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_citizen_session_activation_code" ON "citizen_session"("activation_code_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_citizen_session_key" ON "citizen_session"("digital_key_id")`);
    await queryRunner.query(`CREATE TABLE "sms_message"("id" uuid NOT NULL DEFAULT gen_random_uuid(), "job_id" character varying(100) NOT NULL, "to_phone" character varying(20) NOT NULL, "template" character varying(60) NOT NULL, "language" character varying(2) NOT NULL, "provider" character varying(30) NOT NULL, "provider_message_id" character varying(255), "body" text, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_121900f2127a5152cf20898a11c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_sms_message_sent" ON "sms_message"("sent_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_sms_message_job" ON "sms_message"("job_id")`);
    await queryRunner.query(`ALTER TABLE "citizen_code" ADD CONSTRAINT "FK_citizen_code_key" FOREIGN KEY ("digital_key_id") REFERENCES "digital_key"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "citizen_session" ADD CONSTRAINT "FK_citizen_session_key" FOREIGN KEY ("digital_key_id") REFERENCES "digital_key"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "citizen_session" ADD CONSTRAINT "FK_citizen_session_activation_code" FOREIGN KEY ("activation_code_id") REFERENCES "activation_code"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "citizen_session" DROP CONSTRAINT "FK_citizen_session_activation_code"`);
    await queryRunner.query(`ALTER TABLE "citizen_session" DROP CONSTRAINT "FK_citizen_session_key"`);
    await queryRunner.query(`ALTER TABLE "citizen_code" DROP CONSTRAINT "FK_citizen_code_key"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_sms_message_job"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_sms_message_sent"`);
    await queryRunner.query(`DROP TABLE "sms_message"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_citizen_session_key"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_citizen_session_activation_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_citizen_session_expires"`);
    await queryRunner.query(`DROP TABLE "citizen_session"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_citizen_code_key_purpose"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_citizen_code_live"`);
    await queryRunner.query(`DROP TABLE "citizen_code"`);
  }
}
