import { Body, Controller, Delete, Get, HttpCode, Post, Query, Req, Res, UploadedFiles, UseGuards, UseInterceptors } from '@nestjs/common';
import { FilesInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { AppointmentAccess } from '@sesame/database';
import type { Response } from 'express';
import { Public } from '../auth/auth.decorators';
import { Meta } from '../common/request-meta.decorator';
import type { RequestMeta } from '../auth/auth.service';
import { AppointmentAccessGuard, AppointmentCookies, AppointmentRequest, CurrentAppointmentAccess } from './appointment-access.guard';
import { BookAppointmentDto, BookedAppointmentDto, OpenAccessDto, RebookDto, SlotsQueryDto } from './dto/video.dto';
import { VIDEO_COPY_MAX_PAGES, VideoAccessService } from './video-access.service';
import { VideoBookingService } from './video-booking.service';
import type { CitizenAppointmentView } from './video.views';

/** The public booking pages: free slots and a new booking. */
@ApiTags('video')
@Controller('video')
@Public()
export class VideoBookingController {
  constructor(private readonly booking: VideoBookingService) {}

  @Get('slots')
  async slots(@Query() query: SlotsQueryDto): Promise<{ timeZone: string; days: { date: string; slots: { startsAt: string; endsAt: string; free: number }[] }[] }> {
    const result = await this.booking.slots(query);
    return {
      timeZone: result.timeZone,
      days: result.days.map((day) => ({
        date: day.date,
        slots: day.slots.map((slot) => ({ startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), free: slot.free })),
      })),
    };
  }

  @Post('appointments')
  @ApiCreatedResponse({ type: BookedAppointmentDto })
  async book(@Body() body: BookAppointmentDto, @Meta() meta: RequestMeta): Promise<BookedAppointmentDto> {
    const booked = await this.booking.book(body, meta.requestId);
    return { reference: booked.reference, startsAt: booked.startsAt.toISOString(), endsAt: booked.endsAt.toISOString(), securityCode: booked.securityCode, confirmBy: booked.confirmBy.toISOString() };
  }
}

/** The citizen's appointment, opened with the e-mailed link and the security code (cookie `sesame_appointment`). */
@ApiTags('video')
@Controller('video/access')
@Public()
export class VideoAccessController {
  constructor(
    private readonly access: VideoAccessService,
    private readonly cookies: AppointmentCookies,
  ) {}

  @Post()
  @HttpCode(200)
  async open(@Body() body: OpenAccessDto, @Req() request: AppointmentRequest, @Res({ passthrough: true }) response: Response, @Meta() meta: RequestMeta): Promise<CitizenAppointmentView> {
    const { sessionToken, view } = await this.access.open(body.token, body.securityCode, meta.requestId);
    this.cookies.set(request, response, sessionToken);
    return view;
  }

  @Get('appointment')
  @UseGuards(AppointmentAccessGuard)
  @ApiOkResponse()
  appointment(
    @CurrentAppointmentAccess() access: AppointmentAccess,
    @Req() request: AppointmentRequest,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CitizenAppointmentView> {
    this.cookies.rebindCsrf(request, response, request.appointmentToken as string);
    return this.access.view(access.appointmentId);
  }

  /** The ID copy that confirms the booking: 1–2 files (JPEG, PNG or PDF); the worker checks it. */
  @Post('id-copy')
  @HttpCode(202)
  @UseGuards(AppointmentAccessGuard)
  @UseInterceptors(FilesInterceptor('files', VIDEO_COPY_MAX_PAGES + 1))
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } }, required: ['files'] } })
  uploadCopy(@CurrentAppointmentAccess() access: AppointmentAccess, @UploadedFiles() files: { buffer: Buffer }[] | undefined, @Meta() meta: RequestMeta): Promise<CitizenAppointmentView> {
    return this.access.uploadCopy(access.appointmentId, (files ?? []).map((file) => file.buffer), meta.requestId);
  }

  @Post('cancel')
  @HttpCode(200)
  @UseGuards(AppointmentAccessGuard)
  cancel(@CurrentAppointmentAccess() access: AppointmentAccess, @Meta() meta: RequestMeta): Promise<CitizenAppointmentView> {
    return this.access.cancel(access.appointmentId, meta.requestId);
  }

  @Post('rebook')
  @HttpCode(200)
  @UseGuards(AppointmentAccessGuard)
  rebook(@CurrentAppointmentAccess() access: AppointmentAccess, @Body() body: RebookDto, @Meta() meta: RequestMeta): Promise<CitizenAppointmentView> {
    return this.access.rebook(access.appointmentId, body.startsAt, meta.requestId);
  }

  @Delete()
  @HttpCode(204)
  @UseGuards(AppointmentAccessGuard)
  @ApiNoContentResponse()
  async close(@CurrentAppointmentAccess() access: AppointmentAccess, @Req() request: AppointmentRequest, @Res({ passthrough: true }) response: Response): Promise<void> {
    await this.access.endSession(access.tokenHash);
    this.cookies.clear(request, response);
  }
}
