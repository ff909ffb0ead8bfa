import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { QueueRegistry } from '@sesame/jobs';
import type { Job } from 'bullmq';
import { JobHandler } from '../runtime/job-handler.decorator';
import { MaintenanceService } from './maintenance.service';

const EVERY_15_MINUTES = 15 * 60 * 1000;
const EVERY_MINUTE = 60 * 1000;

/**
 * Housekeeping every 15 minutes: activation codes past their end are expired and documents past their
 * retention deleted (both audited), then expired
 * sessions, stale throttling rows, old outbox, mail, SMS and citizen code rows are deleted. Every
 * minute, NISS tickets claimed and left idle for NISS_CLAIM_IDLE_MINUTES go back to the queue, and
 * the video sweep (`maintenance.video-sweep`, handled in worker/src/video) expires unconfirmed
 * bookings and marks no-shows.
 */
@Injectable()
export class MaintenanceHandlers implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceHandlers.name);

  constructor(
    private readonly maintenance: MaintenanceService,
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** A repeatable BullMQ job scheduler; upserting it from every worker replica is idempotent. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queues
      .get('maintenance')
      .upsertJobScheduler('purge-expired', { every: EVERY_15_MINUTES }, { name: 'maintenance.purge-expired', data: {} });
    await this.queues
      .get('maintenance')
      .upsertJobScheduler('release-idle-claims', { every: EVERY_MINUTE }, { name: 'maintenance.release-idle-claims', data: {} });
    await this.queues
      .get('maintenance')
      .upsertJobScheduler('video-sweep', { every: EVERY_MINUTE }, { name: 'maintenance.video-sweep', data: {} });
  }

  @JobHandler('maintenance.release-idle-claims')
  async releaseIdleClaims(_payload: Record<string, never>, job: Job): Promise<void> {
    const requestId = job.id ? `job:${job.id}`.slice(0, 64) : null;
    const released = await this.maintenance.releaseIdleClaims({ idleMinutes: this.config.NISS_CLAIM_IDLE_MINUTES, requestId });
    if (released > 0) this.logger.log({ released }, 'released idle NISS claims');
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
