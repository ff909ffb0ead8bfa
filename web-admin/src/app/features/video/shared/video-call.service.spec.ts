import { TestBed } from '@angular/core/testing';
import { PeerConnection, SignalSocket, VIDEO_PEER_FACTORY, VIDEO_PING_MS, VIDEO_SOCKET_FACTORY, VIDEO_USER_MEDIA, VideoCallService } from './video-call.service';
import { ClientMessage, ServerMessage } from './video.models';

class FakeSocket implements SignalSocket {
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  readonly sent: ClientMessage[] = [];

  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientMessage);
  }
  close(): void {
    this.readyState = 3;
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }
  receive(message: ServerMessage): void {
    this.onmessage?.({ data: JSON.stringify(message) } as MessageEvent);
  }
  serverClose(code: number): void {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
  signals(): ClientMessage[] {
    return this.sent.filter((message) => message.type === 'signal');
  }
}

class FakePeer {
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  connectionState: RTCPeerConnectionState = 'new';
  onicecandidate: ((event: RTCPeerConnectionIceEvent) => void) | null = null;
  ontrack: ((event: RTCTrackEvent) => void) | null = null;
  onconnectionstatechange: ((event: Event) => void) | null = null;
  readonly tracks: MediaStreamTrack[] = [];
  readonly transceivers: string[] = [];
  readonly candidates: RTCIceCandidateInit[] = [];
  closed = false;

  constructor(readonly config: RTCConfiguration) {}

  addTrack(track: MediaStreamTrack): RTCRtpSender {
    this.tracks.push(track);
    return {} as RTCRtpSender;
  }
  addTransceiver(kind: string): RTCRtpTransceiver {
    this.transceivers.push(kind);
    return {} as RTCRtpTransceiver;
  }
  async createOffer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'offer', sdp: 'agent-offer' };
  }
  async createAnswer(): Promise<RTCSessionDescriptionInit> {
    return { type: 'answer', sdp: 'citizen-answer' };
  }
  async setLocalDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.localDescription = description;
  }
  async setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void> {
    this.remoteDescription = description;
  }
  async addIceCandidate(candidate: RTCIceCandidateInit): Promise<void> {
    if (!this.remoteDescription) throw new Error('candidate before the remote description');
    this.candidates.push(candidate);
  }
  close(): void {
    this.closed = true;
  }
  emitCandidate(candidate: RTCIceCandidateInit): void {
    this.onicecandidate?.({ candidate: { ...candidate, toJSON: () => candidate } } as unknown as RTCPeerConnectionIceEvent);
  }
  emitTrack(stream: MediaStream): void {
    this.ontrack?.({ streams: [stream], track: {} } as unknown as RTCTrackEvent);
  }
  connect(): void {
    this.connectionState = 'connected';
    this.onconnectionstatechange?.(new Event('connectionstatechange'));
  }
}

const ICE = [{ urls: 'stun:stun.example.be:3478' }];

describe(VideoCallService.name, () => {
  let sockets: FakeSocket[];
  let peers: FakePeer[];
  let call: VideoCallService;
  const track = { kind: 'video', enabled: true, stop: vi.fn() } as unknown as MediaStreamTrack;
  const localStream = { getTracks: () => [track], getVideoTracks: () => [track], getAudioTracks: () => [] } as unknown as MediaStream;

  function setUp(media: () => Promise<MediaStream> = async () => localStream): void {
    sockets = [];
    peers = [];
    TestBed.configureTestingModule({
      providers: [
        VideoCallService,
        { provide: VIDEO_SOCKET_FACTORY, useValue: () => sockets[sockets.push(new FakeSocket()) - 1] },
        { provide: VIDEO_PEER_FACTORY, useValue: (config: RTCConfiguration) => peers[peers.push(new FakePeer(config)) - 1] as unknown as PeerConnection },
        { provide: VIDEO_USER_MEDIA, useValue: media },
        { provide: VIDEO_PING_MS, useValue: 60_000 },
      ],
    });
    call = TestBed.inject(VideoCallService);
  }

  const socket = () => sockets[sockets.length - 1];

  describe('agent side', () => {
    beforeEach(async () => {
      setUp();
      await call.startMedia();
      call.connect('appt-1');
      socket().open();
    });

    it('joins its appointment and offers only once the citizen is admitted and present', async () => {
      expect(socket().sent[0]).toEqual({ type: 'join', appointmentId: 'appt-1' });
      expect(socket().sent[1]).toMatchObject({ type: 'ping' });

      socket().receive({ type: 'joined', role: 'agent', appointmentId: 'appt-1', state: 'confirmed', peerPresent: true, iceServers: ICE });
      await call.settled();
      expect(peers).toHaveLength(0);
      expect(call.status()).toBe('negotiating');

      call.admit();
      await call.settled();
      expect(peers).toHaveLength(1);
      expect(peers[0].config).toEqual({ iceServers: ICE });
      expect(peers[0].tracks).toEqual([track]);
      expect(socket().signals()).toEqual([{ type: 'signal', data: { sdp: { type: 'offer', sdp: 'agent-offer' } } }]);

      socket().receive({ type: 'signal', from: 'citizen', data: { sdp: { type: 'answer', sdp: 'citizen-answer' } } });
      socket().receive({ type: 'signal', from: 'citizen', data: { candidate: { candidate: 'candidate:1', sdpMid: '0' } } });
      await call.settled();
      expect(peers[0].remoteDescription).toEqual({ type: 'answer', sdp: 'citizen-answer' });
      expect(peers[0].candidates).toEqual([{ candidate: 'candidate:1', sdpMid: '0' }]);

      peers[0].emitCandidate({ candidate: 'candidate:agent', sdpMid: '0' });
      expect(socket().signals()[1]).toEqual({ type: 'signal', data: { candidate: { candidate: 'candidate:agent', sdpMid: '0' } } });

      const remote = { id: 'citizen-stream' } as unknown as MediaStream;
      peers[0].emitTrack(remote);
      peers[0].connect();
      expect(call.remoteStream()).toBe(remote);
      expect(call.status()).toBe('connected');
    });

    it('waits for an admitted citizen who is not there yet, and offers again when they come back', async () => {
      socket().receive({ type: 'joined', role: 'agent', appointmentId: 'appt-1', state: 'in_progress', peerPresent: false, iceServers: [] });
      await call.settled();
      expect(peers).toHaveLength(0);
      expect(call.status()).toBe('waiting_peer');

      socket().receive({ type: 'peer-joined', role: 'citizen' });
      await call.settled();
      expect(peers).toHaveLength(1);

      peers[0].emitTrack({ id: 'first' } as unknown as MediaStream);
      socket().receive({ type: 'peer-left', role: 'citizen' });
      expect(peers[0].closed).toBe(true);
      expect(call.remoteStream()).toBeNull();
      expect(call.status()).toBe('peer_left');

      socket().receive({ type: 'peer-joined', role: 'citizen' });
      await call.settled();
      expect(peers).toHaveLength(2);
      expect(socket().signals().filter((message) => message.type === 'signal' && message.data.sdp?.type === 'offer')).toHaveLength(2);
    });

    it('measures the round trip and reports a refused connection', () => {
      const sentAt = (socket().sent[1] as { t: number }).t;
      vi.spyOn(performance, 'now').mockReturnValue(sentAt + 42);
      socket().receive({ type: 'pong', t: sentAt });
      expect(call.roundTripMs()).toBe(42);

      socket().serverClose(4409);
      expect(call.errorKey()).toBe('video.signal_error.replaced');
      expect(call.status()).toBe('closed');
    });
  });

  describe('citizen side', () => {
    beforeEach(async () => {
      setUp();
      await call.startMedia();
      call.connect();
      socket().open();
    });

    it('waits to be let in, answers the offer, and relays candidates both ways', async () => {
      expect(socket().sent[0]).toEqual({ type: 'join' });
      socket().receive({ type: 'joined', role: 'citizen', appointmentId: 'appt-1', state: 'confirmed', peerPresent: true, iceServers: ICE });
      expect(call.status()).toBe('waiting_admission');

      socket().receive({ type: 'admitted' });
      expect(call.status()).toBe('negotiating');
      expect(peers).toHaveLength(0);

      // A candidate overtaking the offer waits for it.
      socket().receive({ type: 'signal', from: 'agent', data: { candidate: { candidate: 'candidate:early', sdpMid: '0' } } });
      socket().receive({ type: 'signal', from: 'agent', data: { sdp: { type: 'offer', sdp: 'agent-offer' } } });
      socket().receive({ type: 'signal', from: 'agent', data: { candidate: { candidate: 'candidate:agent', sdpMid: '0' } } });
      await call.settled();

      expect(peers).toHaveLength(1);
      expect(peers[0].config).toEqual({ iceServers: ICE });
      expect(peers[0].tracks).toEqual([track]);
      expect(peers[0].remoteDescription).toEqual({ type: 'offer', sdp: 'agent-offer' });
      expect(peers[0].candidates).toEqual([
        { candidate: 'candidate:early', sdpMid: '0' },
        { candidate: 'candidate:agent', sdpMid: '0' },
      ]);
      expect(socket().signals()[0]).toEqual({ type: 'signal', data: { sdp: { type: 'answer', sdp: 'citizen-answer' } } });

      peers[0].emitCandidate({ candidate: 'candidate:citizen', sdpMid: '0' });
      expect(socket().signals()[1]).toEqual({ type: 'signal', data: { candidate: { candidate: 'candidate:citizen', sdpMid: '0' } } });

      socket().receive({ type: 'outcome', state: 'approved' });
      expect(call.outcome()).toBe('approved');
      expect(call.status()).toBe('ended');
    });

    it('never offers, even when present and admitted', async () => {
      socket().receive({ type: 'joined', role: 'citizen', appointmentId: 'appt-1', state: 'in_progress', peerPresent: true, iceServers: [] });
      socket().receive({ type: 'admitted' });
      socket().receive({ type: 'peer-joined', role: 'agent' });
      await call.settled();
      expect(peers).toHaveLength(0);
      expect(socket().signals()).toEqual([]);
    });
  });

  it('says why the camera is not available and still receives the other side', async () => {
    setUp(() => Promise.reject(new DOMException('denied', 'NotAllowedError')));
    expect(await call.startMedia()).toBeNull();
    expect(call.mediaProblem()).toBe('denied');

    call.connect('appt-1');
    socket().open();
    socket().receive({ type: 'joined', role: 'agent', appointmentId: 'appt-1', state: 'in_progress', peerPresent: true, iceServers: [] });
    await call.settled();
    expect(peers[0].tracks).toEqual([]);
    expect(peers[0].transceivers).toEqual(['audio', 'video']);
  });
});
