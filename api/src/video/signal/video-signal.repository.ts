import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Appointment, AppointmentAccess } from '@sesame/database';
import { DataSource, MoreThan } from 'typeorm';

/** What the signalling gateway reads: the appointment of a room, a citizen's live appointment session. */
@Injectable()
export class VideoSignalRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findAppointment(id: string): Promise<Pick<Appointment, 'id' | 'agentId' | 'status' | 'startsAt' | 'endsAt'> | null> {
    return this.dataSource.getRepository(Appointment).findOne({
      where: { id },
      select: { id: true, agentId: true, status: true, startsAt: true, endsAt: true },
    });
  }

  /** The appointment session of a cookie token (by its SHA-256) that has not expired at `now`. */
  findLiveAccess(tokenHash: string, now: Date): Promise<Pick<AppointmentAccess, 'id' | 'appointmentId'> | null> {
    return this.dataSource.getRepository(AppointmentAccess).findOne({
      where: { tokenHash, expiresAt: MoreThan(now) },
      select: { id: true, appointmentId: true },
    });
  }
}
