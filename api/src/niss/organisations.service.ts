import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditWriter } from '@sesame/audit';
import { Organisation, OrganisationMember, OrganisationMemberRole } from '@sesame/database';
import { isValidEnterpriseNumber, normalizeEnterpriseNumber } from '@sesame/domain';
import { DataSource, IsNull } from 'typeorm';
import { auditActorOf, Principal } from '../auth/principal';
import { NissException } from './niss.exception';

export interface NewOrganisation {
  name: string;
  enterpriseNumber: string;
  language: string;
}

export interface NewMember {
  email: string;
  displayName: string;
  role: OrganisationMemberRole;
  language: string;
}

/**
 * Organisations whose representatives request NISS identifications, and their members (ADR 0005).
 * Admins create organisations and grant or revoke memberships; each change is audited.
 */
@Injectable()
export class OrganisationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditWriter,
  ) {}

  async list(): Promise<(Organisation & { memberCount: number })[]> {
    const organisations = await this.dataSource.getRepository(Organisation).find({ order: { name: 'ASC' } });
    const counts = await this.dataSource.query<{ organisation_id: string; members: string }[]>(
      `SELECT organisation_id, count(*) AS members FROM organisation_member WHERE revoked_at IS NULL GROUP BY organisation_id`,
    );
    const byId = new Map(counts.map((row) => [row.organisation_id, Number(row.members)]));
    return organisations.map((organisation) => Object.assign(organisation, { memberCount: byId.get(organisation.id) ?? 0 }));
  }

  async create(admin: Principal, input: NewOrganisation, requestId: string): Promise<Organisation> {
    const enterpriseNumber = normalizeEnterpriseNumber(input.enterpriseNumber);
    if (!enterpriseNumber || !isValidEnterpriseNumber(enterpriseNumber)) throw new NissException('niss.enterprise_number_invalid');
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(Organisation)
        .values({ name: input.name, enterpriseNumber, language: input.language })
        .orIgnore()
        .returning('*')
        .execute();
      if (!(inserted.raw as unknown[]).length) throw new NissException('niss.organisation_exists');
      const organisation = await manager.getRepository(Organisation).findOneByOrFail({ enterpriseNumber });
      await this.audit.append(manager, {
        actor: auditActorOf(admin),
        action: 'organisation.created',
        subject: { type: 'organisation', id: organisation.id },
        requestId,
        details: { enterpriseNumber },
      });
      return organisation;
    });
  }

  async members(organisationId: string): Promise<OrganisationMember[]> {
    await this.organisation(organisationId);
    return this.dataSource.getRepository(OrganisationMember).find({ where: { organisationId, revokedAt: IsNull() }, order: { displayName: 'ASC' } });
  }

  async addMember(admin: Principal, organisationId: string, input: NewMember, requestId: string): Promise<OrganisationMember> {
    await this.organisation(organisationId);
    const email = input.email.trim().toLowerCase();
    return this.dataSource.transaction(async (manager) => {
      const inserted = await manager
        .createQueryBuilder()
        .insert()
        .into(OrganisationMember)
        .values({ organisationId, email, displayName: input.displayName, role: input.role, language: input.language, grantedByStaff: admin.staffId })
        .orIgnore()
        .returning(['id'])
        .execute();
      const row = (inserted.raw as { id: string }[])[0];
      if (!row) throw new NissException('niss.member_exists');
      await this.audit.append(manager, {
        actor: auditActorOf(admin),
        action: 'organisation.member_granted',
        subject: { type: 'organisation', id: organisationId },
        requestId,
        details: { memberId: row.id, role: input.role },
      });
      return manager.getRepository(OrganisationMember).findOneByOrFail({ id: row.id });
    });
  }

  async revokeMember(admin: Principal, organisationId: string, memberId: string, requestId: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      const result = await manager.getRepository(OrganisationMember).update({ id: memberId, organisationId, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
      if (!result.affected) throw new NissException('niss.member_not_found');
      await this.audit.append(manager, {
        actor: auditActorOf(admin),
        action: 'organisation.member_revoked',
        subject: { type: 'organisation', id: organisationId },
        requestId,
        details: { memberId },
      });
    });
  }

  private async organisation(id: string): Promise<Organisation> {
    const organisation = await this.dataSource.getRepository(Organisation).findOneBy({ id });
    if (!organisation) throw new NissException('niss.organisation_not_found');
    return organisation;
  }
}
