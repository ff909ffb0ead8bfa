import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { brusselsDate, keyedHash, randomToken } from '@sesame/domain';
import { formatLongDateTime, BELGIAN_TIME_ZONE } from '@sesame/i18n';
import { OutboxWriter, queueVideoMail } from '@sesame/outbox';
import type { EntityManager } from 'typeorm';
import { CITIZEN_ACTOR } from '../activation/activation.service';
import { addDays, brusselsInstant } from './brussels-time';
import type { BookAppointmentDto } from './dto/video.dto';
import { generateSecurityCode, normalizeSecurityCode } from './security-code';
import { AgentSlot, BookingInput, computeAgentSlots, ExceptionInput, groupSlotsByDay, PatternInput, SlotDay } from './slot-computation';
import { appointmentUrl } from './video-mails';
import { VideoException } from './video.exception';
import { isExclusionViolation, VideoRepository } from './video.repository';

/** Live bookings one e-mail address may hold at once (abuse limit). */
export const MAX_LIVE_BOOKINGS_PER_EMAIL = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BookingResult {
  reference: string;
  startsAt: Date;
  endsAt: Date;
  securityCode: string;
  confirmBy: Date;
}

/**
 * Free slots and bookings (ADR 0006). Slots are computed from the agents' availability minus the
 * live bookings; a booking picks a free agent (least booked that day first) and lets the exclusion
 * constraint decide races: a 23P01 means another booking got there first, and the next free agent
 * is tried, then 409.
 */
@Injectable()
export class VideoBookingService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: VideoRepository,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
  ) {}

  async slots(query: { from?: string; days?: number }, now = new Date()): Promise<{ timeZone: string; days: SlotDay[] }> {
    const from = query.from ?? brusselsDate(now);
    const days = query.days ?? 7;
    const slots = await this.agentSlots(from, days, now, { withBookings: true });
    return {
      timeZone: BELGIAN_TIME_ZONE,
      days: groupSlotsByDay({ from, days }, slots).map((day) => ({ ...day, slots: day.slots.filter((slot) => slot.free > 0) })),
    };
  }

  /** Every agent's slots on the days asked: published ones, or only the free ones (`withBookings`). */
  async agentSlots(from: string, days: number, now: Date, options: { withBookings: boolean; exceptAppointmentId?: string; horizon?: boolean; manager?: EntityManager }): Promise<AgentSlot[]> {
    const [{ patterns, exceptions }, bookings] = await Promise.all([
      this.availability(from, days),
      options.withBookings ? this.liveBookings(from, days, options.exceptAppointmentId, options.manager) : Promise.resolve([]),
    ]);
    const horizonEnd = options.horizon === false ? new Date(8.64e15) : this.horizonEnd(now);
    return computeAgentSlots({ from, days, now, horizonEnd }, patterns, exceptions, bookings);
  }

  /** The active agents' patterns and exceptions over the days. */
  private async availability(from: string, days: number): Promise<{ patterns: PatternInput[]; exceptions: ExceptionInput[] }> {
    const to = addDays(from, days - 1);
    const agentIds = await this.repository.activeAgentIds();
    const [patterns, exceptions] = await Promise.all([this.repository.patternsBetween(agentIds, from, to), this.repository.exceptionsBetween(agentIds, from, to)]);
    return { patterns, exceptions };
  }

  private liveBookings(from: string, days: number, exceptAppointmentId?: string, manager?: EntityManager): Promise<BookingInput[]> {
    return this.repository.liveBookingsBetween(brusselsInstant(from, 0), brusselsInstant(addDays(from, days), 0), exceptAppointmentId, manager);
  }

  horizonEnd(now: Date): Date {
    return new Date(now.getTime() + this.config.VIDEO_BOOKING_HORIZON_DAYS * DAY_MS);
  }

  /**
   * The agents that could take a booking at `startsAt`, best first: refuses a start in the past,
   * beyond the horizon, not published (`video.slot_unavailable`) or already taken (`video.slot_taken`).
   */
  async candidatesAt(startsAt: Date, now: Date, exceptAppointmentId?: string): Promise<AgentSlot[]> {
    if (Number.isNaN(startsAt.getTime())) throw new VideoException('video.slot_unavailable');
    if (startsAt <= now) throw new VideoException('video.slot_in_past');
    if (startsAt >= this.horizonEnd(now)) throw new VideoException('video.slot_beyond_horizon');
    const day = brusselsDate(startsAt);
    const at = (slots: AgentSlot[]) => slots.filter((slot) => slot.startsAt.getTime() === startsAt.getTime());
    // The day's availability and bookings are read once; the slots are computed without the bookings
    // (published at all?) and with them (still free?).
    const [{ patterns, exceptions }, bookings] = await Promise.all([this.availability(day, 1), this.liveBookings(day, 1, exceptAppointmentId)]);
    const query = { from: day, days: 1, now, horizonEnd: this.horizonEnd(now) };
    const published = at(computeAgentSlots(query, patterns, exceptions, []));
    if (!published.length) throw new VideoException('video.slot_unavailable');
    const free = at(computeAgentSlots(query, patterns, exceptions, bookings));
    if (!free.length) throw new VideoException('video.slot_taken');
    const load = await this.repository.liveCountsOnDay(
      free.map((slot) => slot.agentId),
      day,
    );
    return free.sort((a, b) => (load.get(a.agentId) ?? 0) - (load.get(b.agentId) ?? 0) || a.agentId.localeCompare(b.agentId));
  }

  /**
   * Tries the candidates in order with `place` (an INSERT or UPDATE in a savepoint); an exclusion
   * violation means that agent was just taken: the next one is tried. None left: 409.
   */
  async placeOnFirstFree<T>(candidates: AgentSlot[], place: (slot: AgentSlot) => Promise<T>): Promise<{ slot: AgentSlot; result: T }> {
    for (const slot of candidates) {
      try {
        return { slot, result: await place(slot) };
      } catch (error) {
        if (isExclusionViolation(error)) continue;
        throw error;
      }
    }
    throw new VideoException('video.slot_taken');
  }

  async book(input: BookAppointmentDto, requestId: string | null, now = new Date()): Promise<BookingResult> {
    const email = input.email.trim().toLowerCase();
    const startsAt = new Date(input.startsAt);
    const candidates = await this.candidatesAt(startsAt, now);
    const securityCode = generateSecurityCode();
    const canonical = normalizeSecurityCode(securityCode);
    if (!canonical) throw new Error('generated security code does not normalise');
    const linkToken = randomToken(32);
    const confirmBy = new Date(Math.min(now.getTime() + this.config.VIDEO_CONFIRM_WITHIN_HOURS * 3_600_000, startsAt.getTime()));

    return this.repository.transaction(async (manager) => {
      if ((await this.repository.lockAndCountLiveByEmail(manager, email)) >= MAX_LIVE_BOOKINGS_PER_EMAIL) throw new VideoException('video.too_many_bookings', { max: MAX_LIVE_BOOKINGS_PER_EMAIL });
      const number = await this.repository.nextReferenceNumber(manager);
      const reference = `V-${now.getUTCFullYear()}-${String(number).padStart(6, '0')}`;
      const { slot, result: id } = await this.placeOnFirstFree(candidates, (candidate) =>
        this.repository.insertAppointment(manager, {
          reference,
          agentId: candidate.agentId,
          startsAt: candidate.startsAt,
          endsAt: candidate.endsAt,
          status: 'requested',
          givenNames: input.givenNames.trim(),
          surname: input.surname.trim(),
          email,
          language: input.language,
          securityCodeHash: keyedHash(this.config.CODE_PEPPER, 'appointment-security-code', canonical),
          linkTokenHash: keyedHash(this.config.CODE_PEPPER, 'appointment-link', linkToken),
          confirmBy,
        }),
      );
      await this.audit.append(manager, {
        actor: CITIZEN_ACTOR,
        action: 'appointment.requested',
        subject: { type: 'appointment', id },
        requestId,
        details: { reference, agentId: slot.agentId, startsAt: slot.startsAt.toISOString(), endsAt: slot.endsAt.toISOString(), confirmBy: confirmBy.toISOString() },
      });
      await queueVideoMail(
        manager,
        this.outbox,
        'video-booked',
        { email, language: input.language, givenNames: input.givenNames.trim(), surname: input.surname.trim(), reference, startsAt: slot.startsAt },
        { url: appointmentUrl(this.config, linkToken), confirmBy: formatLongDateTime(confirmBy, input.language) },
      );
      return { reference, startsAt: slot.startsAt, endsAt: slot.endsAt, securityCode, confirmBy };
    });
  }
}
