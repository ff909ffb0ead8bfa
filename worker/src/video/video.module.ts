import { Module } from '@nestjs/common';
import { VideoHandlers } from './video.handlers';

/** Video interviews (ADR 0006): ID copy verdicts, reminders, the sweep. */
@Module({ providers: [VideoHandlers], exports: [VideoHandlers] })
export class VideoModule {}
