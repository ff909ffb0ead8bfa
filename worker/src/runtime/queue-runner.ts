import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { BULLMQ_PREFIX, createRedisConnection, queueOf } from '@sesame/jobs';
import { Job, Worker } from 'bullmq';
import { availableParallelism } from 'node:os';
import { HandlerRegistry } from './handler-registry';

/** OCR jobs at once in this process: OCR_CONCURRENCY, else every core but one (at least one). */
export const ocrConcurrency = (config: AppConfig): number => config.OCR_CONCURRENCY ?? Math.max(1, availableParallelism() - 1);

/**
 * One BullMQ worker per queue that has handlers. Failures are rethrown so BullMQ retries with the
 * back-off set on the job; after the last attempt the job stays in the failed list for an admin.
 */
@Injectable()
export class QueueRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueRunner.name);
  private readonly workers: Worker[] = [];

  constructor(
    private readonly registry: HandlerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BULLMQ_PREFIX) private readonly prefix: string,
  ) {}

  onApplicationBootstrap(): void {
    const queues = new Set(this.registry.names().map(queueOf));
    for (const queue of queues) {
      const worker = new Worker(queue, (job: Job) => this.registry.dispatch(job), {
        connection: createRedisConnection(this.config.REDIS_URL, 'worker', `worker-${queue}`),
        prefix: this.prefix,
        // OCR is CPU-bound: as many at once as the engine has tesseract workers.
        concurrency: queue === 'ocr' ? ocrConcurrency(this.config) : this.config.WORKER_CONCURRENCY,
        autorun: true,
      });
      worker.on('failed', (job, error) =>
        this.logger.warn({ queue, jobId: job?.id, jobName: job?.name, attemptsMade: job?.attemptsMade, err: error.message }, 'job failed'),
      );
      worker.on('error', (error) => this.logger.warn({ queue, err: error.message }, 'worker connection error'));
      this.workers.push(worker);
    }
    this.logger.log({ queues: [...queues] }, 'processing queues');
  }

  /** Lets running jobs finish (BullMQ waits for them) before the process exits. */
  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.workers.map((worker) => worker.close()));
  }
}
