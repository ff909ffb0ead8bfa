import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { QueueRegistry } from '@sesame/jobs';
import type { Job } from 'bullmq';
import { JobHandler } from '../runtime/job-handler.decorator';
import { MaintenanceService } from './maintenance.service';

const EVERY_15_MINUTES = 15 * 60 * 1000;
const EVERY_MINUTE = 60 * 1000;

/** The repeatable jobs of the maintenance queue: scheduler id, period, job name. */
const SCHEDULES = [
  ['purge-expired', EVERY_15_MINUTES, 'maintenance.purge-expired'],
  ['release-idle-claims', EVERY_MINUTE, 'maintenance.release-idle-claims'],
  ['video-sweep', EVERY_MINUTE, 'maintenance.video-sweep'],
] as const;

/**
 * Housekeeping every 15 minutes: activation codes past their end are expired and documents past their
 * retention deleted (both audited), then expired
 * sessions, stale throttling rows, old outbox, mail, SMS and citizen code rows are deleted. Every
 * minute, NISS tickets claimed and left idle for NISS_CLAIM_IDLE_MINUTES go back to the queue, and
 * the video sweep (`maintenance.video-sweep`, handled in worker/src/video) expires unconfirmed
 * bookings and marks no-shows.
 */
@Injectable()
export class MaintenanceHandlers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MaintenanceHandlers.name);
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly maintenance: MaintenanceService,
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Repeatable BullMQ job schedulers; upserting them from every worker replica is idempotent. They
   * live in Redis only, so they are checked again every OUTBOX_RECOVERY_INTERVAL_MS and put back when
   * Redis came back without them.
   */
  async onApplicationBootstrap(): Promise<void> {
    await this.ensureSchedulers(true);
    const check = (): void => {
      if (this.stopped) return;
      this.timer = setTimeout(() => {
        void this.ensureSchedulers(false)
          .catch((error: unknown) => this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'could not check the maintenance schedules; will retry'))
          .finally(check);
      }, this.config.OUTBOX_RECOVERY_INTERVAL_MS);
    };
    check();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Upserts every schedule (at start) or those Redis no longer has; returns how many were written. */
  async ensureSchedulers(all: boolean): Promise<number> {
    const queue = this.queues.get('maintenance');
    let written = 0;
    for (const [id, every, name] of SCHEDULES) {
      if (!all && (await queue.getJobScheduler(id))) continue;
      await queue.upsertJobScheduler(id, { every }, { name, data: {} });
      written += 1;
    }
    if (!all && written) this.logger.warn({ written }, 'maintenance schedules missing from Redis were put back');
    return written;
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
