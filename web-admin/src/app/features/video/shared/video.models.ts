/** Shapes of `/api/video/*` and of the signalling WebSocket (docs: the video-interview API contract). */

export const APPOINTMENT_STATES = ['requested', 'confirmed', 'in_progress', 'approved', 'refused', 'no_show', 'cancelled', 'expired'] as const;
export type AppointmentState = (typeof APPOINTMENT_STATES)[number];
export type CopyStatus = 'missing' | 'checking' | 'accepted' | 'refused';
export type CitizenLanguage = 'fr' | 'nl' | 'de' | 'en';

export interface Slot {
  startsAt: string;
  endsAt: string;
  free: number;
}

export interface SlotDay {
  /** YYYY-MM-DD in Europe/Brussels. */
  date: string;
  slots: Slot[];
}

export interface SlotsAnswer {
  timeZone: string;
  days: SlotDay[];
}

export interface BookingRequest {
  startsAt: string;
  givenNames: string;
  surname: string;
  email: string;
  language: CitizenLanguage;
}

export interface Booking {
  reference: string;
  startsAt: string;
  endsAt: string;
  /** Shown once. */
  securityCode: string;
  confirmBy: string | null;
}

export interface CitizenAppointmentView {
  reference: string;
  state: AppointmentState;
  startsAt: string;
  endsAt: string;
  givenNames: string;
  surname: string;
  emailMasked: string;
  language: CitizenLanguage;
  confirmBy: string | null;
  copy: { status: CopyStatus; problems: string[]; pageCount: number };
  changeableUntil: string;
  canCancel: boolean;
  canRebook: boolean;
  rebooksLeft: number;
  joinOpensAt: string;
  canJoin: boolean;
  activationCode: string | null;
  outcomeReason: string | null;
}

export interface MrzResult {
  found: boolean;
  valid: boolean;
  format: string | null;
  lines: string[];
  checks: { field: string; valid: boolean }[] | null;
}

export interface CopyPage {
  pageNumber: number;
  width: number;
  height: number;
  isColour: boolean;
  sharpness: number;
  problems: string[];
}

export interface ReadField {
  value: string;
  confidence?: number;
  source?: string;
}

/** An enabled staff member holding the video_agent role (`GET /api/video/agents`). */
export interface VideoAgent {
  id: string;
  displayName: string;
}

export interface AgentAppointmentView {
  id: string;
  reference: string;
  state: AppointmentState;
  startsAt: string;
  endsAt: string;
  agent: { id: string; displayName: string };
  citizen: { givenNames: string; surname: string; email: string; language: string };
  citizenWaiting: boolean;
  /** Active digital keys on the citizen's e-mail: approving needs the agent's confirmation that they will be deactivated. */
  activeKeysOnEmail: number;
  copy: {
    status: CopyStatus;
    problems: string[];
    documentId: string | null;
    pageCount: number;
    pages: CopyPage[];
    mrz: MrzResult | null;
    fields: Record<string, ReadField>;
  };
  checklist: Checklist | null;
  outcomeReason: string | null;
  stills: Still[];
  activationCodeIssued: boolean;
}

export interface Checklist {
  faceMatches: boolean;
  documentGenuine: boolean;
  dataConfirmed: boolean;
  livenessChecked: boolean;
}

export const CHECKLIST_ITEMS: readonly (keyof Checklist)[] = ['faceMatches', 'documentGenuine', 'dataConfirmed', 'livenessChecked'];

export interface Still {
  id: string;
  takenAt: string;
}

export interface ApprovedPerson {
  surname: string;
  givenNames: string;
  birthDate: string;
  sex: 'M' | 'F';
  nationalNumber?: string;
  nationality: string;
  documentType: string;
  documentNumber: string;
  issuingState: string;
  validUntil: string;
}

export interface ApproveAnswer {
  appointment: AgentAppointmentView;
  activationCode: string;
}

export interface AvailabilityPattern {
  id: string;
  weekday: number;
  startTime: string;
  endTime: string;
  slotMinutes: number;
  validFrom: string;
  validUntil: string | null;
}

export type ExceptionKind = 'unavailable' | 'extra';

export interface AvailabilityException {
  id: string;
  day: string;
  kind: ExceptionKind;
  startTime: string | null;
  endTime: string | null;
  slotMinutes: number | null;
  note: string | null;
}

export interface Availability {
  agentId: string;
  patterns: AvailabilityPattern[];
  exceptions: AvailabilityException[];
}

export interface NewPattern {
  agentId?: string;
  weekday: number;
  startTime: string;
  endTime: string;
  slotMinutes?: number;
  validFrom: string;
  validUntil?: string;
}

export interface NewException {
  agentId?: string;
  day: string;
  kind: ExceptionKind;
  startTime?: string;
  endTime?: string;
  slotMinutes?: number;
  note?: string;
}

export interface CapacityDay {
  date: string;
  agents: number;
  slots: number;
  requested: number;
  confirmed: number;
  free: number;
}

// Signalling (ws /api/video/signal)

export type CallRole = 'agent' | 'citizen';

export interface SignalData {
  sdp?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit;
}

export type ClientMessage =
  | { type: 'join'; appointmentId?: string }
  | { type: 'signal'; data: SignalData }
  | { type: 'ping'; t: number };

export type ServerMessage =
  | { type: 'joined'; role: CallRole; appointmentId: string; state: AppointmentState; peerPresent: boolean; iceServers: RTCIceServer[] }
  | { type: 'peer-joined'; role: CallRole }
  | { type: 'peer-left'; role: CallRole }
  | { type: 'signal'; from: CallRole; data: SignalData }
  | { type: 'admitted' }
  | { type: 'outcome'; state: 'approved' | 'refused' | 'no_show' | 'cancelled' }
  | { type: 'pong'; t: number }
  | { type: 'error'; code: string };
