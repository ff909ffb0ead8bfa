import { Module } from '@nestjs/common';
import { DevCardController } from './dev-card.controller';
import { DevCardService } from './dev-card.service';

@Module({ controllers: [DevCardController], providers: [DevCardService] })
export class DevCardModule {}
