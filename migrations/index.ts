import { StaffAndMunicipalities1795500000000 } from './1795500000000-StaffAndMunicipalities';
import { AuditTrail1795500000001 } from './1795500000001-AuditTrail';
import { Outbox1795500000002 } from './1795500000002-Outbox';
import { DeskActivation1795502879993 } from './1795502879993-DeskActivation';
import { CitizenKeys1795503177758 } from './1795503177758-CitizenKeys';
import { DeskForeignKeys1795509845001 } from './1795509845001-DeskForeignKeys';
import { Documents1795510891454 } from './1795510891454-Documents';
import { PersonsRegister1795513453488 } from './1795513453488-PersonsRegister';
import { NissTickets1795524820356 } from './1795524820356-NissTickets';
import { VideoInterviews1795530002253 } from './1795530002253-VideoInterviews';
import { OutboxHandled1795547592339 } from './1795547592339-OutboxHandled';
import { AuditChains1795549425979 } from './1795549425979-AuditChains';

/** Every migration, in order. Append new ones here after reviewing what `migration:generate` wrote. */
export const MIGRATIONS = [StaffAndMunicipalities1795500000000, AuditTrail1795500000001, Outbox1795500000002, DeskActivation1795502879993, CitizenKeys1795503177758, DeskForeignKeys1795509845001, Documents1795510891454, PersonsRegister1795513453488, NissTickets1795524820356, VideoInterviews1795530002253, OutboxHandled1795547592339, AuditChains1795549425979];
