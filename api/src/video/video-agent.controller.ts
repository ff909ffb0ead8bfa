import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { VideoAvailabilityException, VideoAvailabilityPattern } from '@sesame/database';
import type { Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { RequestMeta } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { Meta } from '../common/request-meta.decorator';
import { timeOfMinutes, minutesOfTime } from './brussels-time';
import { AgendaQueryDto, AgentQueryDto, ApproveDto, CreateExceptionDto, CreatePatternDto, IdParams, PageParams, RangeQueryDto, RefuseDto, StillParams } from './dto/video.dto';
import { VideoAgentService } from './video-agent.service';
import type { AgentAppointmentView } from './video.views';

const hhmm = (time: string | null): string | null => (time === null ? null : timeOfMinutes(minutesOfTime(time)));

export const toPatternDto = (pattern: VideoAvailabilityPattern) => ({
  id: pattern.id,
  weekday: pattern.weekday,
  startTime: hhmm(pattern.startTime) as string,
  endTime: hhmm(pattern.endTime) as string,
  slotMinutes: pattern.slotMinutes,
  validFrom: pattern.validFrom,
  validUntil: pattern.validUntil,
});

export const toExceptionDto = (exception: VideoAvailabilityException) => ({
  id: exception.id,
  day: exception.day,
  kind: exception.kind,
  startTime: hhmm(exception.startTime),
  endTime: hhmm(exception.endTime),
  slotMinutes: exception.slotMinutes,
  note: exception.note,
});

const sendImage = (response: Response, image: { contentType: string; content: Buffer }): void => {
  response.setHeader('Content-Type', image.contentType);
  response.setHeader('Cache-Control', 'no-store');
  response.setHeader('Content-Disposition', 'inline');
  response.end(image.content);
};

/** The agents' console: availability, capacity, agenda, the interview and its outcome. */
@ApiTags('video')
@Controller('video')
export class VideoAgentController {
  constructor(private readonly agents: VideoAgentService) {}

  @Get('agents')
  @Roles('video_agent', 'supervisor', 'admin')
  async agentList(@CurrentPrincipal() principal: Principal): Promise<{ agents: { id: string; displayName: string }[] }> {
    const agents = await this.agents.agents(principal);
    return { agents: agents.map((agent) => ({ id: agent.id, displayName: agent.displayName })) };
  }

  @Get('availability')
  @Roles('video_agent', 'supervisor', 'admin')
  async availability(@CurrentPrincipal() principal: Principal, @Query() query: AgentQueryDto) {
    const result = await this.agents.availability(principal, query.agentId);
    return { agentId: result.agentId, patterns: result.patterns.map(toPatternDto), exceptions: result.exceptions.map(toExceptionDto) };
  }

  @Post('availability/patterns')
  @Roles('video_agent', 'supervisor', 'admin')
  async createPattern(@CurrentPrincipal() principal: Principal, @Body() body: CreatePatternDto, @Meta() meta: RequestMeta) {
    return toPatternDto(await this.agents.createPattern(principal, body, meta.requestId));
  }

  @Delete('availability/patterns/:id')
  @HttpCode(204)
  @Roles('video_agent', 'supervisor', 'admin')
  deletePattern(@CurrentPrincipal() principal: Principal, @Param() params: IdParams, @Meta() meta: RequestMeta): Promise<void> {
    return this.agents.deletePattern(principal, params.id, meta.requestId);
  }

  @Post('availability/exceptions')
  @Roles('video_agent', 'supervisor', 'admin')
  async createException(@CurrentPrincipal() principal: Principal, @Body() body: CreateExceptionDto, @Meta() meta: RequestMeta) {
    return toExceptionDto(await this.agents.createException(principal, body, meta.requestId));
  }

  @Delete('availability/exceptions/:id')
  @HttpCode(204)
  @Roles('video_agent', 'supervisor', 'admin')
  deleteException(@CurrentPrincipal() principal: Principal, @Param() params: IdParams, @Meta() meta: RequestMeta): Promise<void> {
    return this.agents.deleteException(principal, params.id, meta.requestId);
  }

  @Get('capacity')
  @Roles('supervisor', 'admin')
  capacity(@Query() query: RangeQueryDto) {
    return this.agents.capacity(query);
  }

  @Get('agenda')
  @Roles('video_agent', 'supervisor', 'admin')
  async agenda(@CurrentPrincipal() principal: Principal, @Query() query: AgendaQueryDto): Promise<{ appointments: AgentAppointmentView[] }> {
    return { appointments: await this.agents.agenda(principal, query) };
  }

  @Get('appointments/:id')
  @Roles('video_agent', 'supervisor', 'admin')
  detail(@CurrentPrincipal() principal: Principal, @Param() params: IdParams): Promise<AgentAppointmentView> {
    return this.agents.detail(principal, params.id);
  }

  @Get('appointments/:id/id-copy/pages/:n')
  @Roles('video_agent', 'supervisor', 'admin')
  async copyPage(@CurrentPrincipal() principal: Principal, @Param() params: PageParams, @Res() response: Response): Promise<void> {
    sendImage(response, await this.agents.copyPage(principal, params.id, params.n));
  }

  @Post('appointments/:id/start')
  @HttpCode(200)
  @Roles('video_agent')
  start(@CurrentPrincipal() principal: Principal, @Param() params: IdParams, @Meta() meta: RequestMeta): Promise<AgentAppointmentView> {
    return this.agents.start(principal, params.id, meta.requestId);
  }

  @Post('appointments/:id/stills')
  @Roles('video_agent')
  @UseInterceptors(FileInterceptor('file'))
  @ApiConsumes('multipart/form-data')
  addStill(@CurrentPrincipal() principal: Principal, @Param() params: IdParams, @UploadedFile() file: { buffer: Buffer } | undefined, @Meta() meta: RequestMeta) {
    return this.agents.addStill(principal, params.id, file?.buffer, meta.requestId);
  }

  @Get('appointments/:id/stills/:stillId')
  @Roles('video_agent', 'supervisor', 'admin')
  async still(@CurrentPrincipal() principal: Principal, @Param() params: StillParams, @Res() response: Response): Promise<void> {
    sendImage(response, await this.agents.stillBytes(principal, params.id, params.stillId));
  }

  @Post('appointments/:id/approve')
  @HttpCode(200)
  @Roles('video_agent')
  approve(@CurrentPrincipal() principal: Principal, @Param() params: IdParams, @Body() body: ApproveDto, @Meta() meta: RequestMeta) {
    return this.agents.approve(principal, params.id, body, meta.requestId);
  }

  @Post('appointments/:id/refuse')
  @HttpCode(200)
  @Roles('video_agent')
  refuse(@CurrentPrincipal() principal: Principal, @Param() params: IdParams, @Body() body: RefuseDto, @Meta() meta: RequestMeta): Promise<AgentAppointmentView> {
    return this.agents.refuse(principal, params.id, body.reason, meta.requestId);
  }

  @Post('appointments/:id/no-show')
  @HttpCode(200)
  @Roles('video_agent')
  noShow(@CurrentPrincipal() principal: Principal, @Param() params: IdParams, @Meta() meta: RequestMeta): Promise<AgentAppointmentView> {
    return this.agents.noShow(principal, params.id, meta.requestId);
  }
}
