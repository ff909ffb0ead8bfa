import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeskForeignKeys1795509845001 implements MigrationInterface {
  name = 'DeskForeignKeys1795509845001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "identity_evidence" ADD CONSTRAINT "FK_identity_evidence_municipality" FOREIGN KEY ("municipality_nis_code") REFERENCES "municipality"("nis_code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "identity_evidence" ADD CONSTRAINT "FK_identity_evidence_checked_by" FOREIGN KEY ("checked_by") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "activation_code" ADD CONSTRAINT "FK_activation_code_municipality" FOREIGN KEY ("municipality_nis_code") REFERENCES "municipality"("nis_code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "activation_code" ADD CONSTRAINT "FK_activation_code_issued_by" FOREIGN KEY ("issued_by") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    // The maintenance sweep's search for live codes past their validity.
    await queryRunner.query(`CREATE INDEX "IDX_activation_code_due" ON "activation_code" ("expires_at") WHERE "status" = 'issued'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "public"."IDX_activation_code_due"`);
    await queryRunner.query(`ALTER TABLE "activation_code" DROP CONSTRAINT "FK_activation_code_issued_by"`);
    await queryRunner.query(`ALTER TABLE "activation_code" DROP CONSTRAINT "FK_activation_code_municipality"`);
    await queryRunner.query(`ALTER TABLE "identity_evidence" DROP CONSTRAINT "FK_identity_evidence_checked_by"`);
    await queryRunner.query(`ALTER TABLE "identity_evidence" DROP CONSTRAINT "FK_identity_evidence_municipality"`);
  }
}
