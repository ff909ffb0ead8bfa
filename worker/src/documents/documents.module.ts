import { Module } from '@nestjs/common';
import { OcrModule } from '../ocr/ocr.module';
import { DocumentsHandlers } from './documents.handlers';

@Module({ imports: [OcrModule], providers: [DocumentsHandlers] })
export class DocumentsModule {}
