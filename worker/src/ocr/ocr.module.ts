import { Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { ocrConcurrency } from '../runtime/queue-runner';
import { OcrEngine } from './ocr-engine';

/** Closes the engine's tesseract workers when the worker process stops. */
@Injectable()
class OcrEngineLifecycle implements OnApplicationShutdown {
  constructor(private readonly engine: OcrEngine) {}

  onApplicationShutdown(): Promise<void> {
    return this.engine.close();
  }
}

/**
 * One OCR engine per worker process, as many tesseract workers as the `ocr` queue runs jobs at once
 * (OCR_CONCURRENCY). Workers start on first use, with the offline language data from npm.
 */
@Module({
  providers: [
    {
      provide: OcrEngine,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => new OcrEngine({ poolSize: ocrConcurrency(config), maxPixels: config.UPLOAD_MAX_PIXELS }),
    },
    OcrEngineLifecycle,
  ],
  exports: [OcrEngine],
})
export class OcrModule {}
