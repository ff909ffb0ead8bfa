import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { ActivationModule } from '../activation/activation.module';
import { DocumentsModule } from '../documents/documents.module';
import { AppointmentAccessGuard, AppointmentCookies } from './appointment-access.guard';
import { AppointmentWriter } from './appointment-writer';
import { VideoSignalModule } from './signal/video-signal.module';
import { VIDEO_COPY_MAX_PAGES, VideoAccessService } from './video-access.service';
import { VideoAgentController } from './video-agent.controller';
import { VideoAgentService } from './video-agent.service';
import { VideoBookingService } from './video-booking.service';
import { VideoAccessController, VideoBookingController } from './video-citizen.controller';
import { VideoRepository } from './video.repository';

/** Video interviews (ADR 0006): booking, the citizen's access, the agents' side; signalling in ./signal. */
@Module({
  imports: [
    DocumentsModule,
    ActivationModule,
    VideoSignalModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // One more file than allowed reaches the service, which refuses it with a precise message.
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.UPLOAD_MAX_BYTES, files: VIDEO_COPY_MAX_PAGES + 1, fields: 5, parts: 8 } }),
    }),
  ],
  controllers: [VideoBookingController, VideoAccessController, VideoAgentController],
  providers: [VideoRepository, AppointmentWriter, VideoBookingService, VideoAccessService, VideoAgentService, AppointmentCookies, AppointmentAccessGuard],
  exports: [AppointmentCookies],
})
export class VideoModule {}
