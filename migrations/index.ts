import { StaffAndMunicipalities1795500000000 } from './1795500000000-StaffAndMunicipalities';
import { AuditTrail1795500000001 } from './1795500000001-AuditTrail';
import { Outbox1795500000002 } from './1795500000002-Outbox';

/** Every migration, in order. Append new ones here after reviewing what `migration:generate` wrote. */
export const MIGRATIONS = [StaffAndMunicipalities1795500000000, AuditTrail1795500000001, Outbox1795500000002];
