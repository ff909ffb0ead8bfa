import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';

/** The audit trail's search page (writing is the global AuditWriter of libs/audit). */
@Module({ controllers: [AuditController], providers: [AuditRepository] })
export class AuditSearchModule {}
