import type { INestApplicationContext } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HANDLED_JOB_NAMES } from '../../../worker/src/runtime/handler-registry';
import { WorkerModule } from '../../../worker/src/worker.module';

/** The real worker module (relay + queue runners + handlers) with the given environment. */
export async function startWorker(env: Record<string, string>, handledJobNames?: readonly string[]): Promise<INestApplicationContext> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    let builder = Test.createTestingModule({ imports: [WorkerModule] });
    if (handledJobNames) builder = builder.overrideProvider(HANDLED_JOB_NAMES).useValue(handledJobNames);
    const moduleRef = await builder.compile();
    moduleRef.useLogger(false);
    try {
      await moduleRef.init();
    } catch (error) {
      await moduleRef.close();
      throw error;
    }
    return moduleRef;
  } finally {
    process.env = saved;
  }
}
