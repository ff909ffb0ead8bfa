import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { isMessageKey, translate } from '@sesame/i18n';
import type { Request, Response } from 'express';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { RequestMeta } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { requestLanguage } from '../common/request-context';
import { Meta } from '../common/request-meta.decorator';
import {
  BisResultDto,
  BulkResultDto,
  BulkReuploadRequestDto,
  ClaimDto,
  DocumentPageParams,
  FailDto,
  FiguresDto,
  FiguresQueryDto,
  IdentifyDto,
  QueueDto,
  QueueQueryDto,
  ReuploadRequestDto,
  ReviewDto,
  TicketDto,
  TicketIdParams,
  toFiguresDto,
  toQueueItemDto,
  toReviewDto,
  toTicketDto,
} from './dto/tickets.dto';
import { ReviewService } from './review.service';

/** The NISS operators' console: queue, claims, review, decisions; supervisors' figures. */
@ApiTags('niss')
@Controller('niss')
@Roles('niss_operator', 'supervisor')
export class ReviewController {
  constructor(
    private readonly review: ReviewService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('queue')
  @ApiOkResponse({ type: QueueDto })
  async queue(@CurrentPrincipal() operator: Principal, @Query() query: QueueQueryDto): Promise<QueueDto> {
    const cut = query.after?.lastIndexOf('_') ?? -1;
    const after = query.after && cut > 0 ? { submittedAt: new Date(query.after.slice(0, cut)), id: query.after.slice(cut + 1) } : undefined;
    const rows = await this.review.queue(operator, { ...query, after, limit: query.limit });
    const last = rows.at(-1);
    return { items: rows.map(toQueueItemDto), next: rows.length === query.limit && last ? `${last.ticket.submittedAt.toISOString()}_${last.ticket.id}` : null };
  }

  @Get('tickets/:id')
  @ApiOkResponse({ type: ReviewDto })
  async get(@Param() params: TicketIdParams): Promise<ReviewDto> {
    return toReviewDto(await this.review.review(params.id), this.config.NISS_BIS_FOUR_EYES);
  }

  @Get('documents/:id/pages/:n')
  async page(@Param() params: DocumentPageParams, @Res() response: Response): Promise<void> {
    const page = await this.review.page(params.id, params.n);
    response.setHeader('Content-Type', page.contentType);
    response.setHeader('Cache-Control', 'no-store');
    response.setHeader('Content-Disposition', 'inline');
    response.end(page.content);
  }

  @Post('tickets/:id/claim')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketDto })
  async claim(@CurrentPrincipal() operator: Principal, @Param() params: TicketIdParams, @Body() body: ClaimDto, @Meta() meta: RequestMeta): Promise<TicketDto> {
    return toTicketDto(await this.review.claim(operator, params.id, body.takeover === true, meta.requestId));
  }

  @Delete('tickets/:id/claim')
  @ApiOkResponse({ type: TicketDto })
  async release(@CurrentPrincipal() operator: Principal, @Param() params: TicketIdParams, @Meta() meta: RequestMeta): Promise<TicketDto> {
    return toTicketDto(await this.review.release(operator, params.id, meta.requestId));
  }

  /** The review screen calls it while open, so the claim is not released as idle. */
  @Post('tickets/:id/claim/touch')
  @HttpCode(204)
  async touch(@CurrentPrincipal() operator: Principal, @Param() params: TicketIdParams): Promise<void> {
    await this.review.touch(operator, params.id);
  }

  @Post('tickets/:id/identify')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketDto })
  async identify(@CurrentPrincipal() operator: Principal, @Param() params: TicketIdParams, @Body() body: IdentifyDto, @Meta() meta: RequestMeta): Promise<TicketDto> {
    return toTicketDto(await this.review.identify(operator, params.id, body.personId, meta.requestId));
  }

  @Post('tickets/:id/bis')
  @HttpCode(200)
  @ApiOkResponse({ type: BisResultDto })
  async bis(@CurrentPrincipal() operator: Principal, @Param() params: TicketIdParams, @Meta() meta: RequestMeta): Promise<BisResultDto> {
    const { ticket, proposed } = await this.review.createBis(operator, params.id, meta.requestId);
    return { ticket: toTicketDto(ticket), proposed };
  }

  @Post('tickets/:id/fail')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketDto })
  async fail(@CurrentPrincipal() operator: Principal, @Param() params: TicketIdParams, @Body() body: FailDto, @Meta() meta: RequestMeta): Promise<TicketDto> {
    return toTicketDto(await this.review.fail(operator, params.id, body.reason, meta.requestId));
  }

  @Post('tickets/:id/reupload-request')
  @HttpCode(200)
  @ApiOkResponse({ type: TicketDto })
  async reupload(@CurrentPrincipal() operator: Principal, @Param() params: TicketIdParams, @Body() body: ReuploadRequestDto, @Meta() meta: RequestMeta): Promise<TicketDto> {
    return toTicketDto(await this.review.requestReupload(operator, params.id, body.reason, body.text, meta.requestId));
  }

  @Post('reupload-requests')
  @HttpCode(200)
  @ApiOkResponse({ type: [BulkResultDto] })
  async bulk(@CurrentPrincipal() operator: Principal, @Body() body: BulkReuploadRequestDto, @Meta() meta: RequestMeta, @Req() request: Request): Promise<BulkResultDto[]> {
    const language = requestLanguage(request);
    const results = await this.review.bulkReupload(operator, body.ticketIds, body.reason, body.text, meta.requestId);
    // Each refusal with its message in the operator's language, as single refusals have.
    return results.map((result) => (result.code && isMessageKey(result.code) ? { ...result, message: translate(language, result.code) } : result));
  }

  @Get('figures')
  @Roles('supervisor')
  @ApiOkResponse({ type: FiguresDto })
  async figures(@Query() query: FiguresQueryDto): Promise<FiguresDto> {
    return toFiguresDto(await this.review.figures(query.days));
  }
}
