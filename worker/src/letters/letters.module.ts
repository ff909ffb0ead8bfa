import { Module } from '@nestjs/common';
import { LettersHandlers } from './letters.handlers';

@Module({ providers: [LettersHandlers] })
export class LettersModule {}
