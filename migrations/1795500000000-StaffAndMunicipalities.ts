import { MigrationInterface, QueryRunner } from 'typeorm';

export class StaffAndMunicipalities1795500000000 implements MigrationInterface {
  name = 'StaffAndMunicipalities1795500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE TABLE "municipality" ("nis_code" character(5) NOT NULL, "name_fr" character varying(100) NOT NULL, "name_nl" character varying(100) NOT NULL, "name_de" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "CHK_municipality_nis_code" CHECK ("nis_code" ~ '^[0-9]{5}$'), CONSTRAINT "PK_cc963a950c447140875b80df84a" PRIMARY KEY ("nis_code"))`);
    await queryRunner.query(`CREATE TABLE "role" ("code" character varying(32) NOT NULL, "municipality_scoped" boolean NOT NULL, CONSTRAINT "PK_ee999bb389d7ac0fd967172c41f" PRIMARY KEY ("code"))`);
    await queryRunner.query(`CREATE TABLE "staff" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" character varying(254) NOT NULL, "display_name" character varying(120) NOT NULL, "language" character varying(2) NOT NULL, "password_hash" character varying(255) NOT NULL, "municipality_nis_code" character(5), "totp_secret_enc" character varying(255), "totp_enrolled_at" TIMESTAMP WITH TIME ZONE, "totp_last_time_step" bigint, "disabled_at" TIMESTAMP WITH TIME ZONE, "last_login_at" TIMESTAMP WITH TIME ZONE, "password_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "CHK_staff_language" CHECK ("language" IN ('fr', 'nl', 'de', 'en')), CONSTRAINT "CHK_staff_email_lower" CHECK ("email" = lower("email")), CONSTRAINT "PK_e4ee98bb552756c180aec1e854a" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE UNIQUE INDEX "UQ_staff_email" ON "staff"("email")`);
    await queryRunner.query(`CREATE TABLE "staff_role" ("staff_id" uuid NOT NULL, "role" character varying(32) NOT NULL, "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_staff_role" PRIMARY KEY ("staff_id", "role"))`);
    await queryRunner.query(`CREATE TABLE "staff_recovery_code" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "staff_id" uuid NOT NULL, "code_hash" character(64) NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4c362f6c768900642ea531ee06c" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "IDX_staff_recovery_code_staff" ON "staff_recovery_code"("staff_id")`);
    await queryRunner.query(`CREATE TABLE "staff_session" ("token_hash" character(64) NOT NULL, "staff_id" uuid NOT NULL, "stage" character varying(32) NOT NULL, "pending_totp_secret_enc" character varying(255), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "last_seen_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "user_agent" character varying(400), CONSTRAINT "CHK_staff_session_stage" CHECK ("stage" IN ('password_verified', 'authenticated')), CONSTRAINT "PK_bd04302ff5686f90da181a7176d" PRIMARY KEY ("token_hash"))`);
    await queryRunner.query(`CREATE INDEX "IDX_staff_session_expires" ON "staff_session"("expires_at")`);
    await queryRunner.query(`CREATE INDEX "IDX_staff_session_staff" ON "staff_session"("staff_id")`);
    await queryRunner.query(`CREATE TABLE "login_throttle" ("key_hash" character(64) NOT NULL, "failures" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_58297e0a1c374c7c17bd4b74521" PRIMARY KEY ("key_hash"))`);
    await queryRunner.query(`ALTER TABLE "staff_role" ADD CONSTRAINT "FK_staff_role_staff" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "staff_role" ADD CONSTRAINT "FK_staff_role_role" FOREIGN KEY ("role") REFERENCES "role"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "staff" ADD CONSTRAINT "FK_staff_municipality" FOREIGN KEY ("municipality_nis_code") REFERENCES "municipality"("nis_code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "staff_recovery_code" ADD CONSTRAINT "FK_staff_recovery_code_staff" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await queryRunner.query(`ALTER TABLE "staff_session" ADD CONSTRAINT "FK_staff_session_staff" FOREIGN KEY ("staff_id") REFERENCES "staff"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // Reference data: the roles of DESIGN.md. Only clerks belong to one municipality.
    await queryRunner.query(
      `INSERT INTO "role" ("code", "municipality_scoped") VALUES ('clerk', true), ('video_agent', false), ('niss_operator', false), ('supervisor', false), ('admin', false)`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "login_throttle"`);
    await queryRunner.query(`DROP TABLE "staff_session"`);
    await queryRunner.query(`DROP TABLE "staff_recovery_code"`);
    await queryRunner.query(`DROP TABLE "staff_role"`);
    await queryRunner.query(`DROP TABLE "staff"`);
    await queryRunner.query(`DROP TABLE "role"`);
    await queryRunner.query(`DROP TABLE "municipality"`);
  }
}
