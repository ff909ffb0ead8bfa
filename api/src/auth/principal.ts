import type { Language } from '@sesame/config';
import type { Role } from '@sesame/database';
import type { AuditActor } from '@sesame/audit';

/** The signed-in staff member, as guards and services see them. */
export interface Principal {
  staffId: string;
  email: string;
  displayName: string;
  roles: Role[];
  municipalityNisCode: string | null;
  language: Language;
}

/** The audit actor for a principal: the role recorded is the most privileged one held. */
export function auditActorOf(principal: Principal): AuditActor {
  const order: Role[] = ['admin', 'supervisor', 'niss_operator', 'video_agent', 'clerk'];
  return {
    staffId: principal.staffId,
    email: principal.email,
    role: order.find((role) => principal.roles.includes(role)) ?? null,
    municipalityNisCode: principal.municipalityNisCode,
  };
}
