import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { OnGatewayConnection, OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import type { IncomingMessage } from 'node:http';
import type { RawData, WebSocket, WebSocketServer } from 'ws';
import { StaffSessionEvents } from '../../auth/staff-session-events';
import {
  ClientMessage,
  MessageRateLimiter,
  parseClientMessage,
  SIGNAL_CLOSE,
  SIGNAL_MAX_PAYLOAD_BYTES,
  SignalErrorCode,
  SignalRole,
} from './signal-protocol';
import { closeWithError, send, VideoRooms } from './video-rooms';
import { SignalIdentity, VideoSignalAuthService } from './video-signal-auth.service';
import { VideoSignalRepository } from './video-signal.repository';

/** A ws ping this often; a socket that has not answered the previous one is terminated. */
export const SIGNAL_HEARTBEAT_MS = 30_000;

const OPEN_STATES = ['confirmed', 'in_progress'] as const;

interface Connection {
  openedAt: number;
  /** Null until the upgrade is authenticated; frames that arrive meanwhile wait in `queue`. */
  identity: SignalIdentity | null;
  seat: { appointmentId: string; role: SignalRole } | null;
  alive: boolean;
  limiter: MessageRateLimiter;
  /** The rate limit was exceeded: the refusal is queued, further frames are ignored. */
  flooded: boolean;
  /** Frames are handled one after the other (a join reads the database; a signal must not overtake it). */
  queue: Promise<void>;
}

class Refusal {
  constructor(
    readonly code: SignalErrorCode,
    readonly close: number,
  ) {}
}

/**
 * WebRTC signalling of video interviews (ADR 0006, contract "Signalling WebSocket"): the upgrade is
 * authenticated by cookies and Origin, `join` seats the socket in its appointment's room, `signal`
 * relays SDP and ICE candidates to the other side, `ping` answers `pong`. Frames are at most
 * 128 kB (ws closes 1009 beyond), 300 per 10 s (close 4429). The rooms are in this process's memory
 * (see `VideoRooms` for what that means with several replicas). Logs carry appointment ids, roles and
 * close codes, never names, cookies or SDP.
 */
@WebSocketGateway({ path: '/api/video/signal', maxPayload: SIGNAL_MAX_PAYLOAD_BYTES, perMessageDeflate: false })
export class VideoSignalGateway implements OnGatewayInit<WebSocketServer>, OnGatewayConnection<WebSocket>, OnModuleDestroy {
  private readonly logger = new Logger(VideoSignalGateway.name);
  private readonly connections = new WeakMap<WebSocket, Connection>();
  private server: WebSocketServer | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: VideoSignalAuthService,
    private readonly repository: VideoSignalRepository,
    private readonly rooms: VideoRooms,
    sessionEvents: StaffSessionEvents,
  ) {
    // A staff member signed out (or lost their sessions): their sockets close (VideoRooms).
    this.unsubscribe = sessionEvents.subscribe((ended) => this.rooms.staffSessionsEnded(ended));
  }

  afterInit(server: WebSocketServer): void {
    this.server = server;
    this.heartbeatTimer = setInterval(() => this.heartbeat(), SIGNAL_HEARTBEAT_MS);
    this.heartbeatTimer.unref();
  }

  onModuleDestroy(): void {
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.unsubscribe();
  }

  /**
   * Terminates the sockets that did not answer the previous ping, closes those still not seated a
   * heartbeat after they opened (4400 `video.signal.not_joined`), pings the others. `now` for tests.
   */
  heartbeat(now = Date.now()): void {
    for (const socket of this.server?.clients ?? []) {
      const connection = this.connections.get(socket);
      if (!connection) continue;
      if (!connection.seat && now - connection.openedAt >= SIGNAL_HEARTBEAT_MS) {
        this.refuse(socket, connection, new Refusal('video.signal.not_joined', SIGNAL_CLOSE.badMessage));
        continue;
      }
      if (!connection.alive) {
        this.logger.log({ ...connection.seat, reason: 'heartbeat' }, 'video signal: socket terminated');
        socket.terminate();
        continue;
      }
      connection.alive = false;
      socket.ping();
    }
  }

  handleConnection(socket: WebSocket, request: IncomingMessage): void {
    const connection: Connection = { openedAt: Date.now(), identity: null, seat: null, alive: true, limiter: new MessageRateLimiter(), flooded: false, queue: Promise.resolve() };
    this.connections.set(socket, connection);
    socket.on('pong', () => (connection.alive = true));
    socket.on('close', (code: number) => {
      this.rooms.untrack(socket);
      if (connection.seat) {
        this.logger.log({ ...connection.seat, close: code }, 'video signal: left');
        this.rooms.leave(connection.seat.appointmentId, connection.seat.role, socket);
      }
    });
    socket.on('message', (data: RawData, isBinary: boolean) => {
      if (socket.readyState !== socket.OPEN || connection.flooded) return;
      // Over the budget: the frames already queued are still answered, then the refusal; later ones are dropped.
      connection.flooded = !connection.limiter.hit();
      const work = connection.flooded
        ? () => this.refuse(socket, connection, new Refusal('video.signal.too_many_messages', SIGNAL_CLOSE.tooManyMessages))
        : () => this.onFrame(socket, connection, isBinary ? null : rawText(data));
      connection.queue = connection.queue.then(work).catch((error: unknown) => this.onFailure(socket, connection, error));
    });
    connection.queue = this.authenticate(socket, connection, request).catch((error: unknown) => this.onFailure(socket, connection, error));
  }

  private async authenticate(socket: WebSocket, connection: Connection, request: IncomingMessage): Promise<void> {
    const result = await this.auth.authenticate(request);
    if (!result.ok) return this.refuse(socket, connection, new Refusal(result.code, result.close));
    if (socket.readyState !== socket.OPEN) return;
    connection.identity = result.identity;
    this.rooms.track(socket, result.identity);
  }

  private async onFrame(socket: WebSocket, connection: Connection, text: string | null): Promise<void> {
    if (socket.readyState !== socket.OPEN || !connection.identity) return;
    const message = text === null ? null : parseClientMessage(text);
    if (!message) return this.refuse(socket, connection, new Refusal('video.signal.bad_message', SIGNAL_CLOSE.badMessage));
    try {
      await this.handle(socket, connection, message);
    } catch (error) {
      if (error instanceof Refusal) return this.refuse(socket, connection, error);
      throw error;
    }
  }

  private async handle(socket: WebSocket, connection: Connection, message: ClientMessage): Promise<void> {
    switch (message.type) {
      case 'ping':
        send(socket, { type: 'pong', t: message.t });
        return;
      case 'join':
        return this.join(socket, connection, message.appointmentId);
      case 'signal':
        if (!connection.seat) throw new Refusal('video.signal.not_joined', SIGNAL_CLOSE.badMessage);
        this.rooms.relay(connection.seat.appointmentId, connection.seat.role, message.data);
        return;
    }
  }

  private async join(socket: WebSocket, connection: Connection, requestedId: string | null): Promise<void> {
    const identity = connection.identity as SignalIdentity;
    if (connection.seat) throw new Refusal('video.signal.bad_message', SIGNAL_CLOSE.badMessage);
    const appointmentId = requestedId ?? identity.citizen?.appointmentId;
    if (!appointmentId) throw new Refusal('video.signal.bad_message', SIGNAL_CLOSE.badMessage);
    const appointment = await this.repository.findAppointment(appointmentId);
    if (!appointment) throw new Refusal('video.signal.forbidden', SIGNAL_CLOSE.forbidden);
    const role = this.roleIn(identity, appointment);
    if (!role) throw new Refusal('video.signal.forbidden', SIGNAL_CLOSE.forbidden);
    if (!(OPEN_STATES as readonly string[]).includes(appointment.status)) throw new Refusal('video.signal.not_open', SIGNAL_CLOSE.forbidden);
    if (role === 'citizen') this.checkCitizenWindow(appointment);
    if (socket.readyState !== socket.OPEN) return;

    connection.seat = { appointmentId, role };
    const { peerPresent, admitted } = this.rooms.enter(appointmentId, role, socket);
    send(socket, { type: 'joined', role, appointmentId, state: appointment.status, peerPresent, iceServers: this.config.VIDEO_ICE_SERVERS });
    if (role === 'citizen' && (appointment.status === 'in_progress' || admitted)) send(socket, { type: 'admitted' });
    this.logger.log({ appointmentId, role, peerPresent }, 'video signal: joined');
  }

  /** The assigned agent (role `video_agent`) first, else the appointment's own citizen session. */
  private roleIn(identity: SignalIdentity, appointment: { id: string; agentId: string }): SignalRole | null {
    if (identity.staff && identity.staff.roles.includes('video_agent') && identity.staff.id === appointment.agentId) return 'agent';
    if (identity.citizen && identity.citizen.appointmentId === appointment.id) return 'citizen';
    return null;
  }

  /**
   * The citizen's waiting room opens VIDEO_JOIN_OPENS_MINUTES before the start and, for a confirmed
   * appointment, closes VIDEO_NO_SHOW_GRACE_MINUTES after the end. Once the agent has started the
   * interview (in_progress) the agent decides when it ends: a citizen who reloads during an
   * overrunning interview is let back in.
   */
  private checkCitizenWindow(appointment: { status: string; startsAt: Date; endsAt: Date }): void {
    const now = Date.now();
    if (now < appointment.startsAt.getTime() - this.config.VIDEO_JOIN_OPENS_MINUTES * 60_000) throw new Refusal('video.signal.too_early', SIGNAL_CLOSE.forbidden);
    if (appointment.status === 'confirmed' && now > appointment.endsAt.getTime() + this.config.VIDEO_NO_SHOW_GRACE_MINUTES * 60_000) {
      throw new Refusal('video.signal.not_open', SIGNAL_CLOSE.forbidden);
    }
  }

  private refuse(socket: WebSocket, connection: Connection, refusal: Refusal): void {
    if (socket.readyState !== socket.OPEN) return;
    this.logger.log({ ...connection.seat, code: refusal.code, close: refusal.close }, 'video signal: refused');
    closeWithError(socket, refusal.code, refusal.close);
  }

  private onFailure(socket: WebSocket, connection: Connection, error: unknown): void {
    // Name and message only: a query error's parameters (token hashes) stay out of the logs.
    const err = error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
    this.logger.error({ ...connection.seat, err }, 'video signal: failure');
    socket.close(1011, 'internal error');
  }
}

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
