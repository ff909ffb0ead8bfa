import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MunicipalityScoped, Roles } from '../auth/auth.decorators';
import { MunicipalityDto } from '../auth/dto/auth.dto';
import { NisCodeParams, OfficeDto, toMunicipalityDto, toOfficeDto } from './municipalities.dto';
import { MunicipalitiesService } from './municipalities.service';

@ApiTags('municipalities')
@Controller('municipalities')
export class MunicipalitiesController {
  constructor(private readonly municipalities: MunicipalitiesService) {}

  @Get()
  @Roles('any-staff')
  @ApiOkResponse({ type: [MunicipalityDto] })
  async list(): Promise<MunicipalityDto[]> {
    return (await this.municipalities.list()).map(toMunicipalityDto);
  }

  /** A registration office and its clerks: clerks see only their own office. */
  @Get(':nisCode/office')
  @Roles('clerk', 'supervisor', 'admin')
  @MunicipalityScoped('nisCode')
  @ApiOkResponse({ type: OfficeDto })
  async office(@Param() params: NisCodeParams): Promise<OfficeDto> {
    return toOfficeDto(await this.municipalities.office(params.nisCode));
  }
}
