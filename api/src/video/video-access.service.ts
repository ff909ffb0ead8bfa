import { Inject, Injectable } from '@nestjs/common';
import { AuditWriter } from '@sesame/audit';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import type { Appointment } from '@sesame/database';
import { keyedHash, keyedHashMatches } from '@sesame/domain';
import { OutboxWriter, queueReminders, queueVideoMail } from '@sesame/outbox';
import { CITIZEN_ACTOR } from '../activation/activation.service';
import { ActivationCodeIssuer } from '../activation/activation-code-issuer';
import { SecretsService } from '../common/secrets.service';
import { DocumentsService } from '../documents/documents.service';
import { AppointmentWriter } from './appointment-writer';
import { VideoRoomNotifier } from './video-room-notifier';
import { VideoBookingService } from './video-booking.service';
import { changeableUntil, CitizenAppointmentView, toCitizenView } from './video.views';
import { VideoException } from './video.exception';
import { VideoRepository } from './video.repository';
import { normalizeSecurityCode } from './security-code';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Pages an ID copy may have (recto and verso). */
export const VIDEO_COPY_MAX_PAGES = 2;

/**
 * The citizen's side of a booking, once the e-mailed link and the security code opened a session
 * on it: the ID copy that confirms it, cancelling and rebooking, and the view of the appointment
 * (with the activation code once approved, while it is unused).
 */
@Injectable()
export class VideoAccessService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: VideoRepository,
    private readonly booking: VideoBookingService,
    private readonly writer: AppointmentWriter,
    private readonly documents: DocumentsService,
    private readonly issuer: ActivationCodeIssuer,
    private readonly secrets: SecretsService,
    private readonly audit: AuditWriter,
    private readonly outbox: OutboxWriter,
    private readonly rooms: VideoRoomNotifier,
  ) {}

  /**
   * Opens a session with the link token and the security code. A wrong code counts (committed
   * although the request fails) and locks the link at VIDEO_SECURITY_CODE_MAX_ATTEMPTS; a locked
   * link refuses even the right code.
   */
  async open(token: string, securityCode: string, requestId: string | null): Promise<{ sessionToken: string; view: CitizenAppointmentView }> {
    const appointment = await this.repository.findByLinkTokenHash(keyedHash(this.config.CODE_PEPPER, 'appointment-link', token));
    if (!appointment) throw new VideoException('video.access.invalid_link');
    const refuse = async (reason: 'locked' | 'wrong_code') => {
      const state = await this.repository.transaction(async (manager) => {
        let attempts = appointment.codeFailedAttempts;
        let locked = appointment.codeLockedAt !== null;
        if (reason === 'wrong_code') {
          ({ attempts, locked } = await this.repository.recordWrongCode(manager, appointment.id, this.config.VIDEO_SECURITY_CODE_MAX_ATTEMPTS));
        }
        await this.audit.append(manager, {
          actor: CITIZEN_ACTOR,
          action: 'appointment.access_refused',
          subject: { type: 'appointment', id: appointment.id },
          requestId,
          details: { reason: locked ? 'locked' : reason, failedAttempts: attempts },
        });
        return { attempts, locked };
      });
      if (state.locked) throw new VideoException('video.access.locked');
      throw new VideoException('video.access.wrong_code', {}, { attemptsLeft: Math.max(0, this.config.VIDEO_SECURITY_CODE_MAX_ATTEMPTS - state.attempts) });
    };
    if (appointment.codeLockedAt) return refuse('locked');
    const canonical = normalizeSecurityCode(securityCode);
    if (!canonical || !keyedHashMatches(this.config.CODE_PEPPER, 'appointment-security-code', canonical, appointment.securityCodeHash)) return refuse('wrong_code');

    const sessionToken = this.secrets.randomToken();
    await this.repository.transaction(async (manager) => {
      // The right code: the counter starts again (unless a parallel wrong guess locked it meanwhile).
      if (await this.repository.resetWrongCodes(manager, appointment.id)) throw new VideoException('video.access.locked');
      await this.repository.insertAccess(manager, {
        tokenHash: this.secrets.sha256(sessionToken),
        appointmentId: appointment.id,
        expiresAt: new Date(Date.now() + this.config.VIDEO_ACCESS_SESSION_MINUTES * 60_000),
      });
      await this.audit.append(manager, {
        actor: CITIZEN_ACTOR,
        action: 'appointment.access_opened',
        subject: { type: 'appointment', id: appointment.id },
        requestId,
        details: {},
      });
    });
    return { sessionToken, view: await this.view(appointment.id) };
  }

  async view(appointmentId: string, now = new Date()): Promise<CitizenAppointmentView> {
    const appointment = await this.repository.find(appointmentId);
    if (!appointment) throw new VideoException('video.appointment_not_found');
    const document = appointment.idDocumentId ? await this.repository.findDocument(appointment.idDocumentId) : null;
    let activationCode: string | null = null;
    if (appointment.status === 'approved' && appointment.activationCodeId) {
      const code = await this.repository.findActivationCode(appointment.activationCodeId);
      activationCode = code ? this.issuer.unseal(code) : null;
    }
    return toCitizenView(this.config, appointment, { now, pageCount: document?.pageCount ?? 0, activationCode });
  }

  /**
   * A new ID copy: stored through the shared intake (content sniffed, limits), and in the same
   * transaction made the booking's current copy (`checking`); a previous copy is superseded (purged
   * by the next retention sweep, and its late analysis ignored by the worker).
   */
  async uploadCopy(appointmentId: string, files: Buffer[], requestId: string | null): Promise<CitizenAppointmentView> {
    const appointment = await this.repository.find(appointmentId);
    if (!appointment) throw new VideoException('video.appointment_not_found');
    if (appointment.status !== 'requested') throw new VideoException('video.copy_not_expected', { state: appointment.status });
    await this.documents.create(
      {
        purpose: 'video_id_copy',
        pages: files,
        maxPages: VIDEO_COPY_MAX_PAGES,
        allowPdf: true,
        retainUntil: new Date(appointment.endsAt.getTime() + this.config.VIDEO_DOCUMENT_RETENTION_DAYS * DAY_MS),
        uploadedBy: null,
        municipalityNisCode: null,
        actor: CITIZEN_ACTOR,
        requestId,
      },
      async (manager, document) => {
        const current = await this.repository.lock(manager, appointmentId);
        if (!current || current.status !== 'requested') throw new VideoException('video.copy_not_expected', { state: current?.status ?? 'unknown' });
        await this.repository.update(manager, appointmentId, { idDocumentId: document.id, copyStatus: 'checking', copyProblems: [] });
        if (current.idDocumentId) await this.repository.expireDocument(manager, current.idDocumentId);
        await this.audit.append(manager, {
          actor: CITIZEN_ACTOR,
          action: 'appointment.copy_uploaded',
          subject: { type: 'appointment', id: appointmentId },
          requestId,
          details: { documentId: document.id, pageCount: document.pageCount, supersedes: current.idDocumentId },
        });
      },
    );
    return this.view(appointmentId);
  }

  async cancel(appointmentId: string, requestId: string | null, now = new Date()): Promise<CitizenAppointmentView> {
    await this.repository.transaction(async (manager) => {
      const appointment = await this.writer.transition(manager, {
        appointmentId,
        action: 'cancel',
        actor: { kind: 'citizen' },
        check: (current) => this.checkChangeable(current, now),
        set: { endedAt: now },
        requestId,
      });
      await queueVideoMail(manager, this.outbox, 'video-cancelled', appointment);
    });
    this.rooms.outcome(appointmentId, 'cancelled');
    return this.view(appointmentId);
  }

  /**
   * Moves the booking to another free slot (maybe another agent): same id, reference and state.
   * The exclusion constraint decides races as for a new booking. A confirmed booking gets reminders
   * for its new start (the old ones find the start changed and do nothing); its documents' retention
   * follows the new end.
   */
  async rebook(appointmentId: string, startsAtInput: string, requestId: string | null, now = new Date()): Promise<CitizenAppointmentView> {
    const startsAt = new Date(startsAtInput);
    const before = await this.repository.find(appointmentId);
    if (!before) throw new VideoException('video.appointment_not_found');
    this.checkRebookable(before, now);
    if (before.startsAt.getTime() === startsAt.getTime()) throw new VideoException('video.rebook_same_slot');
    const candidates = await this.booking.candidatesAt(startsAt, now, appointmentId);
    await this.repository.transaction(async (manager) => {
      const current = await this.repository.lock(manager, appointmentId);
      if (!current) throw new VideoException('video.appointment_not_found');
      this.checkRebookable(current, now);
      const confirmBy = new Date(Math.min(current.createdAt.getTime() + this.config.VIDEO_CONFIRM_WITHIN_HOURS * 3_600_000, startsAt.getTime()));
      const { slot } = await this.booking.placeOnFirstFree(candidates, (candidate) =>
        this.repository.moveAppointment(manager, appointmentId, {
          agentId: candidate.agentId,
          startsAt: candidate.startsAt,
          endsAt: candidate.endsAt,
          rebookCount: current.rebookCount + 1,
          ...(current.status === 'requested' ? { confirmBy } : {}),
        }),
      );
      await this.repository.setDocumentsRetention(manager, appointmentId, new Date(slot.endsAt.getTime() + this.config.VIDEO_DOCUMENT_RETENTION_DAYS * DAY_MS));
      await this.audit.append(manager, {
        actor: CITIZEN_ACTOR,
        action: 'appointment.rebooked',
        subject: { type: 'appointment', id: appointmentId },
        requestId,
        details: {
          state: current.status,
          fromStartsAt: current.startsAt.toISOString(),
          toStartsAt: slot.startsAt.toISOString(),
          fromAgentId: current.agentId,
          toAgentId: slot.agentId,
          rebookCount: current.rebookCount + 1,
        },
      });
      const moved = { ...current, startsAt: slot.startsAt, endsAt: slot.endsAt };
      if (current.status === 'confirmed') await queueReminders(manager, this.outbox, this.config, moved, now);
      await queueVideoMail(manager, this.outbox, 'video-rebooked', moved);
    });
    return this.view(appointmentId);
  }

  async endSession(tokenHash: string): Promise<void> {
    await this.repository.deleteAccess(tokenHash);
    this.rooms.accessEnded(tokenHash);
  }

  private checkChangeable(appointment: Appointment, now: Date): void {
    if (now >= changeableUntil(this.config, appointment)) throw new VideoException('video.change_too_late', { hours: this.config.VIDEO_CHANGE_LIMIT_HOURS });
  }

  private checkRebookable(appointment: Appointment, now: Date): void {
    if (appointment.status !== 'requested' && appointment.status !== 'confirmed') {
      throw new VideoException('video.illegal_transition', { state: appointment.status, action: 'rebook' }, { state: appointment.status, allowed: [] });
    }
    this.checkChangeable(appointment, now);
    if (appointment.rebookCount >= this.config.VIDEO_REBOOK_MAX) throw new VideoException('video.rebook_limit', { max: this.config.VIDEO_REBOOK_MAX });
  }
}
