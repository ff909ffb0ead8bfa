import type { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { createApiApp } from '../../../api/src/app.factory';

export interface ApiHarness {
  app: INestApplication;
  server: ReturnType<INestApplication['getHttpServer']>;
  dataSource: DataSource;
  bullPrefix: string;
  close(): Promise<void>;
}

/** The real api (same factory as production) on the test database, with BullMQ keys of its own. */
export async function startApi(env: Record<string, string> = {}): Promise<ApiHarness> {
  const bullPrefix = env.BULLMQ_PREFIX ?? `t${randomBytes(5).toString('hex')}`;
  const saved = { ...process.env };
  Object.assign(process.env, { BULLMQ_PREFIX: bullPrefix }, env);
  try {
    const app = await createApiApp({ logs: false });
    await app.init();
    return {
      app,
      server: app.getHttpServer(),
      dataSource: app.get(DataSource),
      bullPrefix,
      close: () => app.close(),
    };
  } finally {
    process.env = saved;
  }
}
