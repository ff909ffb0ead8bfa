import { Module } from '@nestjs/common';
import { DocumentsService } from './documents.service';

/** Uploaded documents: intake (content sniffing, size and pixel limits), storage, hand-off to OCR. */
@Module({ providers: [DocumentsService], exports: [DocumentsService] })
export class DocumentsModule {}
