import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { RequestMeta } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { Meta } from '../common/request-meta.decorator';
import { FailedJobsDto, FailedJobsQueryDto, JobParams, QueueParams, QueuesDto } from './jobs.dto';
import { JobsService } from './jobs.service';

@ApiTags('admin')
@Controller('admin/jobs')
@Roles('admin')
export class JobsController {
  constructor(private readonly jobs: JobsService) {}

  @Get()
  @ApiOkResponse({ type: QueuesDto })
  async counts(): Promise<QueuesDto> {
    return { queues: await this.jobs.counts() };
  }

  @Get(':queue/failed')
  @ApiOkResponse({ type: FailedJobsDto })
  failed(@Param() params: QueueParams, @Query() query: FailedJobsQueryDto): Promise<FailedJobsDto> {
    return this.jobs.failed(params.queue, query.page ?? 1);
  }

  @Post(':queue/:id/retry')
  @HttpCode(204)
  @ApiNoContentResponse()
  retry(@CurrentPrincipal() actor: Principal, @Param() params: JobParams, @Meta() meta: RequestMeta): Promise<void> {
    return this.jobs.retry(actor, params.queue, params.id, meta);
  }
}
