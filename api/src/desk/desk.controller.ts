import { Body, Controller, Get, Header, HttpCode, Param, Post, Query, StreamableFile } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles } from '../auth/auth.decorators';
import type { RequestMeta } from '../auth/auth.service';
import type { Principal } from '../auth/principal';
import { brusselsDate } from '@sesame/domain';
import { Meta } from '../common/request-meta.decorator';
import {
  ActivationCodeDto,
  CardReadDto,
  CodeIdParams,
  CodesQueryDto,
  DocumentCheckDto,
  EmailCheckDto,
  EmailCheckQueryDto,
  IssueCodeDto,
  toActivationCodeDto,
  toEvidenceDto,
  toPersonDto,
  VerifiedIdentityDto,
} from './dto/desk.dto';
import { DeskService, VerifiedIdentity } from './desk.service';

const toVerifiedIdentityDto = (result: VerifiedIdentity): VerifiedIdentityDto => ({
  evidence: toEvidenceDto(result.evidence),
  person: toPersonDto(result.person),
  card: result.card,
  eidasNotified: result.eidasNotified,
  hasLiveCode: result.hasLiveCode,
});


/** The registration clerk's desk: verified card reads, document checks, activation codes and letters. */
@ApiTags('desk')
@Controller('desk')
@Roles('clerk')
export class DeskController {
  constructor(private readonly desk: DeskService) {}

  @Post('card-reads')
  @HttpCode(200)
  @ApiOkResponse({ type: VerifiedIdentityDto })
  async verifyCardRead(@CurrentPrincipal() actor: Principal, @Body() body: CardReadDto, @Meta() meta: RequestMeta): Promise<VerifiedIdentityDto> {
    return toVerifiedIdentityDto(await this.desk.verifyCardRead(actor, body.files, meta));
  }

  @Post('document-checks')
  @HttpCode(200)
  @ApiOkResponse({ type: VerifiedIdentityDto })
  async checkDocument(@CurrentPrincipal() actor: Principal, @Body() body: DocumentCheckDto, @Meta() meta: RequestMeta): Promise<VerifiedIdentityDto> {
    return toVerifiedIdentityDto(await this.desk.checkDocument(actor, body.mrz, body.language, meta));
  }

  @Get('email-check')
  @ApiOkResponse({ type: EmailCheckDto })
  async emailCheck(@Query() query: EmailCheckQueryDto): Promise<EmailCheckDto> {
    return { activeKeys: await this.desk.countActiveKeys(query.email) };
  }

  @Post('activation-codes')
  @ApiOkResponse({ type: ActivationCodeDto })
  async issue(@CurrentPrincipal() actor: Principal, @Body() body: IssueCodeDto, @Meta() meta: RequestMeta): Promise<ActivationCodeDto> {
    return toActivationCodeDto(await this.desk.issueCode(actor, body, meta), false);
  }

  @Get('activation-codes')
  @ApiOkResponse({ type: ActivationCodeDto, isArray: true })
  async list(@CurrentPrincipal() actor: Principal, @Query() query: CodesQueryDto): Promise<ActivationCodeDto[]> {
    const { codes, ready } = await this.desk.listCodesOfDay(actor, query.date ?? brusselsDate(new Date()));
    return codes.map((code) => toActivationCodeDto(code, ready.has(code.id)));
  }

  @Get('activation-codes/:id')
  @ApiOkResponse({ type: ActivationCodeDto })
  async get(@CurrentPrincipal() actor: Principal, @Param() params: CodeIdParams): Promise<ActivationCodeDto> {
    const { code, letterReady } = await this.desk.getCode(actor, params.id);
    return toActivationCodeDto(code, letterReady);
  }

  @Get('activation-codes/:id/letter')
  @ApiProduces('application/pdf')
  @Header('Cache-Control', 'no-store')
  async letter(@CurrentPrincipal() actor: Principal, @Param() params: CodeIdParams): Promise<StreamableFile> {
    const pdf = await this.desk.getLetter(actor, params.id);
    return new StreamableFile(pdf, { type: 'application/pdf', disposition: `inline; filename="activation-${params.id.slice(0, 8)}.pdf"`, length: pdf.length });
  }

  @Post('activation-codes/:id/prints')
  @HttpCode(200)
  @ApiOkResponse({ type: ActivationCodeDto })
  async recordPrint(@CurrentPrincipal() actor: Principal, @Param() params: CodeIdParams, @Meta() meta: RequestMeta): Promise<ActivationCodeDto> {
    const { code, letterReady } = await this.desk.recordPrint(actor, params.id, meta);
    return toActivationCodeDto(code, letterReady);
  }

  @Post('activation-codes/:id/revoke')
  @HttpCode(200)
  @ApiOkResponse({ type: ActivationCodeDto })
  async revoke(@CurrentPrincipal() actor: Principal, @Param() params: CodeIdParams, @Meta() meta: RequestMeta): Promise<ActivationCodeDto> {
    const { code, letterReady } = await this.desk.revoke(actor, params.id, meta);
    return toActivationCodeDto(code, letterReady);
  }
}
