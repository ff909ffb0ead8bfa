import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { RequestMeta } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { Meta } from '../common/request-meta.decorator';
import {
  CreatedStaffDto,
  CreateStaffDto,
  StaffDto,
  StaffIdParams,
  StaffPageDto,
  StaffQueryDto,
  toStaffDto,
  UpdateStaffDto,
} from './dto/staff.dto';
import { StaffService } from './staff.service';

@ApiTags('staff')
@Controller('staff')
@Roles('admin')
export class StaffController {
  constructor(private readonly staff: StaffService) {}

  @Get()
  @ApiOkResponse({ type: StaffPageDto })
  async list(@Query() query: StaffQueryDto): Promise<StaffPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const [items, total] = await this.staff.list(query.search, page, pageSize);
    return { items: items.map(toStaffDto), total, page, pageSize };
  }

  @Post()
  @ApiCreatedResponse({ type: CreatedStaffDto })
  async create(@CurrentPrincipal() actor: Principal, @Body() body: CreateStaffDto, @Meta() meta: RequestMeta): Promise<CreatedStaffDto> {
    const { staff, initialPassword } = await this.staff.create(actor, body, meta);
    return { staff: toStaffDto(staff), initialPassword };
  }

  @Patch(':id')
  @ApiOkResponse({ type: StaffDto })
  async update(@CurrentPrincipal() actor: Principal, @Param() params: StaffIdParams, @Body() body: UpdateStaffDto, @Meta() meta: RequestMeta): Promise<StaffDto> {
    return toStaffDto(await this.staff.update(actor, params.id, body, meta));
  }

  @Post(':id/disable')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffDto })
  async disable(@CurrentPrincipal() actor: Principal, @Param() params: StaffIdParams, @Meta() meta: RequestMeta): Promise<StaffDto> {
    return toStaffDto(await this.staff.setDisabled(actor, params.id, true, meta));
  }

  @Post(':id/enable')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffDto })
  async enable(@CurrentPrincipal() actor: Principal, @Param() params: StaffIdParams, @Meta() meta: RequestMeta): Promise<StaffDto> {
    return toStaffDto(await this.staff.setDisabled(actor, params.id, false, meta));
  }

  @Post(':id/reset-second-factor')
  @HttpCode(200)
  @ApiOkResponse({ type: StaffDto })
  async resetSecondFactor(@CurrentPrincipal() actor: Principal, @Param() params: StaffIdParams, @Meta() meta: RequestMeta): Promise<StaffDto> {
    return toStaffDto(await this.staff.resetSecondFactor(actor, params.id, meta));
  }
}
