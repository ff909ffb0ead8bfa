import { Body, Controller, Get, HttpCode, Post, Put, Req, Res } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { StaffSession } from '@sesame/database';
import type { Response } from 'express';
import { CommonException } from '../common/common.exception';
import type { SesameRequest } from '../common/request-context';
import { Meta } from '../common/request-meta.decorator';
import { toMunicipalityDto } from '../municipalities/municipalities.dto';
import { MunicipalitiesService } from '../municipalities/municipalities.service';
import { CurrentPrincipal, PartialSession, Public, Roles } from './auth.decorators';
import { AuthService, RequestMeta } from './auth.service';
import {
  ChangeLanguageDto,
  ChangePasswordDto,
  EnrolmentDto,
  EnrolmentResultDto,
  LoginDto,
  LoginResultDto,
  MeDto,
  RecoveryCodeDto,
  TotpCodeDto,
} from './dto/auth.dto';
import type { Principal } from './principal';
import { SessionService } from './session.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly municipalities: MunicipalitiesService,
  ) {}

  /** Sets the XSRF-TOKEN cookie the console echoes in X-XSRF-TOKEN. */
  @Get('csrf')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse()
  csrf(@Req() request: SesameRequest, @Res({ passthrough: true }) response: Response): void {
    const token = request.cookies?.[this.sessions.cookieName] as string | undefined;
    if (request.staffSession && token) this.sessions.setCookies(response, token);
    else this.sessions.setAnonymousCsrfCookie(response);
  }

  @Post('login')
  @Public()
  @HttpCode(200)
  @ApiOkResponse({ type: LoginResultDto })
  async login(@Body() body: LoginDto, @Meta() meta: RequestMeta, @Res({ passthrough: true }) response: Response): Promise<LoginResultDto> {
    const { token, next } = await this.auth.login(body.email, body.password, meta);
    this.sessions.setCookies(response, token);
    return { next };
  }

  @Post('totp')
  @PartialSession()
  @HttpCode(200)
  @ApiOkResponse({ type: MeDto })
  async totp(@Body() body: TotpCodeDto, @Req() request: SesameRequest, @Meta() meta: RequestMeta, @Res({ passthrough: true }) response: Response): Promise<MeDto> {
    const { token, principal } = await this.auth.verifyTotp(this.session(request), body.code, meta);
    this.sessions.setCookies(response, token);
    return this.toMe(principal);
  }

  @Post('recovery')
  @PartialSession()
  @HttpCode(200)
  @ApiOkResponse({ type: MeDto })
  async recovery(@Body() body: RecoveryCodeDto, @Req() request: SesameRequest, @Meta() meta: RequestMeta, @Res({ passthrough: true }) response: Response): Promise<MeDto> {
    const { token, principal } = await this.auth.useRecoveryCode(this.session(request), body.code, meta);
    this.sessions.setCookies(response, token);
    return this.toMe(principal);
  }

  @Get('totp/enrolment')
  @PartialSession()
  @ApiOkResponse({ type: EnrolmentDto })
  async startEnrolment(@Req() request: SesameRequest): Promise<EnrolmentDto> {
    return this.auth.startEnrolment(this.session(request));
  }

  @Post('totp/enrolment')
  @PartialSession()
  @HttpCode(200)
  @ApiOkResponse({ type: EnrolmentResultDto })
  async finishEnrolment(@Body() body: TotpCodeDto, @Req() request: SesameRequest, @Meta() meta: RequestMeta, @Res({ passthrough: true }) response: Response): Promise<EnrolmentResultDto> {
    const { token, principal, recoveryCodes } = await this.auth.finishEnrolment(this.session(request), body.code, meta);
    this.sessions.setCookies(response, token);
    return { me: await this.toMe(principal), recoveryCodes };
  }

  @Post('logout')
  @Public()
  @HttpCode(204)
  @ApiNoContentResponse()
  async logout(@Req() request: SesameRequest, @Meta() meta: RequestMeta, @Res({ passthrough: true }) response: Response): Promise<void> {
    if (request.staffSession) await this.auth.logout(request.staffSession, meta);
    this.sessions.clearCookies(response);
  }

  @Get('me')
  @Roles('any-staff')
  @ApiOkResponse({ type: MeDto })
  me(@CurrentPrincipal() principal: Principal): Promise<MeDto> {
    return this.toMe(principal);
  }

  @Put('me/language')
  @Roles('any-staff')
  @ApiOkResponse({ type: MeDto })
  async language(@CurrentPrincipal() principal: Principal, @Body() body: ChangeLanguageDto, @Meta() meta: RequestMeta): Promise<MeDto> {
    return this.toMe(await this.auth.changeLanguage(principal, body.language, meta));
  }

  @Put('me/password')
  @Roles('any-staff')
  @HttpCode(204)
  @ApiNoContentResponse()
  async password(@CurrentPrincipal() principal: Principal, @Body() body: ChangePasswordDto, @Req() request: SesameRequest, @Meta() meta: RequestMeta): Promise<void> {
    await this.auth.changePassword(principal, this.session(request).tokenHash, body.currentPassword, body.newPassword, meta);
  }

  private session(request: SesameRequest): StaffSession {
    if (!request.staffSession) throw new CommonException('error.unauthorized');
    return request.staffSession;
  }

  private async toMe(principal: Principal): Promise<MeDto> {
    const municipality = await this.municipalities.find(principal.municipalityNisCode);
    return {
      id: principal.staffId,
      email: principal.email,
      displayName: principal.displayName,
      roles: principal.roles,
      municipality: municipality ? toMunicipalityDto(municipality) : null,
      language: principal.language,
    };
  }
}
