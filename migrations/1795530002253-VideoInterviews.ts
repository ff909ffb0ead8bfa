import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Video interviews (issue 4, ADR 0006): agents' weekly availability and its exceptions, appointments
 * with the exclusion constraint that keeps one agent's live bookings from overlapping (btree_gist,
 * for the uuid equality inside a GiST index), citizens' appointment sessions and the agent's stills.
 * The document purposes and evidence kinds gain the video ones (TypeORM does not diff CHECK
 * constraints: written by hand), and appointment references come from their own sequence.
 */

export class VideoInterviews1795530002253 implements MigrationInterface {
  name = 'VideoInterviews1795530002253';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await queryRunner.query(`CREATE SEQUENCE "appointment_reference_seq" AS bigint START 1`);
    await queryRunner.query(`ALTER TABLE "document" DROP CONSTRAINT "CHK_document_purpose"`);
    await queryRunner.query(`ALTER TABLE "document" ADD CONSTRAINT "CHK_document_purpose" CHECK ("purpose" IN ('desk_mrz_scan', 'niss_identity', 'video_id_copy', 'video_still'))`);
    await queryRunner.query(`ALTER TABLE "identity_evidence" DROP CONSTRAINT "CHK_identity_evidence_kind"`);
    await queryRunner.query(`ALTER TABLE "identity_evidence" ADD CONSTRAINT "CHK_identity_evidence_kind" CHECK ("kind" IN ('beid_card', 'travel_document', 'video_interview'))`);
    await queryRunner.query(`CREATE TABLE "appointment" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "reference" character varying(20) NOT NULL, "agent_id" uuid NOT NULL, "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL, "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL, "status" character varying(12) NOT NULL, "given_names" character varying(120) NOT NULL, "surname" character varying(110) NOT NULL, "email" character varying(254) NOT NULL, "language" character(2) NOT NULL, "security_code_hash" character(64) NOT NULL, "link_token_hash" character(64) NOT NULL, "code_failed_attempts" smallint NOT NULL DEFAULT '0', "code_locked_at" TIMESTAMP WITH TIME ZONE, "confirm_by" TIMESTAMP WITH TIME ZONE NOT NULL, "rebook_count" smallint NOT NULL DEFAULT '0', "id_document_id" uuid, "copy_status" character varying(10) NOT NULL DEFAULT 'missing', "copy_problems" jsonb NOT NULL DEFAULT '[]', "confirmed_at" TIMESTAMP WITH TIME ZONE, "started_at" TIMESTAMP WITH TIME ZONE, "ended_at" TIMESTAMP WITH TIME ZONE, "checklist" jsonb, "outcome_reason" character varying(500), "person_id" uuid, "activation_code_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_appointment_approved" CHECK ("status" <> 'approved' OR ("person_id" IS NOT NULL AND "activation_code_id" IS NOT NULL AND "checklist" IS NOT NULL)), CONSTRAINT "CHK_appointment_language" CHECK ("language" IN ('fr', 'nl', 'de', 'en')), CONSTRAINT "CHK_appointment_period" CHECK ("ends_at" > "starts_at"), CONSTRAINT "CHK_appointment_copy_status" CHECK ("copy_status" IN ('missing', 'checking', 'accepted', 'refused')), CONSTRAINT "CHK_appointment_status" CHECK ("status" IN ('requested', 'confirmed', 'in_progress', 'approved', 'refused', 'no_show', 'cancelled', 'expired')), CONSTRAINT "EXC_appointment_agent_period" EXCLUDE USING gist ("agent_id" WITH =, tstzrange("starts_at", "ends_at", '[)') WITH &&) WHERE ("status" IN ('requested', 'confirmed', 'in_progress')), CONSTRAINT "PK_e8be1a53027415e709ce8a2db74" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_appointment_id_document" ON "appointment"  ("id_document_id") `);
    await queryRunner.query(`CREATE INDEX "IDX_appointment_confirm_by_requested" ON "appointment"  ("confirm_by") WHERE "status" = 'requested'`);
    await queryRunner.query(`CREATE INDEX "IDX_appointment_starts_live" ON "appointment"  ("starts_at") WHERE "status" IN ('requested', 'confirmed', 'in_progress')`);
    await queryRunner.query(`CREATE INDEX "IDX_appointment_agent_starts" ON "appointment"  ("agent_id", "starts_at") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_appointment_link_token_hash" ON "appointment"  ("link_token_hash") `);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_appointment_reference" ON "appointment"  ("reference") `);
    await queryRunner.query(`CREATE TABLE "appointment_access" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "token_hash" character(64) NOT NULL, "appointment_id" uuid NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_176f2a84942ceb2507301a0d54c" UNIQUE ("token_hash"), CONSTRAINT "PK_fe79036924413dbe849f01bdae5" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_appointment_access_expires" ON "appointment_access"  ("expires_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_appointment_access_appointment" ON "appointment_access"  ("appointment_id") `);
    await queryRunner.query(`CREATE TABLE "appointment_still" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "appointment_id" uuid NOT NULL, "document_id" uuid NOT NULL, "taken_by" uuid NOT NULL, "taken_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_db3b163718747146adbb259518f" UNIQUE ("document_id"), CONSTRAINT "PK_f26b2c53b5003de2b09a1c8a788" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_appointment_still_appointment" ON "appointment_still"  ("appointment_id") `);
    await queryRunner.query(`CREATE TABLE "video_availability_pattern" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "agent_id" uuid NOT NULL, "weekday" smallint NOT NULL, "start_time" TIME NOT NULL, "end_time" TIME NOT NULL, "slot_minutes" smallint NOT NULL, "valid_from" date NOT NULL, "valid_until" date, "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_video_availability_pattern_validity" CHECK ("valid_until" IS NULL OR "valid_until" >= "valid_from"), CONSTRAINT "CHK_video_availability_pattern_slot" CHECK ("slot_minutes" BETWEEN 5 AND 240), CONSTRAINT "CHK_video_availability_pattern_span" CHECK ("end_time" > "start_time"), CONSTRAINT "CHK_video_availability_pattern_weekday" CHECK ("weekday" BETWEEN 1 AND 7), CONSTRAINT "PK_c752656b00d800ab6e40c9a1a70" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_video_availability_pattern_agent" ON "video_availability_pattern"  ("agent_id", "weekday") `);
    await queryRunner.query(`CREATE TABLE "video_availability_exception" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "agent_id" uuid NOT NULL, "day" date NOT NULL, "kind" character varying(12) NOT NULL, "start_time" TIME, "end_time" TIME, "slot_minutes" smallint, "note" character varying(200), "created_by" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_video_availability_exception_slot" CHECK (("kind" = 'extra') = ("slot_minutes" IS NOT NULL) AND ("slot_minutes" IS NULL OR "slot_minutes" BETWEEN 5 AND 240)), CONSTRAINT "CHK_video_availability_exception_span" CHECK (("start_time" IS NULL AND "end_time" IS NULL AND "kind" = 'unavailable') OR ("start_time" IS NOT NULL AND "end_time" IS NOT NULL AND "end_time" > "start_time")), CONSTRAINT "CHK_video_availability_exception_kind" CHECK ("kind" IN ('unavailable', 'extra')), CONSTRAINT "PK_dfd7028b453bea5b7d212c79fee" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_video_availability_exception_agent_day" ON "video_availability_exception"  ("agent_id", "day") `);
    await queryRunner.query(`ALTER TABLE "appointment" ADD CONSTRAINT "FK_appointment_agent" FOREIGN KEY ("agent_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "appointment" ADD CONSTRAINT "FK_appointment_id_document" FOREIGN KEY ("id_document_id") REFERENCES "document"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "appointment" ADD CONSTRAINT "FK_appointment_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "appointment" ADD CONSTRAINT "FK_appointment_activation_code" FOREIGN KEY ("activation_code_id") REFERENCES "activation_code"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "appointment_access" ADD CONSTRAINT "FK_appointment_access_appointment" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "appointment_still" ADD CONSTRAINT "FK_appointment_still_appointment" FOREIGN KEY ("appointment_id") REFERENCES "appointment"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "appointment_still" ADD CONSTRAINT "FK_appointment_still_document" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "video_availability_pattern" ADD CONSTRAINT "FK_video_availability_pattern_agent" FOREIGN KEY ("agent_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "video_availability_exception" ADD CONSTRAINT "FK_video_availability_exception_agent" FOREIGN KEY ("agent_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "video_availability_exception" DROP CONSTRAINT "FK_video_availability_exception_agent"`);
    await queryRunner.query(`ALTER TABLE "video_availability_pattern" DROP CONSTRAINT "FK_video_availability_pattern_agent"`);
    await queryRunner.query(`ALTER TABLE "appointment_still" DROP CONSTRAINT "FK_appointment_still_document"`);
    await queryRunner.query(`ALTER TABLE "appointment_still" DROP CONSTRAINT "FK_appointment_still_appointment"`);
    await queryRunner.query(`ALTER TABLE "appointment_access" DROP CONSTRAINT "FK_appointment_access_appointment"`);
    await queryRunner.query(`ALTER TABLE "appointment" DROP CONSTRAINT "FK_appointment_activation_code"`);
    await queryRunner.query(`ALTER TABLE "appointment" DROP CONSTRAINT "FK_appointment_person"`);
    await queryRunner.query(`ALTER TABLE "appointment" DROP CONSTRAINT "FK_appointment_id_document"`);
    await queryRunner.query(`ALTER TABLE "appointment" DROP CONSTRAINT "FK_appointment_agent"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_video_availability_exception_agent_day"`);
    await queryRunner.query(`DROP TABLE "video_availability_exception"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_video_availability_pattern_agent"`);
    await queryRunner.query(`DROP TABLE "video_availability_pattern"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_appointment_still_appointment"`);
    await queryRunner.query(`DROP TABLE "appointment_still"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_appointment_access_appointment"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_appointment_access_expires"`);
    await queryRunner.query(`DROP TABLE "appointment_access"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_appointment_reference"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_appointment_link_token_hash"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_appointment_agent_starts"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_appointment_starts_live"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_appointment_confirm_by_requested"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_appointment_id_document"`);
    await queryRunner.query(`DROP TABLE "appointment"`);
    await queryRunner.query(`DELETE FROM "identity_evidence" WHERE "kind" = 'video_interview'`);
    await queryRunner.query(`ALTER TABLE "identity_evidence" DROP CONSTRAINT "CHK_identity_evidence_kind"`);
    await queryRunner.query(`ALTER TABLE "identity_evidence" ADD CONSTRAINT "CHK_identity_evidence_kind" CHECK ("kind" IN ('beid_card', 'travel_document'))`);
    await queryRunner.query(`DELETE FROM "document" WHERE "purpose" IN ('video_id_copy', 'video_still')`);
    await queryRunner.query(`ALTER TABLE "document" DROP CONSTRAINT "CHK_document_purpose"`);
    await queryRunner.query(`ALTER TABLE "document" ADD CONSTRAINT "CHK_document_purpose" CHECK ("purpose" IN ('desk_mrz_scan', 'niss_identity'))`);
    await queryRunner.query(`DROP SEQUENCE "appointment_reference_seq"`);
    await queryRunner.query(`DROP EXTENSION IF EXISTS btree_gist`);
  }
}
