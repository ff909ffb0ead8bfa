import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { JobsOptions, Queue } from 'bullmq';
import type IORedis from 'ioredis';
import { QUEUES, QueueName } from './job-contracts';
import { createRedisConnection } from './redis-connection';

/** Prefix of every BullMQ key; tests use their own to stay isolated. */
export const BULLMQ_PREFIX = Symbol('BULLMQ_PREFIX');

/** The BullMQ queues, one per contract queue, sharing one producer connection. */
@Injectable()
export class QueueRegistry implements OnApplicationShutdown {
  private readonly connection: IORedis;
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BULLMQ_PREFIX) readonly prefix: string,
  ) {
    this.connection = createRedisConnection(config.REDIS_URL, 'producer', 'queues');
    for (const name of QUEUES) {
      this.queues.set(name, new Queue(name, { connection: this.connection, prefix, defaultJobOptions: this.defaultJobOptions() }));
    }
  }

  get(name: QueueName): Queue {
    const queue = this.queues.get(name);
    if (!queue) throw new Error(`Unknown queue ${name}`);
    return queue;
  }

  all(): Queue[] {
    return [...this.queues.values()];
  }

  /** Retries with exponential back-off; completed jobs are kept a day so outbox re-dispatch is deduplicated. */
  defaultJobOptions(): JobsOptions {
    return {
      attempts: this.config.JOB_ATTEMPTS,
      backoff: { type: 'exponential', delay: this.config.JOB_BACKOFF_MS },
      removeOnComplete: { age: 24 * 3600, count: 100_000 },
      removeOnFail: false,
    };
  }

  redis(): IORedis {
    return this.connection;
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.all().map((queue) => queue.close()));
    this.connection.disconnect();
  }
}
