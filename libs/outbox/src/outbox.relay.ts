import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { OutboxMessage } from '@sesame/database';
import { QueueName, QueueRegistry } from '@sesame/jobs';
import { Client } from 'pg';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, In } from 'typeorm';
import { OUTBOX_CHANNEL, outboxJobId } from './outbox.writer';

/** Test seam: called after the batch was handed to BullMQ and before it is marked dispatched. */
export type AfterEnqueueHook = (messages: OutboxMessage[]) => Promise<void> | void;

/** What one recovery pass found: dispatched rows not yet handled that it checked, and those it re-added. */
export interface RecoveryResult {
  checked: number;
  readded: number;
  /** True when Redis had lost the relay's epoch key (restarted empty, flushed): every unhandled row was checked. */
  redisReset: boolean;
}

/**
 * Moves committed outbox rows to BullMQ. Rows are claimed with FOR UPDATE SKIP LOCKED (so several
 * relays can run side by side), added with `outbox-<job_id>` as job id, then marked dispatched in the same
 * transaction. A crash between the add and the commit leaves the rows pending; the next pass re-adds
 * them and BullMQ ignores the duplicate id, so every job runs once.
 *
 * Redis can lose jobs the relay handed over (a restart without persistence, a failover). The worker
 * stamps `handled_at` when a job is done; every OUTBOX_RECOVERY_INTERVAL_MS the relay asks BullMQ
 * about dispatched rows never handled and adds again those whose job is gone. It checks the rows due
 * for OUTBOX_LOST_AFTER_MS, and all of them (delayed reminders too) when an epoch key it keeps in
 * Redis has disappeared, which is how a Redis that came back empty shows itself (ADR 0007).
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | null = null;
  private listener: Client | null = null;
  private running: Promise<void> | null = null;
  private wakeRequested = false;
  private stopped = true;
  private recoveryTimer: NodeJS.Timeout | null = null;
  private recovering: Promise<unknown> | null = null;
  /** The epoch key's value this relay last saw; null until the first pass (which checks everything). */
  private epoch: string | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queues: QueueRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.stopped = false;
    await this.listen();
    this.schedule(0);
    this.scheduleRecovery(this.config.OUTBOX_RECOVERY_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.recoveryTimer) clearTimeout(this.recoveryTimer);
    await this.running;
    await this.recovering;
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
      for (const message of messages) await this.enqueue(message, now);
      await afterEnqueue?.(messages);
      await this.markDispatched(manager, messages);
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

  /**
   * One recovery pass (see the class comment): re-adds the dispatched, unhandled rows whose BullMQ
   * job no longer exists, with the same job id and the delay still ahead of them.
   */
  async recoverLost(now = new Date()): Promise<RecoveryResult> {
    const redis = this.queues.redis();
    const epochKey = `${this.queues.prefix}:sesame:outbox-epoch`;
    let current = await redis.get(epochKey);
    if (current === null) {
      await redis.set(epochKey, randomUUID(), 'NX');
      current = await redis.get(epochKey);
    }
    const redisReset = this.epoch === null || current !== this.epoch;
    const lostBefore = new Date(now.getTime() - this.config.OUTBOX_LOST_AFTER_MS);
    let checked = 0;
    let readded = 0;
    for (let after = '0'; ; ) {
      const rows = await this.dataSource
        .createQueryBuilder(OutboxMessage, 'o')
        .where('o.dispatched_at IS NOT NULL AND o.handled_at IS NULL AND o.id > :after', { after })
        .andWhere(redisReset ? 'TRUE' : 'o.dispatched_at < :lostBefore AND o.available_at < :lostBefore', { lostBefore })
        .orderBy('o.id', 'ASC')
        .limit(this.config.OUTBOX_BATCH_SIZE)
        .getMany();
      const lost: OutboxMessage[] = [];
      for (const message of rows) {
        checked += 1;
        if (await this.queues.get(message.queue as QueueName).getJob(outboxJobId(message))) continue;
        await this.enqueue(message, Date.now());
        lost.push(message);
      }
      await this.markDispatched(this.dataSource.manager, lost);
      readded += lost.length;
      if (rows.length < this.config.OUTBOX_BATCH_SIZE) break;
      after = rows[rows.length - 1]!.id;
    }
    // Remembered only once every row was checked: an interrupted pass is redone in full next time.
    this.epoch = current;
    if (readded) this.logger.warn({ readded, checked, redisReset }, 'outbox jobs missing from Redis were dispatched again');
    return { checked, readded, redisReset };
  }

  /** Hands a row's job to BullMQ under its outbox job id, with the delay still ahead of it. */
  private async enqueue(message: OutboxMessage, now: number): Promise<void> {
    await this.queues.get(message.queue as QueueName).add(message.jobName, message.payload, {
      jobId: outboxJobId(message),
      delay: Math.max(0, message.availableAt.getTime() - now),
    });
  }

  private async markDispatched(manager: EntityManager, messages: OutboxMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await manager.update(OutboxMessage, { id: In(messages.map((m) => m.id)) }, { dispatchedAt: () => 'now()', dispatchAttempts: () => '"dispatch_attempts" + 1' });
  }

  private scheduleRecovery(delayMs: number): void {
    if (this.stopped) return;
    this.recoveryTimer = setTimeout(() => {
      this.recovering = this.recoverLost()
        .catch((error: unknown) => this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'outbox recovery pass failed; will retry'))
        .finally(() => {
          this.recovering = null;
          this.scheduleRecovery(this.config.OUTBOX_RECOVERY_INTERVAL_MS);
        });
    }, delayMs);
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
