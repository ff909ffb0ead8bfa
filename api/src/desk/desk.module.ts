import { Module } from '@nestjs/common';
import { beidTrustProvider } from './beid-trust';
import { DeskController } from './desk.controller';
import { DeskRepository } from './desk.repository';
import { DeskService } from './desk.service';

@Module({ controllers: [DeskController], providers: [DeskService, DeskRepository, beidTrustProvider] })
export class DeskModule {}
