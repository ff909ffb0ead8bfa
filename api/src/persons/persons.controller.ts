import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { CandidatesDto, CandidatesQueryDto, toCandidatesDto } from './dto/persons.dto';
import { PersonsService } from './persons.service';

/**
 * The persons register as NISS operators search it. The search is a POST so names and birth dates
 * travel in the body, never in a URL that proxies and browsers keep.
 */
@ApiTags('persons')
@Controller('persons')
@Roles('niss_operator', 'supervisor')
export class PersonsController {
  constructor(private readonly persons: PersonsService) {}

  @Post('candidate-searches')
  @HttpCode(200)
  @ApiOkResponse({ type: CandidatesDto })
  async candidates(@Body() query: CandidatesQueryDto): Promise<CandidatesDto> {
    return toCandidatesDto(await this.persons.findCandidates(query));
  }
}
