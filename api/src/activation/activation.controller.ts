import { Body, Controller, Get, HttpCode, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CitizenSession } from '@sesame/database';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { ActivationService, EnrolmentView } from './activation.service';
import { CitizenGuard } from './citizen.guard';
import { CitizenMeta, CitizenRequest, CitizenRequestMeta, CitizenStage, CurrentCitizenSession } from './citizen.decorators';
import { CitizenSessionService } from './citizen-session.service';
import { ActivatedDto, ChooseKeyDto, CitizenCodeDto, CredentialsDto, EnrolmentDto, StartActivationDto } from './dto/activation.dto';

/** Activation of a digital key with the code from the letter (public pages `/activate?t=…`). */
@ApiTags('citizen')
@Controller('citizen')
@Public()
@UseGuards(CitizenGuard)
export class ActivationController {
  constructor(
    private readonly activation: ActivationService,
    private readonly sessions: CitizenSessionService,
  ) {}

  /** Sets the XSRF-TOKEN cookie the citizen pages echo in X-XSRF-TOKEN. */
  @Get('csrf')
  @HttpCode(204)
  @ApiNoContentResponse()
  csrf(@Req() request: CitizenRequest, @Res({ passthrough: true }) response: Response): void {
    this.sessions.refreshCsrfCookie(request, response);
  }

  @Post('activation/start')
  @HttpCode(200)
  @ApiOkResponse({ type: EnrolmentDto })
  async start(
    @Body() body: StartActivationDto,
    @Req() request: CitizenRequest,
    @CitizenRequestMeta() meta: CitizenMeta,
    @Res({ passthrough: true }) response: Response,
  ): Promise<EnrolmentDto> {
    const { token, enrolment } = await this.activation.start(body, meta);
    this.sessions.setCookies(request, response, token);
    return toEnrolmentDto(enrolment);
  }

  @Get('activation')
  @CitizenStage('enrolling')
  @ApiOkResponse({ type: EnrolmentDto })
  async state(@CurrentCitizenSession() session: CitizenSession): Promise<EnrolmentDto> {
    return toEnrolmentDto(await this.activation.describe(session));
  }

  @Put('activation/key')
  @CitizenStage('enrolling')
  @ApiOkResponse({ type: EnrolmentDto })
  async chooseKey(@CurrentCitizenSession() session: CitizenSession, @Body() body: ChooseKeyDto, @CitizenRequestMeta() meta: CitizenMeta): Promise<EnrolmentDto> {
    return toEnrolmentDto(await this.activation.chooseKey(session, body, meta));
  }

  @Put('activation/credentials')
  @CitizenStage('enrolling')
  @ApiOkResponse({ type: EnrolmentDto })
  async credentials(@CurrentCitizenSession() session: CitizenSession, @Body() body: CredentialsDto, @CitizenRequestMeta() meta: CitizenMeta): Promise<EnrolmentDto> {
    return toEnrolmentDto(await this.activation.setCredentials(session, body, meta));
  }

  @Post('activation/code')
  @CitizenStage('enrolling')
  @HttpCode(200)
  @ApiOkResponse({ type: EnrolmentDto })
  async newCode(@CurrentCitizenSession() session: CitizenSession, @CitizenRequestMeta() meta: CitizenMeta): Promise<EnrolmentDto> {
    return toEnrolmentDto(await this.activation.resendCode(session, meta));
  }

  @Post('activation/confirm')
  @CitizenStage('enrolling')
  @HttpCode(200)
  @ApiOkResponse({ type: ActivatedDto })
  async confirm(
    @CurrentCitizenSession() session: CitizenSession,
    @Body() body: CitizenCodeDto,
    @Req() request: CitizenRequest,
    @CitizenRequestMeta() meta: CitizenMeta,
    @Res({ passthrough: true }) response: Response,
  ): Promise<ActivatedDto> {
    const activated = await this.activation.confirm(session, body, meta);
    this.sessions.clearCookies(request, response);
    return activated;
  }
}

export function toEnrolmentDto(view: EnrolmentView): EnrolmentDto {
  return { ...view, codeExpiresAt: view.codeExpiresAt?.toISOString() ?? null };
}
