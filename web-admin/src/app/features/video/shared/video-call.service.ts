import { computed, DestroyRef, inject, Injectable, InjectionToken, signal } from '@angular/core';
import { AppointmentState, CallRole, ClientMessage, ServerMessage, SignalData } from './video.models';

/** The parts of a WebSocket the call uses (a fake in tests). */
export interface SignalSocket {
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** The parts of an RTCPeerConnection the call uses (a fake in tests). */
export type PeerConnection = Pick<
  RTCPeerConnection,
  | 'addTrack'
  | 'addTransceiver'
  | 'addIceCandidate'
  | 'close'
  | 'createAnswer'
  | 'createOffer'
  | 'setLocalDescription'
  | 'setRemoteDescription'
  | 'localDescription'
  | 'remoteDescription'
  | 'connectionState'
> & {
  onicecandidate: ((event: RTCPeerConnectionIceEvent) => void) | null;
  ontrack: ((event: RTCTrackEvent) => void) | null;
  onconnectionstatechange: ((event: Event) => void) | null;
};

/** Opens the signalling WebSocket: same origin, `/api/video/signal`, cookies authenticate it. */
export const VIDEO_SOCKET_FACTORY = new InjectionToken<() => SignalSocket>('VIDEO_SOCKET_FACTORY', {
  factory: () => () => new WebSocket(location.origin.replace(/^http/, 'ws') + '/api/video/signal'),
});

export const VIDEO_PEER_FACTORY = new InjectionToken<(config: RTCConfiguration) => PeerConnection>('VIDEO_PEER_FACTORY', {
  factory: () => (config) => new RTCPeerConnection(config),
});

/** Camera and microphone. */
export const VIDEO_USER_MEDIA = new InjectionToken<(constraints: MediaStreamConstraints) => Promise<MediaStream>>('VIDEO_USER_MEDIA', {
  factory: () => (constraints) => {
    if (typeof navigator === 'undefined' || !navigator.mediaDevices?.getUserMedia) {
      return Promise.reject(new DOMException('getUserMedia unavailable', 'NotSupportedError'));
    }
    return navigator.mediaDevices.getUserMedia(constraints);
  },
});

/** How often the round-trip to the signalling server is measured. */
export const VIDEO_PING_MS = new InjectionToken<number>('VIDEO_PING_MS', { factory: () => 5000 });

export type MediaProblem = 'denied' | 'no_device' | 'in_use' | 'unsupported' | 'failed';
export type CallStatus =
  | 'idle'
  | 'connecting'
  | 'waiting_admission'
  | 'waiting_peer'
  | 'negotiating'
  | 'connected'
  | 'peer_left'
  | 'ended'
  | 'closed';

const CLOSE_CODES: Record<number, string> = {
  4401: 'video.signal.unauthenticated',
  4403: 'video.signal.forbidden',
  4409: 'video.signal.replaced',
};

function plainDescription(description: RTCSessionDescriptionInit): RTCSessionDescriptionInit {
  return { type: description.type, sdp: description.sdp };
}

function mediaProblemOf(error: unknown): MediaProblem {
  const name = error instanceof DOMException || error instanceof Error ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'no_device';
    case 'NotReadableError':
    case 'AbortError':
      return 'in_use';
    case 'NotSupportedError':
    case 'TypeError':
      return 'unsupported';
    default:
      return 'failed';
  }
}

/**
 * One video call, for either side: the local camera and microphone, the signalling WebSocket
 * (join, admission, presence, SDP and ICE relay, ping) and the RTCPeerConnection. The agent creates
 * the offer once the citizen is admitted and present (again when the citizen comes back); the
 * citizen answers. Provide one per page.
 */
@Injectable()
export class VideoCallService {
  private readonly openSocket = inject(VIDEO_SOCKET_FACTORY);
  private readonly newPeer = inject(VIDEO_PEER_FACTORY);
  private readonly getUserMedia = inject(VIDEO_USER_MEDIA);
  private readonly pingMs = inject(VIDEO_PING_MS);

  readonly connection = signal<'idle' | 'connecting' | 'open' | 'closed'>('idle');
  readonly role = signal<CallRole | null>(null);
  readonly appointmentId = signal<string | null>(null);
  readonly appointmentState = signal<AppointmentState | null>(null);
  readonly peerPresent = signal(false);
  /** The citizen was let in (the agent started the interview). */
  readonly admitted = signal(false);
  readonly peerLeft = signal(false);
  readonly peerState = signal<RTCPeerConnectionState | 'none'>('none');
  readonly localStream = signal<MediaStream | null>(null);
  readonly remoteStream = signal<MediaStream | null>(null);
  readonly mediaProblem = signal<MediaProblem | null>(null);
  readonly cameraOn = signal(true);
  readonly roundTripMs = signal<number | null>(null);
  readonly outcome = signal<'approved' | 'refused' | 'no_show' | 'cancelled' | null>(null);
  /** Why the server refused or closed the connection (a `video.signal.*` code). */
  readonly errorCode = signal<string | null>(null);

  /** The translation key of `errorCode`. */
  readonly errorKey = computed(() => {
    const code = this.errorCode();
    if (!code) return null;
    const known = ['unauthenticated', 'forbidden', 'replaced', 'not_open', 'too_early', 'bad_message'];
    const name = code.split('.').pop() ?? '';
    return `video.signal_error.${known.includes(name) ? name : 'other'}`;
  });

  readonly status = computed<CallStatus>(() => {
    if (this.outcome()) return 'ended';
    const connection = this.connection();
    if (connection === 'idle') return 'idle';
    if (connection === 'closed') return 'closed';
    if (connection === 'connecting' || !this.role()) return 'connecting';
    if (this.role() === 'citizen' && !this.admitted()) return 'waiting_admission';
    if (!this.peerPresent()) return this.peerLeft() ? 'peer_left' : 'waiting_peer';
    return this.peerState() === 'connected' ? 'connected' : 'negotiating';
  });

  private socket: SignalSocket | null = null;
  private peer: PeerConnection | null = null;
  private iceServers: RTCIceServer[] = [];
  private pendingCandidates: RTCIceCandidateInit[] = [];
  /** SDP and ICE steps run one after the other, in the order the messages came. */
  private chain: Promise<void> = Promise.resolve();
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private destroyed = false;

  constructor() {
    inject(DestroyRef).onDestroy(() => {
      this.destroyed = true;
      this.leave();
      this.stopMedia();
    });
  }

  /** Asks for the camera and microphone; on refusal `mediaProblem` says why (the call can go on without). */
  async startMedia(): Promise<MediaStream | null> {
    if (this.localStream()) return this.localStream();
    this.mediaProblem.set(null);
    try {
      const stream = await this.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: true });
      if (this.destroyed) {
        // The page was left while the browser was asking: give the camera back at once.
        stream.getTracks().forEach((track) => track.stop());
        return null;
      }
      this.localStream.set(stream);
      this.cameraOn.set(true);
      return stream;
    } catch (error: unknown) {
      this.mediaProblem.set(mediaProblemOf(error));
      return null;
    }
  }

  stopMedia(): void {
    this.localStream()
      ?.getTracks()
      .forEach((track) => track.stop());
    this.localStream.set(null);
  }

  /** Camera off = the video track sends black frames; the microphone stays on. */
  setCameraOn(on: boolean): void {
    this.localStream()
      ?.getVideoTracks()
      .forEach((track) => (track.enabled = on));
    this.cameraOn.set(on);
  }

  /** Opens the signalling connection and joins the appointment's room (a citizen's own when no id). */
  connect(appointmentId?: string): void {
    if (this.destroyed) return;
    this.leave();
    this.errorCode.set(null);
    this.outcome.set(null);
    this.peerLeft.set(false);
    this.role.set(null);
    this.admitted.set(false);
    this.peerPresent.set(false);
    this.connection.set('connecting');
    const socket = this.openSocket();
    this.socket = socket;
    socket.onopen = () => {
      if (this.socket !== socket) return;
      this.connection.set('open');
      this.send(appointmentId ? { type: 'join', appointmentId } : { type: 'join' });
      this.startPing();
    };
    socket.onmessage = (event: MessageEvent) => {
      if (this.socket !== socket) return;
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      this.handle(message);
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      if (!this.errorCode() && CLOSE_CODES[event.code]) this.errorCode.set(CLOSE_CODES[event.code]);
      this.closed();
    };
    socket.onerror = () => undefined;
  }

  /** The agent started the interview (the API admitted the citizen): offer as soon as they are here. */
  admit(): void {
    this.admitted.set(true);
    this.appointmentState.set('in_progress');
    this.maybeOffer();
  }

  /** Hangs up: closes the peer connection and the signalling socket (the camera stays on). */
  leave(): void {
    const socket = this.socket;
    this.socket = null;
    if (socket && socket.readyState <= 1) socket.close(1000);
    this.closed();
  }

  private closed(): void {
    this.stopPing();
    this.closePeer();
    this.socket = null;
    if (this.connection() !== 'idle') this.connection.set('closed');
  }

  private handle(message: ServerMessage): void {
    switch (message.type) {
      case 'joined':
        this.role.set(message.role);
        this.appointmentId.set(message.appointmentId);
        this.appointmentState.set(message.state);
        this.iceServers = message.iceServers ?? [];
        this.peerPresent.set(message.peerPresent);
        if (message.role === 'agent' && message.state === 'in_progress') this.admitted.set(true);
        this.maybeOffer();
        break;
      case 'peer-joined':
        this.peerPresent.set(true);
        this.peerLeft.set(false);
        this.maybeOffer();
        break;
      case 'peer-left':
        this.peerPresent.set(false);
        this.peerLeft.set(true);
        this.closePeer();
        break;
      case 'admitted':
        this.admitted.set(true);
        this.appointmentState.set('in_progress');
        break;
      case 'signal':
        if (message.data?.sdp) this.enqueue(() => this.onDescription(message.data.sdp as RTCSessionDescriptionInit));
        else if (message.data?.candidate) this.enqueue(() => this.onCandidate(message.data.candidate as RTCIceCandidateInit));
        break;
      case 'outcome':
        this.outcome.set(message.state);
        this.appointmentState.set(message.state);
        break;
      case 'pong':
        this.roundTripMs.set(Math.max(0, Math.round(performance.now() - message.t)));
        break;
      case 'error':
        this.errorCode.set(message.code);
        break;
    }
  }

  private maybeOffer(): void {
    if (this.role() === 'agent' && this.admitted() && this.peerPresent() && this.connection() === 'open') {
      this.enqueue(() => this.offer());
    }
  }

  private async offer(): Promise<void> {
    const peer = this.createPeer();
    const offer = await peer.createOffer();
    await peer.setLocalDescription(offer);
    if (this.peer === peer) this.signal({ sdp: plainDescription(peer.localDescription ?? offer) });
  }

  private async onDescription(sdp: RTCSessionDescriptionInit): Promise<void> {
    if (sdp.type === 'offer') {
      const peer = this.createPeer();
      await peer.setRemoteDescription(sdp);
      await this.flushCandidates(peer);
      const answer = await peer.createAnswer();
      await peer.setLocalDescription(answer);
      if (this.peer === peer) this.signal({ sdp: plainDescription(peer.localDescription ?? answer) });
    } else if (sdp.type === 'answer' && this.peer) {
      const peer = this.peer;
      await peer.setRemoteDescription(sdp);
      await this.flushCandidates(peer);
    }
  }

  private async onCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    const peer = this.peer;
    if (!peer || !peer.remoteDescription) {
      this.pendingCandidates.push(candidate);
      return;
    }
    await peer.addIceCandidate(candidate);
  }

  private async flushCandidates(peer: PeerConnection): Promise<void> {
    const pending = this.pendingCandidates;
    this.pendingCandidates = [];
    for (const candidate of pending) {
      // A candidate of an earlier negotiation does not fit this one: skip it, keep the others.
      await peer.addIceCandidate(candidate).catch(() => undefined);
    }
  }

  /** A fresh peer connection carrying the local camera and microphone (or receiving only, without them). */
  private createPeer(): PeerConnection {
    this.closePeer(true);
    const peer = this.newPeer({ iceServers: this.iceServers });
    this.peer = peer;
    this.peerState.set('new');
    peer.onicecandidate = (event) => {
      if (this.peer === peer && event.candidate) {
        const candidate = event.candidate;
        this.signal({ candidate: typeof candidate.toJSON === 'function' ? candidate.toJSON() : candidate });
      }
    };
    peer.ontrack = (event) => {
      if (this.peer !== peer) return;
      const stream = event.streams[0] ?? new MediaStream([event.track]);
      if (this.remoteStream() !== stream) this.remoteStream.set(stream);
    };
    peer.onconnectionstatechange = () => {
      if (this.peer === peer) this.peerState.set(peer.connectionState);
    };
    const local = this.localStream();
    if (local) {
      local.getTracks().forEach((track) => peer.addTrack(track, local));
    } else {
      peer.addTransceiver('audio', { direction: 'recvonly' });
      peer.addTransceiver('video', { direction: 'recvonly' });
    }
    return peer;
  }

  private closePeer(keepPendingCandidates = false): void {
    const peer = this.peer;
    this.peer = null;
    if (!keepPendingCandidates) this.pendingCandidates = [];
    if (peer) {
      peer.onicecandidate = null;
      peer.ontrack = null;
      peer.onconnectionstatechange = null;
      peer.close();
    }
    this.remoteStream.set(null);
    this.peerState.set('none');
  }

  private enqueue(step: () => Promise<void>): void {
    this.chain = this.chain.then(step).catch((error: unknown) => {
      console.error('video call: negotiation step failed', error);
    });
  }

  /** Settles when the queued negotiation steps have run (tests). */
  settled(): Promise<void> {
    return this.chain;
  }

  private signal(data: SignalData): void {
    this.send({ type: 'signal', data });
  }

  private send(message: ClientMessage): void {
    if (this.socket && this.socket.readyState === 1) this.socket.send(JSON.stringify(message));
  }

  private startPing(): void {
    this.stopPing();
    const ping = () => this.send({ type: 'ping', t: performance.now() });
    ping();
    this.pingTimer = setInterval(ping, this.pingMs);
  }

  private stopPing(): void {
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
  }
}
