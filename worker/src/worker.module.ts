import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { AuditModule } from '@sesame/audit';
import { APP_CONFIG, AppConfig, ConfigModule } from '@sesame/config';
import { DatabaseModule } from '@sesame/database';
import { JobsModule } from '@sesame/jobs';
import { OutboxModule, OutboxRelay } from '@sesame/outbox';
import { LoggerModule } from 'nestjs-pino';
import { DocumentsModule } from './documents/documents.module';
import { LettersModule } from './letters/letters.module';
import { MailModule } from './mail/mail.module';
import { MaintenanceModule } from './maintenance/maintenance.module';
import { handledJobNamesProvider, HandlerRegistry } from './runtime/handler-registry';
import { QueueRunner } from './runtime/queue-runner';
import { SmsModule } from './sms/sms.module';
import { VideoModule } from './video/video.module';

/** The worker: a Nest application context (no HTTP) running the outbox relay and the queue handlers. */
@Module({
  imports: [
    ConfigModule,
    LoggerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ pinoHttp: { name: 'sesame-worker', level: config.LOG_LEVEL } }),
    }),
    DiscoveryModule,
    DatabaseModule,
    JobsModule,
    AuditModule,
    OutboxModule,
    MailModule,
    MaintenanceModule,
    LettersModule,
    SmsModule,
    DocumentsModule,
    VideoModule,
  ],
  providers: [handledJobNamesProvider, HandlerRegistry, QueueRunner, OutboxRelay],
})
export class WorkerModule {}
