import { Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AuditModule } from '@sesame/audit';
import { APP_CONFIG, AppConfig, ConfigModule } from '@sesame/config';
import { DatabaseModule } from '@sesame/database';
import { JobsModule } from '@sesame/jobs';
import { OutboxModule } from '@sesame/outbox';
import { LoggerModule } from 'nestjs-pino';
import { ActivationModule } from './activation/activation.module';
import { AuditSearchModule } from './audit/audit-search.module';
import { AuthModule } from './auth/auth.module';
import { SesameExceptionFilter } from './common/exception.filter';
import { pinoHttpOptions } from './common/logging';
import { DeskModule } from './desk/desk.module';
import { DevCardModule } from './dev-card/dev-card.module';
import { DevMailboxModule } from './dev-mailbox/dev-mailbox.module';
import { HealthModule } from './health/health.module';
import { JobsAdminModule } from './jobs/jobs-admin.module';
import { MetricsModule } from './metrics/metrics.module';
import { MunicipalitiesModule } from './municipalities/municipalities.module';
import { PersonsModule } from './persons/persons.module';
import { NissModule } from './niss/niss.module';
import { StaffModule } from './staff/staff.module';
import { VideoModule } from './video/video.module';
import { VideoSignalModule } from './video/signal/video-signal.module';

@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ pinoHttp: pinoHttpOptions(config, 'sesame-api') }),
    }),
    DatabaseModule,
    JobsModule,
    AuditModule,
    OutboxModule,
    AuthModule,
    MunicipalitiesModule,
    StaffModule,
    ActivationModule,
    DeskModule,
    PersonsModule,
    NissModule,
    VideoModule,
    VideoSignalModule,
    AuditSearchModule,
    JobsAdminModule,
    DevMailboxModule,
    DevCardModule,
    HealthModule,
    MetricsModule,
  ],
  providers: [{ provide: APP_FILTER, useClass: SesameExceptionFilter }],
})
export class AppModule {}
