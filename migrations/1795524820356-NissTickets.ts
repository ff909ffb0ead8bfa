import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * NISS tickets (issue 5): organisations and their members (ADR 0005), tickets with their events,
 * the sequence of ticket numbers, and the member who uploaded a document. The document purpose
 * `niss_identity` joins the check (TypeORM does not diff CHECK constraints: written by hand).
 */

export class NissTickets1795524820356 implements MigrationInterface {
  name = 'NissTickets1795524820356';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "document" DROP CONSTRAINT "CHK_document_purpose"`);
    await queryRunner.query(`ALTER TABLE "document" ADD CONSTRAINT "CHK_document_purpose" CHECK ("purpose" IN ('desk_mrz_scan', 'niss_identity'))`);
    await queryRunner.query(`CREATE SEQUENCE "niss_ticket_number_seq" AS bigint START 1`);
    await queryRunner.query(`CREATE TABLE "organisation" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(160) NOT NULL, "enterprise_number" character(10) NOT NULL, "language" character varying(2) NOT NULL DEFAULT 'fr', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_organisation_language" CHECK ("language" IN ('fr', 'nl', 'de', 'en')), CONSTRAINT "CHK_organisation_enterprise_number" CHECK ("enterprise_number" ~ '^[01][0-9]{9}$'), CONSTRAINT "PK_c725ae234ef1b74cce43d2d00c1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_organisation_enterprise_number" ON "organisation"  ("enterprise_number") `);
    await queryRunner.query(`CREATE TABLE "organisation_member" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "organisation_id" uuid NOT NULL, "email" character varying(254) NOT NULL, "display_name" character varying(160) NOT NULL, "role" character varying(16) NOT NULL, "language" character varying(2) NOT NULL DEFAULT 'fr', "granted_by_staff" uuid, "granted_by_member" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "CHK_organisation_member_language" CHECK ("language" IN ('fr', 'nl', 'de', 'en')), CONSTRAINT "CHK_organisation_member_email_lower" CHECK ("email" = lower("email")), CONSTRAINT "CHK_organisation_member_role" CHECK ("role" IN ('requester', 'access_manager')), CONSTRAINT "PK_ca2a206dfd23a384bf9faa8efc1" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_organisation_member_live_email" ON "organisation_member"  ("email") WHERE "revoked_at" IS NULL`);
    await queryRunner.query(`CREATE INDEX "IDX_organisation_member_organisation" ON "organisation_member"  ("organisation_id") `);
    await queryRunner.query(`CREATE TABLE "niss_ticket" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "number" character varying(20) NOT NULL, "status" character varying(16) NOT NULL, "organisation_id" uuid NOT NULL, "requested_by" uuid NOT NULL, "document_id" uuid, "data" jsonb NOT NULL, "prefill" jsonb NOT NULL DEFAULT '{}', "document_type" character varying(20) NOT NULL, "nationality" character(3) NOT NULL, "language" character varying(2) NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "person_id" uuid, "niss" character(11), "decision" jsonb, "auto_identified" boolean NOT NULL DEFAULT false, "failure_reason" character varying(500), "action_reason" character varying(24), "action_text" character varying(500), "decided_at" TIMESTAMP WITH TIME ZONE, "decided_by" uuid, "claimed_by" uuid, "claimed_at" TIMESTAMP WITH TIME ZONE, "claim_touched_at" TIMESTAMP WITH TIME ZONE, "bis_proposed_by" uuid, "answer_seen_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_niss_ticket_language" CHECK ("language" IN ('fr', 'nl', 'de', 'en')), CONSTRAINT "CHK_niss_ticket_action_reason" CHECK ("action_reason" IN ('quality_insufficient', 'document_expired', 'other')), CONSTRAINT "CHK_niss_ticket_action" CHECK (("status" = 'action_required') = ("action_reason" IS NOT NULL)), CONSTRAINT "CHK_niss_ticket_identified" CHECK (("status" = 'identified') = ("person_id" IS NOT NULL AND "niss" IS NOT NULL)), CONSTRAINT "CHK_niss_ticket_claim" CHECK (("status" = 'in_review') = ("claimed_by" IS NOT NULL)), CONSTRAINT "CHK_niss_ticket_status" CHECK ("status" IN ('submitted', 'pending', 'in_review', 'action_required', 'identified', 'failed', 'deleted')), CONSTRAINT "PK_85b313b3a40f3a793fc0bbfa4cb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_niss_ticket_claimed" ON "niss_ticket"  ("claim_touched_at") WHERE "status" = 'in_review'`);
    await queryRunner.query(`CREATE INDEX "IDX_niss_ticket_requested_by" ON "niss_ticket"  ("requested_by", "submitted_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_niss_ticket_organisation" ON "niss_ticket"  ("organisation_id", "submitted_at") `);
    await queryRunner.query(`CREATE INDEX "IDX_niss_ticket_claimed_by" ON "niss_ticket"  ("claimed_by", "submitted_at") WHERE "status" = 'in_review'`);
    await queryRunner.query(`CREATE INDEX "IDX_niss_ticket_awaiting_reupload" ON "niss_ticket"  ("submitted_at", "id") WHERE "status" = 'action_required'`);
    await queryRunner.query(`CREATE INDEX "IDX_niss_ticket_open_queue" ON "niss_ticket"  ("submitted_at", "id") WHERE "status" IN ('pending', 'in_review')`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_niss_ticket_number" ON "niss_ticket"  ("number") `);
    await queryRunner.query(`CREATE TABLE "niss_ticket_event" ("id" BIGSERIAL NOT NULL, "ticket_id" uuid NOT NULL, "action" character varying(24) NOT NULL, "from_status" character varying(16), "to_status" character varying(16) NOT NULL, "actor_kind" character varying(10) NOT NULL, "actor_id" uuid, "details" jsonb NOT NULL DEFAULT '{}', "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_dfb052e2668db4c386e74c12cfb" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_niss_ticket_event_ticket" ON "niss_ticket_event"  ("ticket_id", "id") `);
    await queryRunner.query(`ALTER TABLE "document" ADD "uploaded_by_member" uuid`);
    await queryRunner.query(`ALTER TABLE "organisation_member" ADD CONSTRAINT "FK_organisation_member_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "organisation_member" ADD CONSTRAINT "FK_organisation_member_granted_by_staff" FOREIGN KEY ("granted_by_staff") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "organisation_member" ADD CONSTRAINT "FK_organisation_member_granted_by_member" FOREIGN KEY ("granted_by_member") REFERENCES "organisation_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "document" ADD CONSTRAINT "FK_document_uploaded_by_member" FOREIGN KEY ("uploaded_by_member") REFERENCES "organisation_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" ADD CONSTRAINT "FK_niss_ticket_organisation" FOREIGN KEY ("organisation_id") REFERENCES "organisation"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" ADD CONSTRAINT "FK_niss_ticket_requested_by" FOREIGN KEY ("requested_by") REFERENCES "organisation_member"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" ADD CONSTRAINT "FK_niss_ticket_document" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" ADD CONSTRAINT "FK_niss_ticket_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" ADD CONSTRAINT "FK_niss_ticket_decided_by" FOREIGN KEY ("decided_by") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" ADD CONSTRAINT "FK_niss_ticket_claimed_by" FOREIGN KEY ("claimed_by") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" ADD CONSTRAINT "FK_niss_ticket_bis_proposed_by" FOREIGN KEY ("bis_proposed_by") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "niss_ticket_event" ADD CONSTRAINT "FK_niss_ticket_event_ticket" FOREIGN KEY ("ticket_id") REFERENCES "niss_ticket"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "niss_ticket_event" DROP CONSTRAINT "FK_niss_ticket_event_ticket"`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" DROP CONSTRAINT "FK_niss_ticket_bis_proposed_by"`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" DROP CONSTRAINT "FK_niss_ticket_claimed_by"`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" DROP CONSTRAINT "FK_niss_ticket_decided_by"`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" DROP CONSTRAINT "FK_niss_ticket_person"`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" DROP CONSTRAINT "FK_niss_ticket_document"`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" DROP CONSTRAINT "FK_niss_ticket_requested_by"`);
    await queryRunner.query(`ALTER TABLE "niss_ticket" DROP CONSTRAINT "FK_niss_ticket_organisation"`);
    await queryRunner.query(`ALTER TABLE "document" DROP CONSTRAINT "FK_document_uploaded_by_member"`);
    await queryRunner.query(`ALTER TABLE "organisation_member" DROP CONSTRAINT "FK_organisation_member_granted_by_member"`);
    await queryRunner.query(`ALTER TABLE "organisation_member" DROP CONSTRAINT "FK_organisation_member_granted_by_staff"`);
    await queryRunner.query(`ALTER TABLE "organisation_member" DROP CONSTRAINT "FK_organisation_member_organisation"`);
    await queryRunner.query(`ALTER TABLE "document" DROP COLUMN "uploaded_by_member"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_niss_ticket_event_ticket"`);
    await queryRunner.query(`DROP TABLE "niss_ticket_event"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_niss_ticket_number"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_niss_ticket_open_queue"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_niss_ticket_awaiting_reupload"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_niss_ticket_claimed_by"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_niss_ticket_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_niss_ticket_requested_by"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_niss_ticket_claimed"`);
    await queryRunner.query(`DROP TABLE "niss_ticket"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_organisation_member_organisation"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_organisation_member_live_email"`);
    await queryRunner.query(`DROP TABLE "organisation_member"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_organisation_enterprise_number"`);
    await queryRunner.query(`DROP TABLE "organisation"`);
    await queryRunner.query(`DROP SEQUENCE "niss_ticket_number_seq"`);
    await queryRunner.query(`DELETE FROM "document" WHERE "purpose" = 'niss_identity'`);
    await queryRunner.query(`ALTER TABLE "document" DROP CONSTRAINT "CHK_document_purpose"`);
    await queryRunner.query(`ALTER TABLE "document" ADD CONSTRAINT "CHK_document_purpose" CHECK ("purpose" IN ('desk_mrz_scan'))`);
  }
}
