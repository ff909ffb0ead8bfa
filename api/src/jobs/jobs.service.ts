import { Injectable } from '@nestjs/common';
import { AuditWriter } from '@sesame/audit';
import { QueueName, QueueRegistry } from '@sesame/jobs';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { RequestMeta } from '../auth/auth.service';
import { auditActorOf, Principal } from '../auth/principal';
import type { FailedJobDto, QueueCountsDto } from './jobs.dto';
import { JobsException } from './jobs.exception';

const PAGE_SIZE = 25;

/** What an admin sees of BullMQ: counts per queue, failed jobs, and a retry button. */
@Injectable()
export class JobsService {
  constructor(
    private readonly queues: QueueRegistry,
    private readonly audit: AuditWriter,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  counts(): Promise<QueueCountsDto[]> {
    return Promise.all(
      this.queues.all().map(async (queue) => {
        const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'prioritized');
        return {
          name: queue.name as QueueName,
          waiting: (counts.waiting ?? 0) + (counts.prioritized ?? 0),
          active: counts.active ?? 0,
          delayed: counts.delayed ?? 0,
          failed: counts.failed ?? 0,
          completed: counts.completed ?? 0,
        };
      }),
    );
  }

  async failed(name: QueueName, page: number): Promise<{ items: FailedJobDto[]; total: number }> {
    const queue = this.queues.get(name);
    const start = (page - 1) * PAGE_SIZE;
    const [jobs, total] = await Promise.all([queue.getFailed(start, start + PAGE_SIZE - 1), queue.getFailedCount()]);
    return {
      total,
      items: jobs.map((job) => ({
        id: String(job.id),
        name: job.name,
        failedReason: job.failedReason ?? '',
        attemptsMade: job.attemptsMade,
        timestamp: job.timestamp,
        finishedOn: job.finishedOn ?? null,
      })),
    };
  }

  /** Puts a failed job back in the queue; audited (the payload is not copied into the trail). */
  async retry(actor: Principal, name: QueueName, id: string, meta: RequestMeta): Promise<void> {
    const job = await this.queues.get(name).getJob(id);
    if (!job || !(await job.isFailed())) throw new JobsException('jobs.not_found');
    await job.retry('failed');
    await this.dataSource.transaction((manager) =>
      this.audit.append(manager, {
        actor: auditActorOf(actor),
        action: 'jobs.retried',
        subject: { type: 'job', id: `${name}:${id}` },
        requestId: meta.requestId,
        details: { jobName: job.name },
      }),
    );
  }
}
