import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { OutboxMessage } from '@sesame/database';
import { QueueName, QueueRegistry } from '@sesame/jobs';
import { Client } from 'pg';
import { DataSource, In } from 'typeorm';
import { OUTBOX_CHANNEL, outboxJobId } from './outbox.writer';

/** Test seam: called after the batch was handed to BullMQ and before it is marked dispatched. */
export type AfterEnqueueHook = (messages: OutboxMessage[]) => Promise<void> | void;

/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED (so several
 * relays can run side by side), added with `outbox-<job_id>` as job id, then marked dispatched in the same
 * transaction. A crash between the add and the commit leaves the rows pending; the next pass re-adds
 * them and BullMQ ignores the duplicate id, so every job runs once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private listener: Client | null = null;
  private running: Promise<void> | null = null;
  private wakeRequested = false;
  private stopped = true;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.schedule(0);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }

  /** Dispatches one batch; returns how many messages were handed to BullMQ. */
  async dispatchBatch(afterEnqueue?: AfterEnqueueHook): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const messages = await manager
        .createQueryBuilder(OutboxMessage, 'o')
        .setLock('pessimistic_write')
        .setOnLocked('skip_locked')
        .where('o.dispatched_at IS NULL')
        .orderBy('o.id', 'ASC')
        .limit(this.config.OUTBOX_BATCH_SIZE)
        .getMany();
      if (messages.length === 0) return 0;
      const now = Date.now();
      for (const message of messages) {
        await this.queues.get(message.queue as QueueName).add(message.jobName, message.payload, {
          jobId: outboxJobId(message),
          delay: Math.max(0, message.availableAt.getTime() - now),
        });
      }
      await afterEnqueue?.(messages);
      await manager.update(
        OutboxMessage,
        { id: In(messages.map((m) => m.id)) },
        { dispatchedAt: () => 'now()', dispatchAttempts: () => '"dispatch_attempts" + 1' },
      );
      return messages.length;
    });
  }

  /** Dispatches until the outbox is empty (used at the end of tests and by the loop). */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.dispatchBatch();
      total += n;
      if (n < this.config.OUTBOX_BATCH_SIZE) return total;
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), delayMs);
  }

  private async tick(): Promise<void> {
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    let nextDelay = this.config.OUTBOX_POLL_INTERVAL_MS;
    this.running = this.drain()
      .then(() => undefined)
      .catch((error: unknown) => {
        nextDelay = Math.min(this.config.OUTBOX_POLL_INTERVAL_MS * 10, 10_000);
        this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'outbox dispatch failed; will retry');
      });
    await this.running;
    this.running = null;
    this.schedule(this.wakeRequested ? 0 : nextDelay);
    this.wakeRequested = false;
  }

  /** LISTEN for commits that wrote outbox rows; polling stays as the safety net. */
  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'sesame-outbox-listener' });
    client.on('error', (error: Error) => {
      this.logger.warn({ err: error.message }, 'outbox listener lost its connection; polling continues');
      this.listener = null;
      if (!this.stopped) setTimeout(() => void this.listen().catch(() => undefined), 2000);
    });
    client.on('notification', () => this.schedule(0));
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listener = client;
    } catch (error) {
      this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'outbox listener unavailable; polling only');
      await client.end().catch(() => undefined);
    }
  }
}
