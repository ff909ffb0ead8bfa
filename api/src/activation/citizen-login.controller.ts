import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { CitizenSession } from '@sesame/database';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { CitizenGuard } from './citizen.guard';
import { CitizenMeta, CitizenRequest, CitizenRequestMeta, CitizenStage, CurrentCitizenSession } from './citizen.decorators';
import { CitizenLoginService, LoginStep } from './citizen-login.service';
import { CitizenSessionService } from './citizen-session.service';
import { CitizenCodeDto, CitizenLoginDto, CitizenMeDto, LoginStepDto } from './dto/activation.dto';

/** Login with a digital key (public page `/citizen/login`), the signed-in citizen, logout. */
@ApiTags('citizen')
@Controller('citizen')
@Public()
@UseGuards(CitizenGuard)
export class CitizenLoginController {
  constructor(
    private readonly login: CitizenLoginService,
    private readonly sessions: CitizenSessionService,
  ) {}

  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginStepDto })
  async signIn(
    @Body() body: CitizenLoginDto,
    @Req() request: CitizenRequest,
    @CitizenRequestMeta() meta: CitizenMeta,
    @Res({ passthrough: true }) response: Response,
  ): Promise<LoginStepDto> {
    const { token, step } = await this.login.login(body, meta);
    this.sessions.setCookies(request, response, token);
    return toLoginStepDto(step);
  }

  @Post('login/code')
  @CitizenStage('password_verified')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginStepDto })
  async newCode(@CurrentCitizenSession() session: CitizenSession, @CitizenRequestMeta() meta: CitizenMeta): Promise<LoginStepDto> {
    return toLoginStepDto(await this.login.resendCode(session, meta));
  }

  @Post('login/verify')
  @CitizenStage('password_verified')
  @HttpCode(200)
  @ApiOkResponse({ type: CitizenMeDto })
  async verify(
    @CurrentCitizenSession() session: CitizenSession,
    @Body() body: CitizenCodeDto,
    @Req() request: CitizenRequest,
    @CitizenRequestMeta() meta: CitizenMeta,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CitizenMeDto> {
    const { token, me } = await this.login.verify(session, body, meta);
    this.sessions.setCookies(request, response, token);
    return me;
  }

  @Get('me')
  @CitizenStage('authenticated')
  @ApiOkResponse({ type: CitizenMeDto })
  me(@CurrentCitizenSession() session: CitizenSession): CitizenMeDto {
    return this.login.me(session);
  }

  @Post('logout')
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@Req() request: CitizenRequest, @CitizenRequestMeta() meta: CitizenMeta, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.login.logout(request.citizenSession, meta);
    this.sessions.clearCookies(request, response);
  }
}

function toLoginStepDto(step: LoginStep): LoginStepDto {
  return { ...step, codeExpiresAt: step.codeExpiresAt?.toISOString() ?? null };
}
