import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig, Language } from '@sesame/config';
import { Role, Staff, StaffRecoveryCode } from '@sesame/database';
import { translate } from '@sesame/i18n';
import { OutboxWriter } from '@sesame/outbox';
import type { EntityManager } from 'typeorm';
import { AuthRepository } from '../auth/auth.repository';
import type { RequestMeta } from '../auth/auth.service';
import { PasswordService } from '../auth/password.service';
import { auditActorOf, Principal } from '../auth/principal';
import { StaffSessionEvents } from '../auth/staff-session-events';
import type { CreateStaffDto, UpdateStaffDto } from './dto/staff.dto';
import { StaffException } from './staff.exception';
import { StaffRepository } from './staff.repository';

/** Roles whose holders must belong to exactly one municipality (and the only ones that may). */
const MUNICIPALITY_BOUND: Role[] = ['clerk'];

/**
 * Staff administration. Every change is one transaction with its audit entry and, where someone must
 * be told, its mail in the outbox.
 */
@Injectable()
export class StaffService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: StaffRepository,
    private readonly authRepository: AuthRepository,
    private readonly passwords: PasswordService,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly sessionEvents: StaffSessionEvents,
  ) {}

  list(search: string | undefined, page: number, pageSize: number): Promise<[Staff[], number]> {
    return this.repository.search(search, page, pageSize);
  }

  async create(actor: Principal, input: CreateStaffDto, meta: RequestMeta): Promise<{ staff: Staff; initialPassword: string }> {
    const email = input.email.trim().toLowerCase();
    const initialPassword = this.passwords.generate();
    const passwordHash = await this.passwords.hash(initialPassword);
    const staff = await this.repository.transaction(async (manager) => {
      const municipalityNisCode = await this.checkMunicipality(manager, input.roles, input.municipalityNisCode ?? null);
      if (await this.repository.existsByEmail(manager, email)) throw new StaffException('staff.email_taken');
      const created = await manager.getRepository(Staff).save(
        manager.getRepository(Staff).create({
          email,
          displayName: input.displayName.trim(),
          language: input.language,
          passwordHash,
          municipalityNisCode,
          roles: input.roles.map((role) => ({ role })),
        }),
      );
      await this.audit.append(manager, {
        actor: auditActorOf(actor),
        action: 'staff.created',
        subject: { type: 'staff', id: created.id },
        requestId: meta.requestId,
        details: { roles: [...input.roles].sort(), municipalityNisCode, language: input.language },
      });
      await this.outbox.enqueue(manager, 'mail.send', {
        template: 'staff-welcome',
        to: email,
        language: input.language,
        params: { name: created.displayName, roles: this.roleNames(input.roles, input.language), url: this.config.PUBLIC_BASE_URL },
      });
      return this.reload(manager, created.id);
    });
    return { staff, initialPassword };
  }

  async update(actor: Principal, id: string, input: UpdateStaffDto, meta: RequestMeta): Promise<Staff> {
    let sessionsEnded = false;
    const updated = await this.repository.transaction(async (manager) => {
      const staff = await this.load(manager, id);
      const roles = input.roles ?? staff.roles.map((r) => r.role);
      const requestedMunicipality = input.municipalityNisCode !== undefined ? input.municipalityNisCode : staff.municipalityNisCode;
      const municipalityNisCode = await this.checkMunicipality(manager, roles, requestedMunicipality);
      const losesAdmin = staff.roles.some((r) => r.role === 'admin') && !roles.includes('admin');
      if (losesAdmin && id === actor.staffId) throw new StaffException('staff.cannot_change_self');
      if (losesAdmin) await this.assertAnotherAdmin(manager, id);

      const changes: Record<string, unknown> = {};
      if (input.displayName !== undefined && input.displayName.trim() !== staff.displayName) changes.displayName = input.displayName.trim();
      if (input.language !== undefined && input.language !== staff.language) changes.language = input.language;
      if (municipalityNisCode !== staff.municipalityNisCode) changes.municipalityNisCode = municipalityNisCode;
      const before = staff.roles.map((r) => r.role).sort();
      const after = [...roles].sort();
      const rolesChanged = before.join() !== after.join();
      if (Object.keys(changes).length) await manager.getRepository(Staff).update({ id }, changes);
      if (rolesChanged) {
        await this.repository.replaceRoles(manager, id, after);
        // A change of privileges ends the account's sessions: it signs in again under its new roles.
        await this.authRepository.deleteSessionsOfStaff(id, manager);
        sessionsEnded = true;
      }
      if (Object.keys(changes).length || rolesChanged) {
        await this.audit.append(manager, {
          actor: auditActorOf(actor),
          action: 'staff.updated',
          subject: { type: 'staff', id },
          requestId: meta.requestId,
          details: { ...changes, ...(rolesChanged ? { rolesBefore: before, rolesAfter: after } : {}) },
        });
      }
      return this.reload(manager, id);
    });
    if (sessionsEnded) this.sessionEvents.ended({ staffId: id });
    return updated;
  }

  async setDisabled(actor: Principal, id: string, disabled: boolean, meta: RequestMeta): Promise<Staff> {
    let sessionsEnded = false;
    const updated = await this.repository.transaction(async (manager) => {
      const staff = await this.load(manager, id);
      if (disabled && id === actor.staffId) throw new StaffException('staff.cannot_change_self');
      if ((staff.disabledAt !== null) === disabled) return staff;
      if (disabled && staff.roles.some((r) => r.role === 'admin')) await this.assertAnotherAdmin(manager, id);
      await manager.getRepository(Staff).update({ id }, { disabledAt: disabled ? new Date() : null });
      if (disabled) {
        await this.authRepository.deleteSessionsOfStaff(id, manager);
        sessionsEnded = true;
      }
      await this.audit.append(manager, {
        actor: auditActorOf(actor),
        action: disabled ? 'staff.disabled' : 'staff.enabled',
        subject: { type: 'staff', id },
        requestId: meta.requestId,
      });
      return this.reload(manager, id);
    });
    if (sessionsEnded) this.sessionEvents.ended({ staffId: id });
    return updated;
  }

  /** Forgets the authenticator and recovery codes: the colleague enrols again at the next sign-in. */
  async resetSecondFactor(actor: Principal, id: string, meta: RequestMeta): Promise<Staff> {
    const updated = await this.repository.transaction(async (manager) => {
      const staff = await this.load(manager, id);
      await manager.getRepository(Staff).update({ id }, { totpSecretEnc: null, totpEnrolledAt: null, totpLastTimeStep: null });
      await manager.getRepository(StaffRecoveryCode).delete({ staffId: id });
      await this.authRepository.deleteSessionsOfStaff(id, manager);
      await this.audit.append(manager, {
        actor: auditActorOf(actor),
        action: 'staff.second_factor_reset',
        subject: { type: 'staff', id },
        requestId: meta.requestId,
      });
      await this.outbox.enqueue(manager, 'mail.send', {
        template: 'staff-second-factor-reset',
        to: staff.email,
        language: staff.language as Language,
        params: { name: staff.displayName, url: this.config.PUBLIC_BASE_URL },
      });
      return this.reload(manager, id);
    });
    this.sessionEvents.ended({ staffId: id });
    return updated;
  }

  private async load(manager: EntityManager, id: string): Promise<Staff> {
    const staff = await this.repository.findForUpdate(manager, id);
    if (!staff) throw new StaffException('staff.not_found');
    return staff;
  }

  private async reload(manager: EntityManager, id: string): Promise<Staff> {
    const staff = await this.repository.findWithRelations(manager, id);
    if (!staff) throw new StaffException('staff.not_found');
    return staff;
  }

  /** Clerks need exactly one registration office; other roles have none. */
  private async checkMunicipality(manager: EntityManager, roles: Role[], nisCode: string | null): Promise<string | null> {
    const bound = roles.some((role) => MUNICIPALITY_BOUND.includes(role));
    if (!bound) {
      if (nisCode) throw new StaffException('staff.municipality_without_clerk');
      return null;
    }
    if (!nisCode) throw new StaffException('staff.municipality_required');
    if (!(await this.repository.findMunicipality(manager, nisCode))) throw new StaffException('staff.unknown_municipality');
    return nisCode;
  }

  private async assertAnotherAdmin(manager: EntityManager, id: string): Promise<void> {
    if ((await this.repository.countOtherActiveAdmins(manager, id)) === 0) throw new StaffException('staff.last_admin');
  }

  private roleNames(roles: Role[], language: Language): string {
    return roles.map((role) => translate(language, `role.${role}`)).join(', ');
  }
}
