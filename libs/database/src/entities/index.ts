export * from './audit-entry.entity';
export * from './login-throttle.entity';
export * from './municipality.entity';
export * from './outbox-message.entity';
export * from './role';
export * from './role-definition.entity';
export * from './sent-mail.entity';
export * from './staff-recovery-code.entity';
export * from './staff-role.entity';
export * from './staff-session.entity';
export * from './staff.entity';

import { AuditEntry } from './audit-entry.entity';
import { LoginThrottle } from './login-throttle.entity';
import { Municipality } from './municipality.entity';
import { OutboxMessage } from './outbox-message.entity';
import { RoleDefinition } from './role-definition.entity';
import { SentMail } from './sent-mail.entity';
import { StaffRecoveryCode } from './staff-recovery-code.entity';
import { StaffRole } from './staff-role.entity';
import { StaffSession } from './staff-session.entity';
import { Staff } from './staff.entity';

/** Every entity of the schema; the DataSource and the migration check use this list. */
export const ENTITIES = [
  AuditEntry,
  LoginThrottle,
  Municipality,
  OutboxMessage,
  RoleDefinition,
  SentMail,
  Staff,
  StaffRecoveryCode,
  StaffRole,
  StaffSession,
];
