import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeskActivation1795502879993 implements MigrationInterface {
  name = 'DeskActivation1795502879993';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "national_number" character(11), "surname" character varying(110) NOT NULL, "given_names" character varying(120) NOT NULL, "birth_date" date, "birth_date_text" character varying(20), "sex" character(1), "nationality" character varying(85), "birth_place" character varying(80), "noble_condition" character varying(50), "address_street" character varying(120), "address_postal_code" character varying(12), "address_municipality" character varying(80), "address_country" character(2), "language" character varying(2) NOT NULL DEFAULT 'fr', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "CHK_person_language" CHECK ("language" IN ('fr', 'nl', 'de', 'en')), CONSTRAINT "CHK_person_sex" CHECK ("sex" IN ('M', 'F')), CONSTRAINT "CHK_person_national_number" CHECK ("national_number" ~ '^[0-9]{11}$'), CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_person_national_number" ON "person"("national_number") WHERE "national_number" IS NOT NULL`);
    await queryRunner.query(`CREATE TABLE "identity_evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "kind" character varying(20) NOT NULL, "document_number" character varying(20) NOT NULL, "document_type" character varying(4) NOT NULL, "issuing_state" character(3) NOT NULL, "valid_until" date NOT NULL, "algorithm" character varying(24), "evidence_hash" character(64) NOT NULL, "raw_files" jsonb, "municipality_nis_code" character(5), "checked_by" uuid NOT NULL, "checked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_identity_evidence_kind" CHECK ("kind" IN ('beid_card', 'travel_document')), CONSTRAINT "PK_53082129bfd15b85887d34b09ef" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_identity_evidence_person" ON "identity_evidence"("person_id")`);
    await queryRunner.query(`CREATE TABLE "activation_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "evidence_id" uuid NOT NULL, "status" character varying(10) NOT NULL, "channel" character varying(10) NOT NULL, "code_hash" character(64) NOT NULL, "link_token_hash" character(64) NOT NULL, "letter_code_sealed" character varying(200), "email" character varying(254) NOT NULL, "language" character varying(2) NOT NULL, "replaces_keys_confirmed" boolean NOT NULL DEFAULT false, "municipality_nis_code" character(5), "issued_by" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "failed_attempts" integer NOT NULL DEFAULT '0', "locked_at" TIMESTAMP WITH TIME ZONE, "print_count" integer NOT NULL DEFAULT '0', "last_printed_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "end_reason" character varying(40), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "CHK_activation_code_sealed_only_live" CHECK ("status" = 'issued' OR "letter_code_sealed" IS NULL), CONSTRAINT "CHK_activation_code_language" CHECK ("language" IN ('fr', 'nl', 'de', 'en')), CONSTRAINT "CHK_activation_code_channel" CHECK ("channel" IN ('desk', 'video')), CONSTRAINT "CHK_activation_code_status" CHECK ("status" IN ('issued', 'consumed', 'expired', 'revoked')), CONSTRAINT "PK_88ca3a5670491a970e48567065b" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_activation_code_municipality_day" ON "activation_code"("municipality_nis_code", "created_at")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_activation_code_link_token" ON "activation_code"("link_token_hash")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_activation_code_hash" ON "activation_code"("code_hash")`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_activation_code_live_per_person" ON "activation_code"("person_id") WHERE "status" = 'issued'`);
    await queryRunner.query(`CREATE TABLE "activation_letter" ("activation_code_id" uuid NOT NULL, "pdf" bytea NOT NULL, "sha256" character(64) NOT NULL, "rendered_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_08ff7c1144c5ea2bc6e2a9227e0" PRIMARY KEY ("activation_code_id"))`);
    await queryRunner.query(`CREATE TABLE "digital_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "activation_code_id" uuid NOT NULL, "kind" character varying(12) NOT NULL, "status" character varying(12) NOT NULL, "email" character varying(254) NOT NULL, "username" character varying(64), "password_hash" character varying(255), "phone" character varying(20), "totp_secret_enc" character varying(255), "totp_last_time_step" bigint, "activated_at" TIMESTAMP WITH TIME ZONE, "deactivated_at" TIMESTAMP WITH TIME ZONE, "deactivated_reason" character varying(40), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "CHK_digital_key_email_lower" CHECK ("email" = lower("email")), CONSTRAINT "CHK_digital_key_status" CHECK ("status" IN ('pending', 'active', 'deactivated')), CONSTRAINT "CHK_digital_key_kind" CHECK ("kind" IN ('email_code', 'sms_code', 'totp')), CONSTRAINT "PK_b724971d2ddac6517b0c7f75d28" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_digital_key_username" ON "digital_key"("username") WHERE "username" IS NOT NULL AND "status" <> 'deactivated'`);
    await queryRunner.query(`CREATE INDEX "IDX_digital_key_person" ON "digital_key"("person_id")`);
    await queryRunner.query(`CREATE INDEX "IDX_digital_key_email_status" ON "digital_key"("email", "status")`);
    await queryRunner.query(`ALTER TABLE "identity_evidence" ADD CONSTRAINT "FK_identity_evidence_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "activation_code" ADD CONSTRAINT "FK_activation_code_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "activation_code" ADD CONSTRAINT "FK_activation_code_evidence" FOREIGN KEY ("evidence_id") REFERENCES "identity_evidence"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "activation_letter" ADD CONSTRAINT "FK_activation_letter_code" FOREIGN KEY ("activation_code_id") REFERENCES "activation_code"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "digital_key" ADD CONSTRAINT "FK_digital_key_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "digital_key" ADD CONSTRAINT "FK_digital_key_activation_code" FOREIGN KEY ("activation_code_id") REFERENCES "activation_code"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "digital_key" DROP CONSTRAINT "FK_digital_key_activation_code"`);
    await queryRunner.query(`ALTER TABLE "digital_key" DROP CONSTRAINT "FK_digital_key_person"`);
    await queryRunner.query(`ALTER TABLE "activation_letter" DROP CONSTRAINT "FK_activation_letter_code"`);
    await queryRunner.query(`ALTER TABLE "activation_code" DROP CONSTRAINT "FK_activation_code_evidence"`);
    await queryRunner.query(`ALTER TABLE "activation_code" DROP CONSTRAINT "FK_activation_code_person"`);
    await queryRunner.query(`ALTER TABLE "identity_evidence" DROP CONSTRAINT "FK_identity_evidence_person"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_digital_key_email_status"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_digital_key_person"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_digital_key_username"`);
    await queryRunner.query(`DROP TABLE "digital_key"`);
    await queryRunner.query(`DROP TABLE "activation_letter"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_activation_code_live_per_person"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_activation_code_hash"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_activation_code_link_token"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_activation_code_municipality_day"`);
    await queryRunner.query(`DROP TABLE "activation_code"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_identity_evidence_person"`);
    await queryRunner.query(`DROP TABLE "identity_evidence"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_person_national_number"`);
    await queryRunner.query(`DROP TABLE "person"`);
  }
}
