export * from './activation-code.entity';
export * from './activation-letter.entity';
export * from './appointment.entity';
export * from './audit-entry.entity';
export * from './bis-counter.entity';
export * from './citizen-code.entity';
export * from './citizen-session.entity';
export * from './digital-key.entity';
export * from './document.entity';
export * from './document-page.entity';
export * from './identity-evidence.entity';
export * from './login-throttle.entity';
export * from './municipality.entity';
export * from './niss-ticket-event.entity';
export * from './niss-ticket.entity';
export * from './organisation-member.entity';
export * from './organisation.entity';
export * from './outbox-message.entity';
export * from './person.entity';
export * from './role';
export * from './role-definition.entity';
export * from './sent-mail.entity';
export * from './sms-message.entity';
export * from './staff-recovery-code.entity';
export * from './staff-role.entity';
export * from './staff-session.entity';
export * from './staff.entity';
export * from './video-availability.entity';

import { ActivationCode } from './activation-code.entity';
import { ActivationLetter } from './activation-letter.entity';
import { Appointment, AppointmentAccess, AppointmentStill } from './appointment.entity';
import { AuditEntry } from './audit-entry.entity';
import { BisCounter } from './bis-counter.entity';
import { CitizenCode } from './citizen-code.entity';
import { CitizenSession } from './citizen-session.entity';
import { DigitalKey } from './digital-key.entity';
import { Document } from './document.entity';
import { DocumentPage } from './document-page.entity';
import { IdentityEvidence } from './identity-evidence.entity';
import { LoginThrottle } from './login-throttle.entity';
import { Municipality } from './municipality.entity';
import { NissTicketEvent } from './niss-ticket-event.entity';
import { NissTicket } from './niss-ticket.entity';
import { OrganisationMember } from './organisation-member.entity';
import { Organisation } from './organisation.entity';
import { OutboxMessage } from './outbox-message.entity';
import { Person } from './person.entity';
import { RoleDefinition } from './role-definition.entity';
import { SentMail } from './sent-mail.entity';
import { SmsMessage } from './sms-message.entity';
import { StaffRecoveryCode } from './staff-recovery-code.entity';
import { StaffRole } from './staff-role.entity';
import { StaffSession } from './staff-session.entity';
import { Staff } from './staff.entity';
import { VideoAvailabilityException, VideoAvailabilityPattern } from './video-availability.entity';

/** Every entity of the schema; the DataSource and the migration check use this list. */
export const ENTITIES = [
  ActivationCode,
  ActivationLetter,
  Appointment,
  AppointmentAccess,
  AppointmentStill,
  AuditEntry,
  BisCounter,
  CitizenCode,
  CitizenSession,
  DigitalKey,
  Document,
  DocumentPage,
  IdentityEvidence,
  LoginThrottle,
  Municipality,
  NissTicket,
  NissTicketEvent,
  Organisation,
  OrganisationMember,
  OutboxMessage,
  Person,
  RoleDefinition,
  SentMail,
  SmsMessage,
  Staff,
  StaffRecoveryCode,
  StaffRole,
  StaffSession,
  VideoAvailabilityException,
  VideoAvailabilityPattern,
];
