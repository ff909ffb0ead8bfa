import { Module } from '@nestjs/common';
import { MunicipalitiesController } from './municipalities.controller';
import { MunicipalitiesRepository } from './municipalities.repository';
import { MunicipalitiesService } from './municipalities.service';

@Module({
  controllers: [MunicipalitiesController],
  providers: [MunicipalitiesService, MunicipalitiesRepository],
  exports: [MunicipalitiesService],
})
export class MunicipalitiesModule {}
