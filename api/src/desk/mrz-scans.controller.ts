import { Controller, Get, HttpCode, Param, Post, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { RequestMeta } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { Meta } from '../common/request-meta.decorator';
import { CodeIdParams } from './dto/desk.dto';
import { MrzScansService, MrzScanState } from './mrz-scans.service';

export class MrzScanDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['analysing', 'read', 'not_found', 'failed'] }) state: MrzScanState;
  @ApiProperty({ type: [String] }) lines: string[];
  @ApiPropertyOptional({ enum: ['TD1', 'TD2', 'TD3'], nullable: true }) format: 'TD1' | 'TD2' | 'TD3' | null;
  @ApiPropertyOptional({ nullable: true }) valid: boolean | null;
  @ApiProperty({ type: [String] }) problems: string[];
  @ApiPropertyOptional({ nullable: true }) failureCode: string | null;
}

/** Photos of passports and foreign ID cards whose MRZ the OCR worker reads for the clerk. */
@ApiTags('desk')
@Controller('desk/mrz-scans')
@Roles('clerk')
export class MrzScansController {
  constructor(private readonly scans: MrzScansService) {}

  /** Upload limits (size, one file) come from the module's MulterModule settings (UPLOAD_MAX_BYTES). */
  @Post()
  @HttpCode(202)
  @UseInterceptors(FileInterceptor('image'))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { image: { type: 'string', format: 'binary' } }, required: ['image'] } })
  @ApiOkResponse({ type: MrzScanDto })
  scan(@CurrentPrincipal() actor: Principal, @UploadedFile() image: { buffer: Buffer } | undefined, @Meta() meta: RequestMeta): Promise<MrzScanDto> {
    return this.scans.scan(actor, image?.buffer, meta);
  }

  @Get(':id')
  @ApiOkResponse({ type: MrzScanDto })
  get(@CurrentPrincipal() actor: Principal, @Param() params: CodeIdParams): Promise<MrzScanDto> {
    return this.scans.get(actor, params.id);
  }
}
