import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { Appointment, AppointmentStill, Person, VideoAvailabilityException, VideoAvailabilityPattern } from '@sesame/database';
import type { NissDocumentType } from '@sesame/database';
import { appointmentLifecycle, brusselsDate, isValidNationalNumber, normalizeNationalNumber, personNameKeys } from '@sesame/domain';
import { OutboxWriter, queueVideoMail } from '@sesame/outbox';
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ActivationCodeIssuer } from '../activation/activation-code-issuer';
import { auditActorOf, Principal } from '../auth/principal';
import { DocumentsService } from '../documents/documents.service';
import { AppointmentWriter } from './appointment-writer';
import { addDays, brusselsInstant, minutesOfTime } from './brussels-time';
import type { ApproveDto, CreateExceptionDto, CreatePatternDto } from './dto/video.dto';
import { timeSpansOverlap, validityOverlaps } from './slot-computation';
import { VideoBookingService } from './video-booking.service';
import { VideoRoomNotifier } from './video-room-notifier';
import { AgentAppointmentView, joinOpensAt, noShowAfter, toAgentView } from './video.views';
import { VideoException } from './video.exception';
import { VideoRepository } from './video.repository';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Whether `value` is a `YYYY-MM-DD` naming a real date. */
function isIsoDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

const seesAll = (principal: Principal): boolean => principal.roles.includes('supervisor') || principal.roles.includes('admin');

/** ICAO document codes for the evidence row when the copy had no readable MRZ. */
const EVIDENCE_CODE: Record<NissDocumentType, string> = { passport: 'P', identity_card: 'ID', residence_permit: 'IR', driving_licence: 'DL', other: 'X' };

/**
 * The agents' side: availability, capacity, agenda, the interview (start, stills) and its outcome
 * (approve, refuse, no-show). A video agent sees and edits only their own; supervisors and admins
 * see everyone's; only the assigned agent acts on an interview.
 */
@Injectable()
export class VideoAgentService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: VideoRepository,
    private readonly booking: VideoBookingService,
    private readonly writer: AppointmentWriter,
    private readonly documents: DocumentsService,
    private readonly issuer: ActivationCodeIssuer,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly rooms: VideoRoomNotifier,
  ) {}

  // ── availability ────────────────────────────────────────────────────────────

  /** The agent a request is about: one's own by default; another's only for supervisors and admins. */
  private async agentFor(principal: Principal, agentId: string | undefined): Promise<string> {
    const id = agentId ?? principal.staffId;
    if (id !== principal.staffId && !seesAll(principal)) throw new VideoException('video.not_your_agenda');
    if (id !== principal.staffId) {
      const agent = await this.repository.findAgent(id);
      if (!agent || !agent.roles.some((role) => role.role === 'video_agent')) throw new VideoException('video.agent_not_found');
    }
    return id;
  }

  /** The video agents a console filter offers: everyone's for supervisors and admins, one's own for an agent. */
  agents(principal: Principal): Promise<{ id: string; displayName: string }[]> {
    return this.repository.agents(seesAll(principal) ? undefined : principal.staffId);
  }

  async availability(principal: Principal, agentId: string | undefined, now = new Date()): Promise<{ agentId: string; patterns: VideoAvailabilityPattern[]; exceptions: VideoAvailabilityException[] }> {
    const id = await this.agentFor(principal, agentId);
    const [patterns, exceptions] = await Promise.all([this.repository.patternsOf(id), this.repository.exceptionsOf(id, brusselsDate(now))]);
    return { agentId: id, patterns, exceptions };
  }

  async createPattern(principal: Principal, input: CreatePatternDto, requestId: string | null): Promise<VideoAvailabilityPattern> {
    const agentId = await this.agentFor(principal, input.agentId);
    const slotMinutes = input.slotMinutes ?? this.config.VIDEO_SLOT_MINUTES;
    this.checkSpan(input.startTime, input.endTime, slotMinutes);
    if (!isIsoDate(input.validFrom) || (input.validUntil && (!isIsoDate(input.validUntil) || input.validUntil < input.validFrom))) throw new VideoException('video.time_span_invalid');
    const candidate = { startTime: input.startTime, endTime: input.endTime, validFrom: input.validFrom, validUntil: input.validUntil ?? null };
    return this.repository.transaction(async (manager) => {
      const existing = await this.repository.lockPatternsOf(manager, agentId, input.weekday);
      if (existing.some((pattern) => timeSpansOverlap(pattern, candidate) && validityOverlaps(pattern, candidate))) throw new VideoException('video.pattern_overlap');
      const pattern = await this.repository.insertPattern(manager, { agentId, weekday: input.weekday, ...candidate, slotMinutes, createdBy: principal.staffId });
      await this.audit.append(manager, {
        actor: auditActorOf(principal),
        action: 'video.pattern_created',
        subject: { type: 'video_availability_pattern', id: pattern.id },
        requestId,
        details: { agentId, weekday: input.weekday, startTime: input.startTime, endTime: input.endTime, slotMinutes, validFrom: input.validFrom, validUntil: input.validUntil ?? null },
      });
      return pattern;
    });
  }

  async deletePattern(principal: Principal, id: string, requestId: string | null): Promise<void> {
    const pattern = await this.repository.findPattern(id);
    if (!pattern || (pattern.agentId !== principal.staffId && !seesAll(principal))) throw new VideoException('video.pattern_not_found');
    await this.repository.transaction(async (manager) => {
      await this.repository.deletePattern(manager, id);
      await this.audit.append(manager, { actor: auditActorOf(principal), action: 'video.pattern_deleted', subject: { type: 'video_availability_pattern', id }, requestId, details: { agentId: pattern.agentId } });
    });
  }

  async createException(principal: Principal, input: CreateExceptionDto, requestId: string | null): Promise<VideoAvailabilityException> {
    const agentId = await this.agentFor(principal, input.agentId);
    if (!isIsoDate(input.day)) throw new VideoException('video.time_span_invalid');
    const hasSpan = input.startTime !== undefined || input.endTime !== undefined;
    if (hasSpan && (!input.startTime || !input.endTime)) throw new VideoException('video.time_span_invalid');
    if (input.kind === 'extra' && !hasSpan) throw new VideoException('video.time_span_invalid');
    const slotMinutes = input.kind === 'extra' ? (input.slotMinutes ?? this.config.VIDEO_SLOT_MINUTES) : null;
    if (hasSpan) this.checkSpan(input.startTime as string, input.endTime as string, slotMinutes ?? 0);
    return this.repository.transaction(async (manager) => {
      const exception = await this.repository.insertException(manager, {
        agentId,
        day: input.day,
        kind: input.kind,
        startTime: input.startTime ?? null,
        endTime: input.endTime ?? null,
        slotMinutes,
        note: input.note?.trim() || null,
        createdBy: principal.staffId,
      });
      await this.audit.append(manager, {
        actor: auditActorOf(principal),
        action: 'video.exception_created',
        subject: { type: 'video_availability_exception', id: exception.id },
        requestId,
        details: { agentId, day: input.day, kind: input.kind, startTime: input.startTime ?? null, endTime: input.endTime ?? null },
      });
      return exception;
    });
  }

  async deleteException(principal: Principal, id: string, requestId: string | null): Promise<void> {
    const exception = await this.repository.findException(id);
    if (!exception || (exception.agentId !== principal.staffId && !seesAll(principal))) throw new VideoException('video.exception_not_found');
    await this.repository.transaction(async (manager) => {
      await this.repository.deleteException(manager, id);
      await this.audit.append(manager, { actor: auditActorOf(principal), action: 'video.exception_deleted', subject: { type: 'video_availability_exception', id }, requestId, details: { agentId: exception.agentId } });
    });
  }

  private checkSpan(startTime: string, endTime: string, slotMinutes: number): void {
    const span = minutesOfTime(endTime) - minutesOfTime(startTime);
    if (span <= 0 || span < slotMinutes) throw new VideoException('video.time_span_invalid');
  }

  // ── capacity and agenda ─────────────────────────────────────────────────────

  async capacity(query: { from?: string; days?: number }, now = new Date()): Promise<{ days: { date: string; agents: number; slots: number; requested: number; confirmed: number; free: number }[] }> {
    const from = query.from ?? brusselsDate(now);
    const days = query.days ?? 7;
    const [published, free, counts] = await Promise.all([
      this.booking.agentSlots(from, days, new Date(0), { withBookings: false, horizon: false }),
      this.booking.agentSlots(from, days, now, { withBookings: true }),
      this.repository.bookingCountsPerDay(from, addDays(from, days - 1)),
    ]);
    return {
      days: Array.from({ length: days }, (_, index) => {
        const date = addDays(from, index);
        const ofDay = published.filter((slot) => slot.day === date);
        return {
          date,
          agents: new Set(ofDay.map((slot) => slot.agentId)).size,
          slots: ofDay.length,
          requested: counts.get(date)?.requested ?? 0,
          confirmed: counts.get(date)?.confirmed ?? 0,
          free: free.filter((slot) => slot.day === date).length,
        };
      }),
    };
  }

  async agenda(principal: Principal, query: { from?: string; days?: number; agentId?: string }, now = new Date()): Promise<AgentAppointmentView[]> {
    const agentId = query.agentId || !seesAll(principal) ? await this.agentFor(principal, query.agentId) : null;
    const from = query.from ?? brusselsDate(now);
    const appointments = await this.repository.agenda(brusselsInstant(from, 0), brusselsInstant(addDays(from, query.days ?? 1), 0), agentId);
    return this.views(appointments);
  }

  async detail(principal: Principal, id: string): Promise<AgentAppointmentView> {
    return (await this.views([await this.visible(principal, id)]))[0]!;
  }

  /** A page of the booking's current ID copy. */
  async copyPage(principal: Principal, id: string, pageNumber: number): Promise<{ contentType: string; content: Buffer }> {
    const appointment = await this.visible(principal, id);
    const page = appointment.idDocumentId ? await this.repository.findPage(appointment.idDocumentId, pageNumber) : null;
    if (!page) throw new VideoException('video.page_not_found');
    return { contentType: page.contentType, content: page.content };
  }

  async stillBytes(principal: Principal, id: string, stillId: string): Promise<{ contentType: string; content: Buffer }> {
    await this.visible(principal, id);
    const still = await this.repository.findStill(id, stillId);
    const page = still ? await this.repository.findPage(still.documentId, 1) : null;
    if (!page) throw new VideoException('video.still_not_found');
    return { contentType: page.contentType, content: page.content };
  }

  /** The appointment if the principal may see it (another agent's answers like a missing one). */
  private async visible(principal: Principal, id: string): Promise<Appointment> {
    const appointment = await this.repository.find(id);
    if (!appointment || (appointment.agentId !== principal.staffId && !seesAll(principal))) throw new VideoException('video.appointment_not_found');
    return appointment;
  }

  private async views(appointments: Appointment[]): Promise<AgentAppointmentView[]> {
    const [documents, stills, activeKeys] = await Promise.all([
      this.repository.documentsOf(appointments.map((appointment) => appointment.idDocumentId).filter((id): id is string => id !== null)),
      this.repository.stillsOf(appointments.map((appointment) => appointment.id)),
      this.repository.activeKeysByEmail(appointments.map((appointment) => appointment.email)),
    ]);
    return appointments.map((appointment) =>
      toAgentView(appointment, {
        document: documents.find((document) => document.id === appointment.idDocumentId) ?? null,
        stills: stills.filter((still) => still.appointmentId === appointment.id),
        citizenWaiting: this.rooms.isCitizenPresent(appointment.id),
        activeKeysOnEmail: activeKeys.get(appointment.email) ?? 0,
      }),
    );
  }

  // ── the interview ───────────────────────────────────────────────────────────

  async start(principal: Principal, id: string, requestId: string | null, now = new Date()): Promise<AgentAppointmentView> {
    await this.repository.transaction((manager) =>
      this.writer.transition(manager, {
        appointmentId: id,
        action: 'start',
        actor: this.actor(principal),
        assignedAgent: { id: principal.staffId, seesAll: seesAll(principal) },
        check: (current) => {
          if (now < joinOpensAt(this.config, current)) throw new VideoException('video.too_early', { minutes: this.config.VIDEO_JOIN_OPENS_MINUTES });
        },
        set: { startedAt: now },
        requestId,
      }),
    );
    this.rooms.admitted(id);
    return this.detail(principal, id);
  }

  /** A still from the video (PNG or JPEG, judged by its bytes), kept as a document that is never analysed. */
  async addStill(principal: Principal, id: string, file: Buffer | undefined, requestId: string | null): Promise<{ id: string; takenAt: string }> {
    const appointment = await this.visible(principal, id);
    if (appointment.agentId !== principal.staffId) throw new VideoException('video.not_assigned');
    if (appointment.status !== 'in_progress') throw new VideoException('video.illegal_transition', { state: appointment.status, action: 'still' }, { state: appointment.status, allowed: [] });
    const taken: { still?: AppointmentStill } = {};
    await this.documents.create(
      {
        purpose: 'video_still',
        pages: file ? [file] : [],
        maxPages: 1,
        allowPdf: false,
        analyse: false,
        retainUntil: new Date(appointment.endsAt.getTime() + this.config.VIDEO_DOCUMENT_RETENTION_DAYS * DAY_MS),
        uploadedBy: principal.staffId,
        municipalityNisCode: null,
        actor: auditActorOf(principal),
        requestId,
      },
      async (manager, document) => {
        const current = await this.repository.lock(manager, id);
        if (!current || current.status !== 'in_progress') throw new VideoException('video.illegal_transition', { state: current?.status ?? 'unknown', action: 'still' }, { allowed: [] });
        taken.still = await this.repository.insertStill(manager, { appointmentId: id, documentId: document.id, takenBy: principal.staffId });
        await this.audit.append(manager, {
          actor: auditActorOf(principal),
          action: 'appointment.still_taken',
          subject: { type: 'appointment', id },
          requestId,
          details: { stillId: taken.still.id, documentId: document.id },
        });
      },
    );
    if (!taken.still) throw new Error('still not recorded');
    return { id: taken.still.id, takenAt: taken.still.takenAt.toISOString() };
  }

  /**
   * Approve = one transaction: the person found by national number (or by the document already
   * checked) or created, the `video_interview` evidence, the activation code issued through the
   * desk's issuer (channel video, no letter, sealed copy for the citizen's page), the state.
   */
  async approve(principal: Principal, id: string, input: ApproveDto, requestId: string | null, now = new Date()): Promise<{ appointment: AgentAppointmentView; activationCode: string }> {
    const person = input.person;
    const nationalNumber = person.nationalNumber ? normalizeNationalNumber(person.nationalNumber) : null;
    const formatted = await this.repository.transaction(async (manager) => {
      const current = await this.repository.lock(manager, id);
      if (!current || (current.agentId !== principal.staffId && !seesAll(principal))) throw new VideoException('video.appointment_not_found');
      if (current.agentId !== principal.staffId) throw new VideoException('video.not_assigned');
      if (!appointmentLifecycle.can(current.status, 'approve')) {
        throw new VideoException('video.illegal_transition', { state: current.status, action: 'approve' }, { state: current.status, allowed: appointmentLifecycle.actionsFrom(current.status) });
      }
      if (!Object.values(input.checklist).every((value) => value === true) || Object.keys(input.checklist).length < 4) throw new VideoException('video.checklist_incomplete');
      if (person.nationalNumber && (!nationalNumber || !isValidNationalNumber(nationalNumber))) throw new VideoException('video.national_number_invalid');
      if (!isIsoDate(person.birthDate) || person.birthDate > brusselsDate(now)) throw new VideoException('video.birth_date_invalid');
      if (!isIsoDate(person.validUntil) || person.validUntil < brusselsDate(now)) throw new VideoException('video.document_expired');

      // Keys already on this e-mail are deactivated when the new key is activated: the agent confirms it first, as the desk clerk does.
      const activeKeys = await this.repository.countActiveKeysForEmail(manager, current.email);
      if (activeKeys > 0 && input.confirmReplaceKeys !== true) throw new VideoException('video.keys_confirmation_required', { count: activeKeys }, { activeKeys });

      const found = await this.findOrCreatePerson(manager, person, nationalNumber, current.language);
      const document = current.idDocumentId ? await this.repository.findDocument(current.idDocumentId) : null;
      const mrzLines = document?.analysis?.mrz?.found ? document.analysis.mrz.lines : [];
      const evidenceHash = createHash('sha256')
        .update(mrzLines.length ? mrzLines.join('\n') : JSON.stringify([person.documentType, person.documentNumber, person.issuingState, person.validUntil, person.surname, person.givenNames, person.birthDate]))
        .digest('hex');
      const evidence = await this.repository.insertEvidence(manager, {
        personId: found.id,
        kind: 'video_interview',
        documentNumber: person.documentNumber,
        // The evidence keeps the MRZ's document code (as the desk does); without an MRZ, the kind's usual code.
        documentType: mrzLines.length ? mrzLines[0]!.slice(0, 2).replace(/</g, '') || EVIDENCE_CODE[person.documentType] : EVIDENCE_CODE[person.documentType],
        issuingState: person.issuingState,
        validUntil: person.validUntil,
        algorithm: null,
        evidenceHash,
        rawFiles: null,
        municipalityNisCode: null,
        checkedBy: principal.staffId,
      });
      await this.audit.append(manager, {
        actor: auditActorOf(principal),
        action: 'video.identity_verified',
        subject: { type: 'person', id: found.id },
        requestId,
        details: { appointmentId: id, evidenceId: evidence.id, evidenceHash, documentId: current.idDocumentId, mrzUsed: mrzLines.length > 0 },
      });
      const issued = await this.issuer.issue(manager, {
        channel: 'video',
        personId: found.id,
        evidenceId: evidence.id,
        email: current.email,
        language: current.language,
        activeKeys,
        municipalityNisCode: null,
        issuedBy: principal.staffId,
        actor: auditActorOf(principal),
        requestId,
        mail: { name: `${found.givenNames} ${found.surname}`.trim() },
        letter: false,
      });
      await this.writer.transition(manager, {
        appointmentId: id,
        action: 'approve',
        actor: this.actor(principal),
        assignedAgent: { id: principal.staffId, seesAll: seesAll(principal) },
        set: { personId: found.id, activationCodeId: issued.code.id, checklist: { ...input.checklist }, endedAt: now },
        details: { personId: found.id, evidenceId: evidence.id, activationCodeId: issued.code.id },
        requestId,
      });
      return issued.formatted;
    });
    this.rooms.outcome(id, 'approved');
    return { appointment: await this.detail(principal, id), activationCode: formatted };
  }

  private async findOrCreatePerson(manager: EntityManager, input: ApproveDto['person'], nationalNumber: string | null, language: string): Promise<Person> {
    const fields = {
      surname: input.surname.trim(),
      givenNames: input.givenNames.trim(),
      birthDate: input.birthDate,
      birthDateText: input.birthDate,
      sex: input.sex,
      nationality: input.nationality,
      language,
      // The persons register's name keys, as the desk and the NISS flow write them.
      ...personNameKeys(input.surname, input.givenNames),
    };
    if (nationalNumber) return this.repository.findOrInsertPersonByNationalNumber(manager, { ...fields, nationalNumber });
    return (await this.repository.findPersonByCheckedDocument(manager, input.documentNumber, input.issuingState)) ?? this.repository.insertPerson(manager, { ...fields, nationalNumber: null });
  }

  async refuse(principal: Principal, id: string, reason: string, requestId: string | null, now = new Date()): Promise<AgentAppointmentView> {
    const text = reason.trim();
    if (text.length < 3) throw new VideoException('video.reason_required');
    await this.repository.transaction(async (manager) => {
      const appointment = await this.writer.transition(manager, {
        appointmentId: id,
        action: 'refuse',
        actor: this.actor(principal),
        assignedAgent: { id: principal.staffId, seesAll: seesAll(principal) },
        set: { outcomeReason: text, endedAt: now },
        requestId,
      });
      await queueVideoMail(manager, this.outbox, 'video-refused', appointment, { reason: text });
    });
    this.rooms.outcome(id, 'refused');
    return this.detail(principal, id);
  }

  async noShow(principal: Principal, id: string, requestId: string | null, now = new Date()): Promise<AgentAppointmentView> {
    await this.repository.transaction(async (manager) => {
      const appointment = await this.writer.transition(manager, {
        appointmentId: id,
        action: 'mark_no_show',
        actor: this.actor(principal),
        assignedAgent: { id: principal.staffId, seesAll: seesAll(principal) },
        check: (current) => {
          if (now < noShowAfter(this.config, current)) throw new VideoException('video.no_show_too_early', { minutes: this.config.VIDEO_NO_SHOW_GRACE_MINUTES });
        },
        set: { endedAt: now },
        requestId,
      });
      await queueVideoMail(manager, this.outbox, 'video-no-show', appointment);
    });
    this.rooms.outcome(id, 'no_show');
    return this.detail(principal, id);
  }

  private actor(principal: Principal) {
    return { kind: 'staff' as const, actor: auditActorOf(principal), staffId: principal.staffId };
  }
}
