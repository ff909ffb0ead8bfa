import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { QueueRegistry } from '@sesame/jobs';
import { DataSource } from 'typeorm';
import { JobHandler } from '../runtime/job-handler.decorator';

const EVERY_15_MINUTES = 15 * 60 * 1000;

/** Housekeeping: expired sessions, stale throttling rows, old dispatched outbox rows. */
@Injectable()
export class MaintenanceHandlers implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceHandlers.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
  ) {}

  /** A repeatable BullMQ job scheduler; upserting it from every worker replica is idempotent. */
  async onApplicationBootstrap(): Promise<void> {
    await this.queues
      .get('maintenance')
      .upsertJobScheduler('purge-expired', { every: EVERY_15_MINUTES }, { name: 'maintenance.purge-expired', data: {} });
  }

  @JobHandler('maintenance.purge-expired')
  async purgeExpired(): Promise<void> {
    const [sessions, throttles, outbox, sent] = await Promise.all([
      this.dataSource.query(`DELETE FROM "staff_session" WHERE "expires_at" < now()`),
      this.dataSource.query(
        `DELETE FROM "login_throttle" WHERE "last_failure_at" < now() - interval '1 day' AND ("locked_until" IS NULL OR "locked_until" < now())`,
      ),
      this.dataSource.query(`DELETE FROM "outbox_message" WHERE "dispatched_at" < now() - interval '7 days'`),
      this.dataSource.query(`DELETE FROM "sent_mail" WHERE "sent_at" < now() - interval '30 days'`),
    ]);
    const count = (result: unknown): number => (Array.isArray(result) && typeof result[1] === 'number' ? result[1] : 0);
    this.logger.log(
      { sessions: count(sessions), throttles: count(throttles), outbox: count(outbox), sentMails: count(sent) },
      'purged expired rows',
    );
  }
}
