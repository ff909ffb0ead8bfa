import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { redactPersonalData } from '@sesame/domain';
import { BULLMQ_PREFIX, createRedisConnection, queueOf } from '@sesame/jobs';
import { Job, Worker } from 'bullmq';
import { availableParallelism } from 'node:os';
import { DataSource } from 'typeorm';
import { HandlerRegistry } from './handler-registry';

/** OCR jobs at once in this process: OCR_CONCURRENCY, else every core but one (at least one). */
export const ocrConcurrency = (config: AppConfig): number => config.OCR_CONCURRENCY ?? Math.max(1, availableParallelism() - 1);

/** The outbox row id inside a BullMQ job id `outbox-<uuid>` (jobs of schedulers have none). */
const OUTBOX_JOB = /^outbox-([0-9a-f-]{36})$/;

/**
 * One BullMQ worker per queue that has handlers. Failures are rethrown so BullMQ retries with the
 * back-off set on the job; after the last attempt the job stays in the failed list for an admin.
 * A finished outbox job stamps its row `handled_at` (if that fails, the job is retried: handlers are
 * idempotent), which is what lets the relay tell a job Redis lost from one that ran.
 */
@Injectable()
export class QueueRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(QueueRunner.name);
  private readonly workers: Worker[] = [];

  constructor(
    private readonly registry: HandlerRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(BULLMQ_PREFIX) private readonly prefix: string,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Runs the job's handler, then records that its outbox row was handled. */
  async process(job: Job): Promise<void> {
    await this.registry.dispatch(job);
    const outboxJob = OUTBOX_JOB.exec(String(job.id ?? ''));
    if (outboxJob) {
      await this.dataSource.query(`UPDATE outbox_message SET handled_at = now() WHERE job_id = $1 AND handled_at IS NULL`, [outboxJob[1]]);
    }
  }

  onApplicationBootstrap(): void {
    const queues = new Set(this.registry.names().map(queueOf));
    for (const queue of queues) {
      const worker = new Worker(queue, (job: Job) => this.process(job), {
        connection: createRedisConnection(this.config.REDIS_URL, 'worker', `worker-${queue}`),
        prefix: this.prefix,
        // OCR is CPU-bound: as many at once as the engine has tesseract workers.
        concurrency: queue === 'ocr' ? ocrConcurrency(this.config) : this.config.WORKER_CONCURRENCY,
        autorun: true,
        // A killed worker's jobs go back to the queue once their lock lapses; a job may be caught in a
        // few crashes in a row before BullMQ gives up on it (then it waits in the failed list).
        lockDuration: this.config.JOB_LOCK_MS,
        stalledInterval: this.config.JOB_LOCK_MS,
        maxStalledCount: 5,
      });
      // An SMTP refusal quotes the recipient's address: the message is logged without personal data.
      worker.on('failed', (job, error) =>
        this.logger.warn({ queue, jobId: job?.id, jobName: job?.name, attemptsMade: job?.attemptsMade, err: redactPersonalData(error.message) }, 'job failed'),
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
