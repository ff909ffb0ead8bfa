import { Injectable } from '@nestjs/common';
import { OutboxMessage } from '@sesame/database';
import { JobName, JobPayloads, queueOf } from '@sesame/jobs';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';

/** Channel the writer notifies (on commit) so the relay dispatches without waiting for its poll. */
export const OUTBOX_CHANNEL = 'sesame_outbox';

/**
 * The one typed gateway for producing jobs: it writes the job into the outbox inside the caller's
 * transaction. No request path ever calls `queue.add` directly.
 */
@Injectable()
export class OutboxWriter {
  async enqueue<N extends JobName>(
    manager: EntityManager,
    name: N,
    payload: JobPayloads[N],
    options: { runAt?: Date } = {},
  ): Promise<OutboxMessage> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('OutboxWriter.enqueue must run inside a transaction');
    }
    const message = manager.create(OutboxMessage, {
      jobId: randomUUID(),
      queue: queueOf(name),
      jobName: name,
      payload: payload as unknown as Record<string, unknown>,
      availableAt: options.runAt ?? new Date(),
    });
    const saved = await manager.save(message);
    await manager.query(`SELECT pg_notify($1, $2)`, [OUTBOX_CHANNEL, saved.id]);
    return saved;
  }
}

/** BullMQ job id of an outbox message: re-adding it after a relay crash is a no-op. */
export const outboxJobId = (message: Pick<OutboxMessage, 'jobId'>): string => `outbox-${message.jobId}`;
