import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { BULLMQ_PREFIX, QueueRegistry } from './queue-registry';

@Global()
@Module({
  providers: [{ provide: BULLMQ_PREFIX, inject: [APP_CONFIG], useFactory: (config: AppConfig) => config.BULLMQ_PREFIX }, QueueRegistry],
  exports: [QueueRegistry, BULLMQ_PREFIX],
})
export class JobsModule {}
