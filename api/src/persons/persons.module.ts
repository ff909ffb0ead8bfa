import { Module } from '@nestjs/common';
import { PersonsController } from './persons.controller';
import { PersonsRepository } from './persons.repository';
import { PersonsService } from './persons.service';

/** The persons register (issue 5): candidate search and BIS numbers; the NISS tickets build on it. */
@Module({
  controllers: [PersonsController],
  providers: [PersonsService, PersonsRepository],
  exports: [PersonsService],
})
export class PersonsModule {}
