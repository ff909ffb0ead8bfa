import { Module } from '@nestjs/common';
import { MulterModule } from '@nestjs/platform-express';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { ActivationModule } from '../activation/activation.module';
import { DocumentsModule } from '../documents/documents.module';
import { PersonsModule } from '../persons/persons.module';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsService } from './organisations.service';
import { RequesterController } from './requester.controller';
import { RequesterGuard } from './requester.guard';
import { NISS_DOCUMENT_MAX_PAGES, RequesterService } from './requester.service';
import { ReviewController } from './review.controller';
import { ReviewService } from './review.service';
import { TicketWriter } from './ticket-writer';

/** NISS identification tickets (issue 5): requesters, operators, organisations. */
@Module({
  imports: [
    DocumentsModule,
    PersonsModule,
    ActivationModule,
    MulterModule.registerAsync({
      inject: [APP_CONFIG],
      // One more file than allowed reaches the service, which refuses it with a precise message.
      useFactory: (config: AppConfig) => ({ limits: { fileSize: config.UPLOAD_MAX_BYTES, files: NISS_DOCUMENT_MAX_PAGES + 1, fields: 5, parts: 8 } }),
    }),
  ],
  controllers: [RequesterController, ReviewController, OrganisationsController],
  providers: [RequesterService, ReviewService, OrganisationsService, TicketWriter, RequesterGuard],
})
export class NissModule {}
