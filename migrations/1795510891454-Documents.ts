import { MigrationInterface, QueryRunner } from 'typeorm';

export class Documents1795510891454 implements MigrationInterface {
  name = 'Documents1795510891454';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "document" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "purpose" character varying(20) NOT NULL, "status" character varying(10) NOT NULL DEFAULT 'received', "uploaded_by" uuid, "municipality_nis_code" character(5), "page_count" smallint NOT NULL, "analysis" jsonb, "failure_code" character varying(60), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "processed_at" TIMESTAMP WITH TIME ZONE, "retain_until" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "CHK_document_status" CHECK ("status" IN ('received', 'processed', 'failed')), CONSTRAINT "CHK_document_purpose" CHECK ("purpose" IN ('desk_mrz_scan')), CONSTRAINT "PK_e57d3357f83f3cdc0acffc3d777" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_document_retain_until" ON "document" ("retain_until")`);
    await queryRunner.query(`CREATE TABLE "document_page" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "document_id" uuid NOT NULL, "page_number" smallint NOT NULL, "content_type" character varying(30) NOT NULL, "byte_size" integer NOT NULL, "sha256" character(64) NOT NULL, "width" integer NOT NULL, "height" integer NOT NULL, "content" bytea NOT NULL, CONSTRAINT "CHK_document_page_content_type" CHECK ("content_type" IN ('image/jpeg', 'image/png')), CONSTRAINT "PK_2fe5b616714c06e4758a25715fd" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_document_page_number" ON "document_page" ("document_id", "page_number")`);
    await queryRunner.query(`ALTER TABLE "document" ADD CONSTRAINT "FK_document_uploaded_by" FOREIGN KEY ("uploaded_by") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "document" ADD CONSTRAINT "FK_document_municipality" FOREIGN KEY ("municipality_nis_code") REFERENCES "municipality"("nis_code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "document_page" ADD CONSTRAINT "FK_document_page_document" FOREIGN KEY ("document_id") REFERENCES "document"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "document_page" DROP CONSTRAINT "FK_document_page_document"`);
    await queryRunner.query(`ALTER TABLE "document" DROP CONSTRAINT "FK_document_municipality"`);
    await queryRunner.query(`ALTER TABLE "document" DROP CONSTRAINT "FK_document_uploaded_by"`);
    await queryRunner.query(`DROP INDEX "public"."UQ_document_page_number"`);
    await queryRunner.query(`DROP TABLE "document_page"`);
    await queryRunner.query(`DROP INDEX "public"."IDX_document_retain_until"`);
    await queryRunner.query(`DROP TABLE "document"`);
  }
}
