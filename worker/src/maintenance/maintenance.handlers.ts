import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { QueueRegistry } from '@sesame/jobs';
import type { Job } from 'bullmq';
import { JobHandler } from '../runtime/job-handler.decorator';
import { MaintenanceService } from './maintenance.service';

const EVERY_15_MINUTES = 15 * 60 * 1000;

/**
 * Housekeeping every 15 minutes: activation codes past their end are expired and documents past their
 * retention deleted (both audited), then expired
 * sessions, stale throttling rows, old outbox, mail, SMS and citizen code rows are deleted.
 */
@Injectable()
export class MaintenanceHandlers implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceHandlers.name);

  constructor(
    private readonly maintenance: MaintenanceService,
    private readonly queues: QueueRegistry,
  ) {}

  /** A repeatable BullMQ job scheduler; upserting it from every worker replica is idempotent. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queues
      .get('maintenance')
      .upsertJobScheduler('purge-expired', { every: EVERY_15_MINUTES }, { name: 'maintenance.purge-expired', data: {} });
  }

  @JobHandler('maintenance.purge-expired')
  async purgeExpired(_payload: Record<string, never>, job: Job): Promise<void> {
    // The job id stands for the request id: the audit entries of one sweep share it.
    const requestId = job.id ? `job:${job.id}`.slice(0, 64) : null;
    const expiredCodes = await this.maintenance.expireActivationCodes({ requestId });
    const purgedDocuments = await this.maintenance.purgeDocuments({ requestId });
    const purged = await this.maintenance.purgeExpiredRows();
    this.logger.log({ expiredCodes, purgedDocuments, ...purged }, 'expired activation codes and purged expired rows');
  }
}
