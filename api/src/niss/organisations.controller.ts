import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { RequestMeta } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { Meta } from '../common/request-meta.decorator';
import { AddMemberDto, CreateOrganisationDto, MemberDto, MemberParams, OrganisationDto, OrganisationIdParams, toMemberDto, toOrganisationDto } from './dto/organisations.dto';
import { OrganisationsService } from './organisations.service';

/** Admins manage the organisations of NISS requesters and their members. */
@ApiTags('organisations')
@Controller('organisations')
@Roles('admin')
export class OrganisationsController {
  constructor(private readonly organisations: OrganisationsService) {}

  /** Also read by NISS operators and supervisors: the queue's organisation filter. */
  @Get()
  @Roles('admin', 'niss_operator', 'supervisor')
  @ApiOkResponse({ type: [OrganisationDto] })
  async list(): Promise<OrganisationDto[]> {
    return (await this.organisations.list()).map(toOrganisationDto);
  }

  @Post()
  @ApiOkResponse({ type: OrganisationDto })
  async create(@CurrentPrincipal() admin: Principal, @Body() body: CreateOrganisationDto, @Meta() meta: RequestMeta): Promise<OrganisationDto> {
    return toOrganisationDto(await this.organisations.create(admin, body, meta.requestId));
  }

  @Get(':id/members')
  @ApiOkResponse({ type: [MemberDto] })
  async members(@Param() params: OrganisationIdParams): Promise<MemberDto[]> {
    return (await this.organisations.members(params.id)).map(toMemberDto);
  }

  @Post(':id/members')
  @ApiOkResponse({ type: MemberDto })
  async addMember(@CurrentPrincipal() admin: Principal, @Param() params: OrganisationIdParams, @Body() body: AddMemberDto, @Meta() meta: RequestMeta): Promise<MemberDto> {
    return toMemberDto(await this.organisations.addMember(admin, params.id, body, meta.requestId));
  }

  @Delete(':id/members/:memberId')
  @HttpCode(204)
  async revoke(@CurrentPrincipal() admin: Principal, @Param() params: MemberParams, @Meta() meta: RequestMeta): Promise<void> {
    await this.organisations.revokeMember(admin, params.id, params.memberId, meta.requestId);
  }
}
