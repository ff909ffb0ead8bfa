import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { ActivationModule } from '../activation/activation.module';
import { DocumentsModule } from '../documents/documents.module';
import { beidTrustProvider } from './beid-trust';
import { DeskController } from './desk.controller';
import { DeskRepository } from './desk.repository';
import { DeskService } from './desk.service';
import { MrzScansController } from './mrz-scans.controller';
import { MrzScansService } from './mrz-scans.service';

@Module({
  imports: [
    DocumentsModule,
    ActivationModule,
    // Uploads stay in memory (no `dest`: checked, then stored in PostgreSQL), cut off at UPLOAD_MAX_BYTES.
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.UPLOAD_MAX_BYTES, files: 1, fields: 5, parts: 6 } }),
    }),
  ],
  controllers: [DeskController, MrzScansController],
  providers: [DeskService, DeskRepository, MrzScansService, beidTrustProvider],
})
export class DeskModule {}
