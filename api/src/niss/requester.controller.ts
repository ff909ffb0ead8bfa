import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Res, UploadedFiles, UseGuards, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CitizenGuard } from '../activation/citizen.guard';
import { CitizenMeta, CitizenRequestMeta, CitizenStage } from '../activation/citizen.decorators';
import { Public } from '../auth/auth.decorators';
import { SubmitTicketDto } from './dto/request-data.dto';
import {
  DocumentPageParams,
  DocumentStatusDto,
  ReuploadDto,
  TicketDetailDto,
  TicketDto,
  TicketIdParams,
  TicketListDto,
  TicketListQueryDto,
  toDocumentStatusDto,
  toTicketDetailDto,
  toTicketDto,
} from './dto/tickets.dto';
import { NISS_DOCUMENT_MAX_PAGES, Member, RequesterService } from './requester.service';
import { CurrentMember, RequesterGuard } from './requester.guard';

export class RequesterMeDto {
  @ApiProperty() memberId: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['requester', 'access_manager'] }) role: string;
  @ApiProperty() organisationId: string;
  @ApiProperty() organisationName: string;
  @ApiProperty() enterpriseNumber: string;
}

export class SubmitAnswerDto {
  @ApiProperty({ type: TicketDto }) ticket: TicketDto;
}

/**
 * The requesters' pages (organisation representatives signed in with their digital key, ADR 0005):
 * the identity document, the request, the overview and the detail, delete, re-upload.
 */
@ApiTags('requester')
@Controller('requester')
@Public()
@UseGuards(CitizenGuard, RequesterGuard)
export class RequesterController {
  constructor(private readonly requests: RequesterService) {}

  @Get('me')
  @CitizenStage('authenticated')
  @ApiOkResponse({ type: RequesterMeDto })
  me(@CurrentMember() member: Member): RequesterMeDto {
    return {
      memberId: member.id,
      displayName: member.displayName,
      role: member.role,
      organisationId: member.organisationId,
      organisationName: member.organisation.name,
      enterpriseNumber: member.organisation.enterpriseNumber,
    };
  }

  /** Step 1: one identity document, recto/verso as one or two files (JPEG, PNG or PDF); size limits from the module. */
  @Post('documents')
  @CitizenStage('authenticated')
  @HttpCode(202)
  @UseInterceptors(FilesInterceptor('files', NISS_DOCUMENT_MAX_PAGES + 1))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } }, required: ['files'] } })
  @ApiOkResponse({ type: DocumentStatusDto })
  async upload(@CurrentMember() member: Member, @UploadedFiles() files: { buffer: Buffer }[] | undefined, @CitizenRequestMeta() meta: CitizenMeta): Promise<DocumentStatusDto> {
    return toDocumentStatusDto(await this.requests.uploadDocument(member, (files ?? []).map((file) => file.buffer), meta));
  }

  /** The document and what OCR found so far (the wizard polls it while the worker runs). */
  @Get('documents/:id')
  @CitizenStage('authenticated')
  @ApiOkResponse({ type: DocumentStatusDto })
  async document(@CurrentMember() member: Member, @Param() params: TicketIdParams): Promise<DocumentStatusDto> {
    return toDocumentStatusDto(await this.requests.document(member, params.id));
  }

  @Get('documents/:id/pages/:n')
  @CitizenStage('authenticated')
  async page(@CurrentMember() member: Member, @Param() params: DocumentPageParams, @Res() response: Response): Promise<void> {
    const page = await this.requests.page(member, params.id, params.n);
    response.setHeader('Content-Type', page.contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Content-Disposition', 'inline');
    response.end(page.content);
  }

  @Post('tickets')
  @CitizenStage('authenticated')
  @HttpCode(201)
  @ApiOkResponse({ type: SubmitAnswerDto })
  async submit(@CurrentMember() member: Member, @Body() body: SubmitTicketDto, @CitizenRequestMeta() meta: CitizenMeta): Promise<SubmitAnswerDto> {
    const { ticket } = await this.requests.submit(member, body.documentId, body.data, meta);
    return { ticket: toTicketDto(ticket) };
  }

  @Get('tickets')
  @CitizenStage('authenticated')
  @ApiOkResponse({ type: TicketListDto })
  async list(@CurrentMember() member: Member, @Query() query: TicketListQueryDto): Promise<TicketListDto> {
    const list = await this.requests.list(member, query.scope, query.page, query.pageSize);
    return { notifications: list.notifications.map(toTicketDto), items: list.items.map(toTicketDto), total: list.total, page: query.page, pageSize: query.pageSize };
  }

  @Get('tickets/:id')
  @CitizenStage('authenticated')
  @ApiOkResponse({ type: TicketDetailDto })
  async detail(@CurrentMember() member: Member, @Param() params: TicketIdParams): Promise<TicketDetailDto> {
    const { ticket, events } = await this.requests.detail(member, params.id);
    return toTicketDetailDto(ticket, events);
  }

  @Delete('tickets/:id')
  @CitizenStage('authenticated')
  @ApiOkResponse({ type: TicketDto })
  async delete(@CurrentMember() member: Member, @Param() params: TicketIdParams, @CitizenRequestMeta() meta: CitizenMeta): Promise<TicketDto> {
    return toTicketDto(await this.requests.delete(member, params.id, meta));
  }

  @Post('tickets/:id/reupload')
  @CitizenStage('authenticated')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketDto })
  async reupload(@CurrentMember() member: Member, @Param() params: TicketIdParams, @Body() body: ReuploadDto, @CitizenRequestMeta() meta: CitizenMeta): Promise<TicketDto> {
    return toTicketDto(await this.requests.reupload(member, params.id, body.documentId, body.data, meta));
  }
}
