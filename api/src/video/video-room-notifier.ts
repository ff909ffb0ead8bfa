import type { AppointmentStatus } from '@sesame/database';

/**
 * What the booking services need from the signalling gateway (api/src/video/signal): whether the
 * citizen is in the waiting room, and telling the room when the agent admits them or records the
 * outcome. Implemented by `VideoRooms`, provided by `VideoSignalModule`; called after the
 * transaction that made the change has committed.
 */
export abstract class VideoRoomNotifier {
  /** The citizen of this appointment has the waiting room (or the call) open right now. */
  abstract isCitizenPresent(appointmentId: string): boolean;
  /** The agent started the interview: the citizen is let in. */
  abstract admitted(appointmentId: string): void;
  /** The interview ended with this state: the citizen's page re-reads its appointment. */
  abstract outcome(appointmentId: string, state: Extract<AppointmentStatus, 'approved' | 'refused' | 'no_show' | 'cancelled'>): void;
  /** The citizen ended their appointment session (`tokenHash`: SHA-256 of its token): its sockets close (4401). */
  abstract accessEnded(tokenHash: string): void;
}
