import { Module } from '@nestjs/common';
import { VideoRoomNotifier } from '../video-room-notifier';
import { VideoRooms } from './video-rooms';
import { VideoSignalAuthService } from './video-signal-auth.service';
import { VideoSignalGateway } from './video-signal.gateway';
import { VideoSignalRepository } from './video-signal.repository';

/**
 * The WebRTC signalling gateway of video interviews (ADR 0006, WebSocket `/api/video/signal`).
 * Exports `VideoRoomNotifier` (implemented by `VideoRooms`) for the booking services: presence of the
 * citizen, "admitted", "outcome". `SessionService` and `SecretsService` come from the global AuthModule.
 */
@Module({
  providers: [VideoRooms, { provide: VideoRoomNotifier, useExisting: VideoRooms }, VideoSignalRepository, VideoSignalAuthService, VideoSignalGateway],
  exports: [VideoRooms, VideoRoomNotifier],
})
export class VideoSignalModule {}
