import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { dataSourceOptions } from './data-source.options';

/** TypeORM connection for a Nest application (api or worker). */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.DATABASE_URL, { poolSize: config.DATABASE_POOL_SIZE, acquireTimeoutMs: config.DATABASE_POOL_ACQUIRE_TIMEOUT_MS }),
        autoLoadEntities: false,
        retryAttempts: 3,
        retryDelay: 1000,
      }),
    }),
  ],
})
export class DatabaseModule {}
