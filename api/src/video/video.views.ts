import type { AppConfig } from '@sesame/config';
import type { Appointment, AppointmentChecklist, AppointmentCopyStatus, AppointmentStatus, AppointmentStill, Document } from '@sesame/database';

const MINUTE_MS = 60_000;

/** What the citizen's appointment page shows (contract: CitizenAppointmentView). */
export interface CitizenAppointmentView {
  reference: string;
  state: AppointmentStatus;
  startsAt: string;
  endsAt: string;
  givenNames: string;
  surname: string;
  emailMasked: string;
  language: 'fr' | 'nl' | 'de' | 'en';
  confirmBy: string | null;
  copy: { status: AppointmentCopyStatus; problems: string[]; pageCount: number };
  changeableUntil: string;
  canCancel: boolean;
  canRebook: boolean;
  rebooksLeft: number;
  joinOpensAt: string;
  canJoin: boolean;
  activationCode: string | null;
  outcomeReason: string | null;
}

export interface AgentAppointmentView {
  id: string;
  reference: string;
  state: AppointmentStatus;
  startsAt: string;
  endsAt: string;
  agent: { id: string; displayName: string };
  citizen: { givenNames: string; surname: string; email: string; language: string };
  citizenWaiting: boolean;
  /** Active digital keys on the citizen's e-mail: approving needs the agent's confirmation that they will be deactivated. */
  activeKeysOnEmail: number;
  copy: {
    status: AppointmentCopyStatus;
    problems: string[];
    documentId: string | null;
    pageCount: number;
    pages: { pageNumber: number; width: number; height: number; isColour: boolean; sharpness: number; problems: string[] }[];
    mrz: { found: boolean; valid: boolean; format: string | null; lines: string[]; checks: { field: string; valid: boolean }[] | null } | null;
    fields: Record<string, { value: string; confidence?: number; source?: string }>;
  };
  checklist: AppointmentChecklist | null;
  outcomeReason: string | null;
  stills: { id: string; takenAt: string }[];
  activationCodeIssued: boolean;
}

/** "j***@example.org": enough for the citizen to recognise their address, not enough to harvest it. */
export function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}***@${domain}`;
}

/** Cancelling or rebooking is possible until this instant. */
export const changeableUntil = (config: AppConfig, appointment: Pick<Appointment, 'startsAt'>): Date =>
  new Date(appointment.startsAt.getTime() - config.VIDEO_CHANGE_LIMIT_HOURS * 60 * MINUTE_MS);

export const joinOpensAt = (config: AppConfig, appointment: Pick<Appointment, 'startsAt'>): Date =>
  new Date(appointment.startsAt.getTime() - config.VIDEO_JOIN_OPENS_MINUTES * MINUTE_MS);

export const noShowAfter = (config: AppConfig, appointment: Pick<Appointment, 'startsAt'>): Date =>
  new Date(appointment.startsAt.getTime() + config.VIDEO_NO_SHOW_GRACE_MINUTES * MINUTE_MS);

export function toCitizenView(config: AppConfig, appointment: Appointment, extra: { now: Date; pageCount: number; activationCode: string | null }): CitizenAppointmentView {
  const { now } = extra;
  const changeable = changeableUntil(config, appointment);
  const changeableState = appointment.status === 'requested' || appointment.status === 'confirmed';
  const beforeLimit = now < changeable;
  const rebooksLeft = Math.max(0, config.VIDEO_REBOOK_MAX - appointment.rebookCount);
  const opens = joinOpensAt(config, appointment);
  const joinCloses = new Date(appointment.endsAt.getTime() + config.VIDEO_NO_SHOW_GRACE_MINUTES * MINUTE_MS);
  return {
    reference: appointment.reference,
    state: appointment.status,
    startsAt: appointment.startsAt.toISOString(),
    endsAt: appointment.endsAt.toISOString(),
    givenNames: appointment.givenNames,
    surname: appointment.surname,
    emailMasked: maskEmail(appointment.email),
    language: appointment.language,
    confirmBy: appointment.status === 'requested' ? appointment.confirmBy.toISOString() : null,
    copy: { status: appointment.copyStatus, problems: appointment.copyProblems, pageCount: extra.pageCount },
    changeableUntil: changeable.toISOString(),
    canCancel: changeableState && beforeLimit,
    canRebook: changeableState && beforeLimit && rebooksLeft > 0,
    rebooksLeft,
    joinOpensAt: opens.toISOString(),
    canJoin: (appointment.status === 'confirmed' || appointment.status === 'in_progress') && now >= opens && now <= joinCloses,
    activationCode: extra.activationCode,
    outcomeReason: appointment.status === 'refused' ? appointment.outcomeReason : null,
  };
}

export function toAgentView(appointment: Appointment, extra: { document: Document | null; stills: AppointmentStill[]; citizenWaiting: boolean; activeKeysOnEmail: number }): AgentAppointmentView {
  const analysis = extra.document?.analysis ?? null;
  const mrz = analysis?.mrz ?? null;
  return {
    id: appointment.id,
    reference: appointment.reference,
    state: appointment.status,
    startsAt: appointment.startsAt.toISOString(),
    endsAt: appointment.endsAt.toISOString(),
    agent: { id: appointment.agentId, displayName: appointment.agent?.displayName ?? '' },
    citizen: { givenNames: appointment.givenNames, surname: appointment.surname, email: appointment.email, language: appointment.language },
    citizenWaiting: extra.citizenWaiting,
    activeKeysOnEmail: extra.activeKeysOnEmail,
    copy: {
      status: appointment.copyStatus,
      problems: appointment.copyProblems,
      documentId: appointment.idDocumentId,
      pageCount: extra.document?.pageCount ?? 0,
      pages: (analysis?.pages ?? []).map((page) => ({
        pageNumber: page.pageNumber,
        width: page.width,
        height: page.height,
        isColour: page.isColour,
        sharpness: page.sharpness,
        problems: [...page.problems],
      })),
      mrz: mrz
        ? {
            found: mrz.found,
            valid: mrz.valid,
            format: mrz.format,
            lines: mrz.lines,
            checks: mrz.checks ? Object.entries(mrz.checks).map(([field, valid]) => ({ field, valid: Boolean(valid) })) : null,
          }
        : null,
      fields: Object.fromEntries(
        Object.entries(analysis?.fields ?? {})
          .filter(([, field]) => field)
          .map(([name, field]) => [name, { value: String(field!.value), confidence: field!.confidence, source: field!.source }]),
      ),
    },
    checklist: appointment.checklist,
    outcomeReason: appointment.outcomeReason,
    stills: extra.stills.map((still) => ({ id: still.id, takenAt: still.takenAt.toISOString() })),
    activationCodeIssued: appointment.activationCodeId !== null,
  };
}
