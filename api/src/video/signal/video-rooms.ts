import { Injectable, Logger } from '@nestjs/common';
import { WebSocket } from 'ws';
import { isAmongEnded, StaffSessionsEnded } from '../../auth/staff-session-events';
import { VideoRoomNotifier } from '../video-room-notifier';
import { SIGNAL_CLOSE, SignalData, SignalErrorCode, ServerMessage, SignalRole } from './signal-protocol';
import type { SignalIdentity } from './video-signal-auth.service';

interface Room {
  agent: WebSocket | null;
  citizen: WebSocket | null;
  /** `admitted()` was called while this room existed: a citizen entering later is told at once. */
  admitted: boolean;
}

/** An authenticated socket, seated or not: the sessions that let it in, and its seat's role once joined. */
interface Tracked {
  identity: SignalIdentity;
  role: SignalRole | null;
}

const other = (role: SignalRole): SignalRole => (role === 'agent' ? 'citizen' : 'agent');

/**
 * The rooms of video interviews, keyed by appointment id: at most one agent socket and one citizen
 * socket. A second socket of the same side (a reload, a second tab) **replaces** the older one, which
 * gets `video.signal.replaced` and close 4409; the other side sees `peer-left` then `peer-joined` and
 * negotiates again. Refusing the newcomer instead would lock out a user who reloaded the page until
 * the server noticed the old socket was dead (up to a minute with the heartbeat).
 *
 * Scale-out: rooms live in this process's memory. With several api replicas, both sides of a room
 * and the booking calls that use this notifier must reach the same replica: route `/api/video/*` to
 * one replica (cookie stickiness does not do it: agent and citizen hold different cookies), or add
 * a Redis pub/sub relay (a channel per appointment; not built; see docs/architecture.md).
 * `isCitizenPresent` only knows this replica's sockets.
 *
 * Sessions: every authenticated socket is tracked with the sessions that let it in. When one ends
 * (the citizen's `DELETE /api/video/access`, a staff logout, password change, roles change, disabled
 * account), the sockets that depend on it close with 4401 `video.signal.unauthenticated`; a socket
 * that also holds the other kind of session and is not seated on the ended one just forgets it. Also
 * in this process only: a session ended on another replica, or one that simply expired, does not
 * close a socket here (the next join or reload is refused).
 */
@Injectable()
export class VideoRooms extends VideoRoomNotifier {
  private readonly logger = new Logger(VideoRooms.name);
  private readonly rooms = new Map<string, Room>();
  private readonly tracked = new Map<WebSocket, Tracked>();

  /** Remembers an authenticated socket and the sessions that let it in (the identity is updated in place when one ends). */
  track(socket: WebSocket, identity: SignalIdentity): void {
    this.tracked.set(socket, { identity, role: null });
  }

  /** Forgets a closed socket. */
  untrack(socket: WebSocket): void {
    this.tracked.delete(socket);
  }

  /** Staff sessions ended: the agent sockets opened with them close (4401). */
  staffSessionsEnded(ended: StaffSessionsEnded): void {
    this.endSessions('agent', (identity) => {
      if (!identity.staff || !isAmongEnded(ended, identity.staff.id, identity.staff.sessionHash)) return false;
      identity.staff = null;
      return true;
    });
  }

  override accessEnded(tokenHash: string): void {
    this.endSessions('citizen', (identity) => {
      if (identity.citizen?.accessHash !== tokenHash) return false;
      identity.citizen = null;
      return true;
    });
  }

  /**
   * `forget` drops the ended session from an identity (true when it held it). The socket closes when
   * it is seated as `role`, or not seated and left with no session.
   */
  private endSessions(role: SignalRole, forget: (identity: SignalIdentity) => boolean): void {
    for (const [socket, entry] of this.tracked) {
      if (!forget(entry.identity)) continue;
      if (entry.role === role || (entry.role === null && !entry.identity.staff && !entry.identity.citizen)) {
        this.tracked.delete(socket);
        this.logger.log({ role, seated: entry.role !== null, close: SIGNAL_CLOSE.unauthenticated }, 'video signal: session ended, socket closed');
        closeWithError(socket, 'video.signal.unauthenticated', SIGNAL_CLOSE.unauthenticated);
      }
    }
  }

  /** Puts a socket in its seat; returns whether the other side is present. */
  enter(appointmentId: string, role: SignalRole, socket: WebSocket): { peerPresent: boolean; admitted: boolean } {
    const room = this.roomOf(appointmentId);
    const previous = room[role];
    const peer = room[other(role)];
    if (previous && previous !== socket) {
      room[role] = null;
      this.logger.log({ appointmentId, role, close: SIGNAL_CLOSE.replaced }, 'video signal: socket replaced');
      closeWithError(previous, 'video.signal.replaced', SIGNAL_CLOSE.replaced);
      if (peer) send(peer, { type: 'peer-left', role });
    }
    room[role] = socket;
    const tracked = this.tracked.get(socket);
    if (tracked) tracked.role = role;
    if (peer) send(peer, { type: 'peer-joined', role });
    return { peerPresent: isOpen(peer), admitted: room.admitted };
  }

  /** Takes a closed socket out of its seat (a no-op when a newer socket already took it) and tells the other side. */
  leave(appointmentId: string, role: SignalRole, socket: WebSocket): void {
    const room = this.rooms.get(appointmentId);
    if (!room || room[role] !== socket) return;
    room[role] = null;
    const peer = room[other(role)];
    if (peer) send(peer, { type: 'peer-left', role });
    this.dropIfEmpty(appointmentId, room);
  }

  /** Hands an SDP or ICE candidate to the other side (dropped when it is not there: it negotiates again on `peer-joined`). */
  relay(appointmentId: string, from: SignalRole, data: SignalData): boolean {
    const peer = this.rooms.get(appointmentId)?.[other(from)];
    if (!peer) return false;
    return send(peer, { type: 'signal', from, data });
  }

  override isCitizenPresent(appointmentId: string): boolean {
    return isOpen(this.rooms.get(appointmentId)?.citizen ?? null);
  }

  override admitted(appointmentId: string): void {
    // The room is created if needed: a citizen whose join read the appointment just before the
    // start committed still learns that they are admitted when they enter.
    const room = this.roomOf(appointmentId);
    room.admitted = true;
    if (room.citizen) send(room.citizen, { type: 'admitted' });
    this.logger.log({ appointmentId, citizenPresent: isOpen(room.citizen) }, 'video signal: admitted');
  }

  override outcome(appointmentId: string, state: 'approved' | 'refused' | 'no_show' | 'cancelled'): void {
    const room = this.rooms.get(appointmentId);
    if (!room) return;
    room.admitted = false;
    const citizen = room.citizen;
    if (citizen) {
      send(citizen, { type: 'outcome', state });
      // The interview is over: the citizen's page re-reads its appointment; its socket is closed
      // politely (the close frame follows the message). The agent's side ends the call itself.
      citizen.close(SIGNAL_CLOSE.normal, 'outcome');
    }
    this.logger.log({ appointmentId, state }, 'video signal: outcome');
    this.dropIfEmpty(appointmentId, room);
  }

  /** How many rooms are known (occupied, or admitted and not yet ended). */
  get size(): number {
    return this.rooms.size;
  }

  private roomOf(appointmentId: string): Room {
    let room = this.rooms.get(appointmentId);
    if (!room) {
      room = { agent: null, citizen: null, admitted: false };
      this.rooms.set(appointmentId, room);
    }
    return room;
  }

  private dropIfEmpty(appointmentId: string, room: Room): void {
    if (!room.agent && !room.citizen && this.rooms.get(appointmentId) === room) this.rooms.delete(appointmentId);
  }
}

export const isOpen = (socket: WebSocket | null | undefined): boolean => socket?.readyState === WebSocket.OPEN;

/** Sends one server message; false when the socket is not open. */
export function send(socket: WebSocket, message: ServerMessage): boolean {
  if (!isOpen(socket)) return false;
  socket.send(JSON.stringify(message));
  return true;
}

/** `{ type: 'error', code }`, then the close frame with `closeCode`. */
export function closeWithError(socket: WebSocket, code: SignalErrorCode, closeCode: number): void {
  send(socket, { type: 'error', code });
  if (socket.readyState === WebSocket.OPEN || socket.readyState === WebSocket.CONNECTING) socket.close(closeCode, code.slice(0, 120));
}
