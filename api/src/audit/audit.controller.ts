import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/auth.decorators';
import { AuditPageDto, AuditQueryDto, toAuditEntryDto } from './audit.dto';
import { AuditRepository } from './audit.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

@ApiTags('audit')
@Controller('audit')
@Roles('supervisor', 'admin')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  @Get()
  @ApiOkResponse({ type: AuditPageDto })
  async search(@Query() query: AuditQueryDto): Promise<AuditPageDto> {
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [items, total] = await this.audit.search(
      {
        actor: query.actor,
        action: query.action,
        subject: query.subject,
        from: query.from ? new Date(query.from) : undefined,
        to: query.to ? new Date(new Date(query.to).getTime() + DAY_MS) : undefined,
      },
      page,
      pageSize,
    );
    return { items: items.map(toAuditEntryDto), total, page, pageSize };
  }
}
