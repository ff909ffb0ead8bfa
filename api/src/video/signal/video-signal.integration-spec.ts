import { Appointment, AppointmentAccess, AppointmentStatus } from '@sesame/database';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';
import { ApiHarness, startApi } from '../../../../test/integration/support/api-harness';
import { ConsoleClient } from '../../../../test/integration/support/console-client';
import { createStaff, TestStaff } from '../../../../test/integration/support/factories';
import request from 'supertest';
import { SecretsService } from '../../common/secrets.service';
import { AppointmentCookies } from '../appointment-access.guard';
import { VideoRoomNotifier } from '../video-room-notifier';
import { VideoSignalGateway } from './video-signal.gateway';

const ORIGIN = 'http://localhost:4300'; // PUBLIC_BASE_URL of the integration configuration
const MINUTE = 60_000;
const ICE_SERVERS = [{ urls: 'stun:stun.sesame.test:3478' }];

type Message = { type: string; [key: string]: unknown };

/** A browser-like signalling client: cookies and Origin on the upgrade, every frame kept in order. */
class SignalClient {
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly received: Message[] = [];
  private waiters: (() => void)[] = [];

  constructor(url: string, options: { cookie?: string; origin?: string | null }) {
    const headers: Record<string, string> = {};
    if (options.cookie) headers.Cookie = options.cookie;
    this.socket = new WebSocket(url, { headers, ...(options.origin === null ? {} : { origin: options.origin ?? ORIGIN }) });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    this.socket.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as Message);
      this.notify();
    });
    this.socket.on('close', () => this.notify());
  }

  send(message: unknown): void {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next frame (failing after 5 s, or at once when the socket closed first). */
  async next(): Promise<Message> {
    const deadline = Date.now() + 5000;
    while (this.received.length === 0) {
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error('socket closed while waiting for a message');
      if (Date.now() > deadline) throw new Error('no message within 5 s');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 5000);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received.shift() as Message;
  }

  /** The next frame, which must be of this type. */
  async expect(type: string): Promise<Message> {
    const message = await this.next();
    expect(message.type).toBe(type);
    return message;
  }

  /** Nothing else has arrived (checked after a ping round trip, which is ordered after anything earlier). */
  async expectQuiet(): Promise<void> {
    await this.opened;
    this.send({ type: 'ping', t: -1 });
    expect(await this.next()).toEqual({ type: 'pong', t: -1 });
  }

  async join(appointmentId?: string): Promise<Message> {
    await this.opened;
    this.send(appointmentId ? { type: 'join', appointmentId } : { type: 'join' });
    return this.expect('joined');
  }

  /** The refusal: `{ type: 'error', code }` then the close frame. */
  async refused(): Promise<{ code: string; close: number }> {
    const message = await this.next();
    expect(message.type).toBe('error');
    const { code } = await this.closed;
    return { code: message.code as string, close: code };
  }

  close(): void {
    this.socket.close();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

describe(`${VideoSignalGateway.name} (integration)`, () => {
  let api: ApiHarness;
  let url: string;
  let agent: TestStaff;
  let agentCookie: string;
  let otherAgent: TestStaff;
  let otherAgentCookie: string;
  let slot = 0;
  const sockets: SignalClient[] = [];

  beforeAll(async () => {
    api = await startApi({ VIDEO_ICE_SERVERS: JSON.stringify(ICE_SERVERS), VIDEO_JOIN_OPENS_MINUTES: '10', VIDEO_NO_SHOW_GRACE_MINUTES: '15' });
    await api.app.listen(0, '127.0.0.1');
    url = `ws://127.0.0.1:${(api.app.getHttpServer().address() as AddressInfo).port}/api/video/signal`;
    agent = await createStaff(api.app, { roles: ['video_agent'] });
    agentCookie = await staffCookie(agent);
    otherAgent = await createStaff(api.app, { roles: ['video_agent'] });
    otherAgentCookie = await staffCookie(otherAgent);
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.socket.terminate();
  });
  afterAll(async () => {
    await api?.close();
  });

  /** Signs in through the api (password + TOTP) and returns the `Cookie` header of the session. */
  async function staffCookie(staff: TestStaff): Promise<string> {
    const response = await new ConsoleClient(api.server).signIn(staff);
    const token = /sesame_session=([^;]+)/.exec(String(response.headers['set-cookie']))?.[1];
    if (!token) throw new Error('no session cookie');
    return `sesame_session=${token}`;
  }

  /**
   * An appointment of `agentId` written straight to the database. By default a 20-second slot that
   * started a few minutes ago (the waiting room is open); the slots of one run never overlap (the
   * exclusion constraint on the agent's live bookings).
   */
  async function appointment(options: { status?: AppointmentStatus; startsAt?: Date; agentId?: string } = {}): Promise<Appointment> {
    const startsAt = options.startsAt ?? new Date(Date.now() - 12 * MINUTE + slot++ * 20_000);
    if (!options.startsAt && slot > 60) throw new Error('out of slots in the waiting-room window: use another agent');
    const repository = api.dataSource.getRepository(Appointment);
    return repository.save(
      repository.create({
        reference: `V-T-${randomBytes(5).toString('hex')}`,
        agentId: options.agentId ?? agent.id,
        startsAt,
        endsAt: new Date(startsAt.getTime() + 19_000),
        status: options.status ?? 'confirmed',
        givenNames: 'Amélie',
        surname: 'Peeters',
        email: 'amelie.peeters@sesame.test',
        language: 'fr',
        securityCodeHash: randomBytes(32).toString('hex'),
        linkTokenHash: randomBytes(32).toString('hex'),
        confirmBy: new Date(Date.now() + 60 * MINUTE),
      }),
    );
  }

  /** A citizen's appointment session (as POST /api/video/access opens it): the `Cookie` header. */
  async function citizenCookie(appointmentId: string, expiresAt = new Date(Date.now() + 30 * MINUTE)): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await api.dataSource.getRepository(AppointmentAccess).insert({ appointmentId, tokenHash: api.app.get(SecretsService).sha256(token), expiresAt });
    return `sesame_appointment=${token}`;
  }

  function connect(cookie?: string, origin?: string | null): SignalClient {
    const client = new SignalClient(url, { cookie, origin });
    sockets.push(client);
    return client;
  }

  const rooms = (): VideoRoomNotifier => api.app.get(VideoRoomNotifier);

  it('seats the agent and the citizen in one room and relays offer, answer and candidates both ways', async () => {
    const booking = await appointment();
    const agentSide = connect(agentCookie);
    expect(await agentSide.join(booking.id)).toEqual({
      type: 'joined',
      role: 'agent',
      appointmentId: booking.id,
      state: 'confirmed',
      peerPresent: false,
      iceServers: ICE_SERVERS,
    });
    const citizenSide = connect(await citizenCookie(booking.id));
    // The citizen may leave the appointment id out: theirs is used.
    expect(await citizenSide.join()).toEqual({ type: 'joined', role: 'citizen', appointmentId: booking.id, state: 'confirmed', peerPresent: true, iceServers: ICE_SERVERS });
    expect(await agentSide.next()).toEqual({ type: 'peer-joined', role: 'citizen' });

    const offer = { sdp: { type: 'offer', sdp: 'v=0\r\no=- 46117317 2 IN IP4 127.0.0.1\r\ns=-\r\n' } };
    agentSide.send({ type: 'signal', data: offer });
    expect(await citizenSide.next()).toEqual({ type: 'signal', from: 'agent', data: offer });
    const answer = { sdp: { type: 'answer', sdp: 'v=0\r\no=- 99 2 IN IP4 127.0.0.1\r\ns=-\r\n' } };
    citizenSide.send({ type: 'signal', data: answer });
    expect(await agentSide.next()).toEqual({ type: 'signal', from: 'citizen', data: answer });

    const agentCandidate = { candidate: { candidate: 'candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host', sdpMid: '0', sdpMLineIndex: 0, usernameFragment: 'abcd' } };
    agentSide.send({ type: 'signal', data: agentCandidate });
    expect(await citizenSide.next()).toEqual({ type: 'signal', from: 'agent', data: agentCandidate });
    const citizenCandidate = { candidate: { candidate: 'candidate:2 1 udp 2122260223 127.0.0.1 50001 typ host', sdpMid: '0', sdpMLineIndex: 0 } };
    citizenSide.send({ type: 'signal', data: citizenCandidate });
    expect(await agentSide.next()).toEqual({ type: 'signal', from: 'citizen', data: citizenCandidate });
    // End of candidates, and fields the relay does not know are not passed on.
    citizenSide.send({ type: 'signal', data: { candidate: null } });
    expect(await agentSide.next()).toEqual({ type: 'signal', from: 'citizen', data: { candidate: null } });
    agentSide.send({ type: 'signal', data: { sdp: { type: 'offer', sdp: 'v=0\r\n', note: 'x' } } });
    expect(await citizenSide.next()).toEqual({ type: 'signal', from: 'agent', data: { sdp: { type: 'offer', sdp: 'v=0\r\n' } } });

    citizenSide.close();
    expect(await agentSide.next()).toEqual({ type: 'peer-left', role: 'citizen' });
    expect(rooms().isCitizenPresent(booking.id)).toBe(false);
    agentSide.close();
    expect((await agentSide.closed).code).toBe(1005);
  });

  it('answers pings with the same t (round trip over 200 pings, printed)', async () => {
    const booking = await appointment();
    const client = connect(agentCookie);
    await client.join(booking.id);
    const times: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      client.send({ type: 'ping', t: i + 0.5 });
      expect(await client.next()).toEqual({ type: 'pong', t: i + 0.5 });
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)].toFixed(3);
    console.log(`video signal ping round trip over ${times.length} pings (loopback, real api): p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
    expect(times).toHaveLength(200);
  });

  it('tells the citizen they are admitted, reports presence, and sends the outcome then closes the citizen politely', async () => {
    const booking = await appointment();
    const cookie = await citizenCookie(booking.id);
    expect(rooms().isCitizenPresent(booking.id)).toBe(false);
    const agentSide = connect(agentCookie);
    await agentSide.join(booking.id);
    expect(rooms().isCitizenPresent(booking.id)).toBe(false);
    const citizenSide = connect(cookie);
    await citizenSide.join(booking.id);
    await agentSide.expect('peer-joined');
    expect(rooms().isCitizenPresent(booking.id)).toBe(true);
    await citizenSide.expectQuiet(); // not admitted yet

    rooms().admitted(booking.id);
    expect(await citizenSide.next()).toEqual({ type: 'admitted' });
    await agentSide.expectQuiet();

    rooms().outcome(booking.id, 'approved');
    expect(await citizenSide.next()).toEqual({ type: 'outcome', state: 'approved' });
    expect((await citizenSide.closed).code).toBe(1000);
    expect(await agentSide.next()).toEqual({ type: 'peer-left', role: 'citizen' });
    expect(rooms().isCitizenPresent(booking.id)).toBe(false);
  });

  it("closes the citizen's sockets (4401) when they end their appointment session; the agent sees them leave, another session stays", async () => {
    const booking = await appointment();
    const token = randomBytes(32).toString('base64url');
    await api.dataSource.getRepository(AppointmentAccess).insert({ appointmentId: booking.id, tokenHash: api.app.get(SecretsService).sha256(token), expiresAt: new Date(Date.now() + 30 * MINUTE) });
    const agentSide = connect(agentCookie);
    await agentSide.join(booking.id);
    const citizenSide = connect(`sesame_appointment=${token}`);
    await citizenSide.join();
    await agentSide.expect('peer-joined');
    const sameSessionNotJoined = connect(`sesame_appointment=${token}`);
    await sameSessionNotJoined.expectQuiet();
    const otherSession = connect(await citizenCookie(booking.id));
    await otherSession.expectQuiet();

    // DELETE /api/video/access, as the citizen's page signs out (double-submit CSRF bound to the appointment session).
    const csrf = api.app.get(AppointmentCookies).csrfTokenFor(token);
    const signedOut = await request(api.server).delete('/api/video/access').set('Cookie', `sesame_appointment=${token}; XSRF-TOKEN=${csrf}`).set('X-XSRF-TOKEN', csrf);
    expect(signedOut.status).toBe(204);

    expect(await citizenSide.refused()).toEqual({ code: 'video.signal.unauthenticated', close: 4401 });
    expect(await sameSessionNotJoined.refused()).toEqual({ code: 'video.signal.unauthenticated', close: 4401 });
    expect(await agentSide.next()).toEqual({ type: 'peer-left', role: 'citizen' });
    expect(rooms().isCitizenPresent(booking.id)).toBe(false);
    await otherSession.expectQuiet();
    await agentSide.expectQuiet();
  });

  it("closes the agent's sockets (4401) when they log out; the citizen sees them leave, other agents' sockets stay", async () => {
    const leaving = await createStaff(api.app, { roles: ['video_agent'] });
    const staffConsole = new ConsoleClient(api.server);
    const signIn = await staffConsole.signIn(leaving);
    const cookie = `sesame_session=${/sesame_session=([^;]+)/.exec(String(signIn.headers['set-cookie']))![1]}`;
    const booking = await appointment({ agentId: leaving.id, startsAt: new Date(Date.now() - 5 * MINUTE) });
    const agentSide = connect(cookie);
    await agentSide.join(booking.id);
    const citizenSide = connect(await citizenCookie(booking.id));
    await citizenSide.join();
    await agentSide.expect('peer-joined');
    const notJoined = connect(cookie);
    await notJoined.expectQuiet();
    const otherAgentSide = connect(otherAgentCookie);
    await otherAgentSide.join((await appointment({ agentId: otherAgent.id, startsAt: new Date(Date.now() - 5 * MINUTE) })).id);

    expect((await staffConsole.post('/api/auth/logout')).status).toBe(204);

    expect(await agentSide.refused()).toEqual({ code: 'video.signal.unauthenticated', close: 4401 });
    expect(await notJoined.refused()).toEqual({ code: 'video.signal.unauthenticated', close: 4401 });
    expect(await citizenSide.next()).toEqual({ type: 'peer-left', role: 'agent' });
    await citizenSide.expectQuiet();
    await otherAgentSide.expectQuiet();
    // The ended session no longer opens a socket.
    expect(await connect(cookie).refused()).toEqual({ code: 'video.signal.unauthenticated', close: 4401 });
  });

  it('sends admitted on join when the interview is already in progress', async () => {
    const booking = await appointment({ status: 'in_progress' });
    const citizenSide = connect(await citizenCookie(booking.id));
    expect(await citizenSide.join(booking.id)).toMatchObject({ role: 'citizen', state: 'in_progress', peerPresent: false });
    expect(await citizenSide.next()).toEqual({ type: 'admitted' });
  });

  it('replaces the older socket of the same side (a reload): 4409 for the old one, peer-left then peer-joined for the other side', async () => {
    const booking = await appointment();
    const cookie = await citizenCookie(booking.id);
    const agentSide = connect(agentCookie);
    await agentSide.join(booking.id);
    const first = connect(cookie);
    await first.join();
    await agentSide.expect('peer-joined');

    const second = connect(cookie);
    expect(await second.join()).toMatchObject({ role: 'citizen', peerPresent: true });
    expect(await first.refused()).toEqual({ code: 'video.signal.replaced', close: 4409 });
    expect(await agentSide.next()).toEqual({ type: 'peer-left', role: 'citizen' });
    expect(await agentSide.next()).toEqual({ type: 'peer-joined', role: 'citizen' });
    // The old socket's close does not empty the seat the new one holds.
    await agentSide.expectQuiet();
    expect(rooms().isCitizenPresent(booking.id)).toBe(true);
    agentSide.send({ type: 'signal', data: { candidate: null } });
    expect(await second.next()).toEqual({ type: 'signal', from: 'agent', data: { candidate: null } });

    // Same for the agent (a second tab).
    const agentAgain = connect(agentCookie);
    expect(await agentAgain.join(booking.id)).toMatchObject({ role: 'agent', peerPresent: true });
    expect(await agentSide.refused()).toEqual({ code: 'video.signal.replaced', close: 4409 });
    expect(await second.next()).toEqual({ type: 'peer-left', role: 'agent' });
    expect(await second.next()).toEqual({ type: 'peer-joined', role: 'agent' });
  });

  it('terminates a socket that stops answering the heartbeat, and the other side sees it leave', async () => {
    const booking = await appointment();
    const agentSide = connect(agentCookie);
    await agentSide.join(booking.id);
    const citizenSide = connect(await citizenCookie(booking.id));
    await citizenSide.join();
    await agentSide.expect('peer-joined');
    // The citizen's network goes silent: its client no longer reads anything (so never answers a ping).
    (citizenSide.socket as unknown as { _socket: { pause(): void } })._socket.pause();

    const gateway = api.app.get(VideoSignalGateway);
    gateway.heartbeat();
    // Two round trips: the agent's automatic pong (sent before the second ping) has reached the server.
    await agentSide.expectQuiet();
    await agentSide.expectQuiet();
    gateway.heartbeat();
    expect(await agentSide.next()).toEqual({ type: 'peer-left', role: 'citizen' });
    expect(rooms().isCitizenPresent(booking.id)).toBe(false);
    await agentSide.expectQuiet(); // the agent, who answered, is still there
  });

  it('closes a socket that has not joined a heartbeat after it opened (4400), not one that has', async () => {
    const booking = await appointment();
    const idle = connect(agentCookie);
    await idle.expectQuiet();
    const seated = connect(agentCookie);
    await seated.join(booking.id);
    api.app.get(VideoSignalGateway).heartbeat(Date.now() + 30_000);
    expect(await idle.refused()).toEqual({ code: 'video.signal.not_joined', close: 4400 });
    await seated.expectQuiet();
  });

  describe('refusals', () => {
    it('no cookie: 4401', async () => {
      expect(await connect().refused()).toEqual({ code: 'video.signal.unauthenticated', close: 4401 });
    });

    it('an unknown or half-signed-in staff session: 4401', async () => {
      expect(await connect('sesame_session=not-a-session').refused()).toEqual({ code: 'video.signal.unauthenticated', close: 4401 });
      const browser = new ConsoleClient(api.server);
      await browser.csrf();
      const login = await browser.post('/api/auth/login', { email: agent.email, password: agent.password });
      expect(login.status).toBe(200);
      const partial = /sesame_session=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1];
      expect(partial).toBeDefined();
      expect(await connect(`sesame_session=${partial}`).refused()).toEqual({ code: 'video.signal.unauthenticated', close: 4401 });
    });

    it('a wrong or missing Origin: 4403, even with a good session', async () => {
      expect(await connect(agentCookie, 'https://evil.example').refused()).toEqual({ code: 'video.signal.bad_origin', close: 4403 });
      expect(await connect(agentCookie, 'http://localhost:4301').refused()).toEqual({ code: 'video.signal.bad_origin', close: 4403 });
      expect(await connect(agentCookie, null).refused()).toEqual({ code: 'video.signal.bad_origin', close: 4403 });
    });

    it("another agent's staff session: 4403 on join", async () => {
      const booking = await appointment();
      const client = connect(otherAgentCookie);
      await client.opened;
      client.send({ type: 'join', appointmentId: booking.id });
      expect(await client.refused()).toEqual({ code: 'video.signal.forbidden', close: 4403 });
    });

    it('a supervisor or an admin, even holding the appointment id: 4403', async () => {
      const booking = await appointment();
      for (const roles of [['supervisor'], ['admin']] as const) {
        const staff = await createStaff(api.app, { roles: [...roles] });
        const client = connect(await staffCookie(staff));
        await client.opened;
        client.send({ type: 'join', appointmentId: booking.id });
        expect(await client.refused()).toEqual({ code: 'video.signal.forbidden', close: 4403 });
      }
    });

    it('a citizen of another appointment, or an unknown appointment id: 4403', async () => {
      const mine = await appointment();
      const theirs = await appointment();
      const client = connect(await citizenCookie(mine.id));
      await client.opened;
      client.send({ type: 'join', appointmentId: theirs.id });
      expect(await client.refused()).toEqual({ code: 'video.signal.forbidden', close: 4403 });
      const unknown = connect(agentCookie);
      await unknown.opened;
      unknown.send({ type: 'join', appointmentId: '00000000-0000-4000-8000-000000000000' });
      expect(await unknown.refused()).toEqual({ code: 'video.signal.forbidden', close: 4403 });
    });

    it('an expired appointment session: 4401', async () => {
      const booking = await appointment();
      expect(await connect(await citizenCookie(booking.id, new Date(Date.now() - 1000))).refused()).toEqual({ code: 'video.signal.unauthenticated', close: 4401 });
    });

    it('an appointment not confirmed (requested) or already ended: 4403 not_open for both sides', async () => {
      for (const status of ['requested', 'refused', 'no_show', 'cancelled'] as const) {
        const booking = await appointment({ status });
        const agentSide = connect(agentCookie);
        await agentSide.opened;
        agentSide.send({ type: 'join', appointmentId: booking.id });
        expect(await agentSide.refused()).toEqual({ code: 'video.signal.not_open', close: 4403 });
        const citizenSide = connect(await citizenCookie(booking.id));
        await citizenSide.opened;
        citizenSide.send({ type: 'join' });
        expect(await citizenSide.refused()).toEqual({ code: 'video.signal.not_open', close: 4403 });
      }
    });

    it('the citizen too early (before start − VIDEO_JOIN_OPENS_MINUTES) or too late (after end + grace, while confirmed): 4403; the agent may open the room early', async () => {
      const early = await appointment({ startsAt: new Date(Date.now() + 11 * MINUTE) });
      const citizenSide = connect(await citizenCookie(early.id));
      await citizenSide.opened;
      citizenSide.send({ type: 'join' });
      expect(await citizenSide.refused()).toEqual({ code: 'video.signal.too_early', close: 4403 });
      expect(await connect(agentCookie).join(early.id)).toMatchObject({ role: 'agent', peerPresent: false });

      const late = await appointment({ startsAt: new Date(Date.now() - 16 * MINUTE) }); // ended over 15 min ago (the grace)
      const lateCitizen = connect(await citizenCookie(late.id));
      await lateCitizen.opened;
      lateCitizen.send({ type: 'join' });
      expect(await lateCitizen.refused()).toEqual({ code: 'video.signal.not_open', close: 4403 });
      // Once the agent started it, an overrunning interview stays open to its citizen (a reload).
      const overrun = await appointment({ status: 'in_progress', startsAt: new Date(Date.now() - 20 * MINUTE) });
      expect(await connect(await citizenCookie(overrun.id)).join()).toMatchObject({ role: 'citizen', state: 'in_progress' });
    });

    it.each([
      ['not JSON', '{"type":'],
      ['an unknown type', { type: 'hello' }],
      ['a join with an id that is not a uuid', { type: 'join', appointmentId: "1' OR 1=1" }],
      ['a ping without t', { type: 'ping' }],
      ['an sdp of an unknown type', { type: 'signal', data: { sdp: { type: 'bogus', sdp: 'v=0' } } }],
      ['a signal with both sdp and candidate', { type: 'signal', data: { sdp: { type: 'offer', sdp: 'v=0' }, candidate: null } }],
      ['a candidate that is not an object', { type: 'signal', data: { candidate: 'candidate:1' } }],
      ['an sdp over 100 kB', { type: 'signal', data: { sdp: { type: 'offer', sdp: 'a'.repeat(100 * 1024 + 1) } } }],
    ])('a bad message (%s): 4400', async (_label, message) => {
      const booking = await appointment();
      const client = connect(agentCookie);
      await client.join(booking.id);
      client.send(message);
      expect(await client.refused()).toEqual({ code: 'video.signal.bad_message', close: 4400 });
    });

    it('a binary frame, a signal before join, or a second join: 4400', async () => {
      const booking = await appointment();
      const binary = connect(agentCookie);
      await binary.opened;
      binary.socket.send(Buffer.from('{"type":"ping","t":1}'));
      expect(await binary.refused()).toEqual({ code: 'video.signal.bad_message', close: 4400 });
      const early = connect(agentCookie);
      await early.opened;
      early.send({ type: 'signal', data: { candidate: null } });
      expect(await early.refused()).toEqual({ code: 'video.signal.not_joined', close: 4400 });
      const twice = connect(agentCookie);
      await twice.join(booking.id);
      twice.send({ type: 'join', appointmentId: booking.id });
      expect(await twice.refused()).toEqual({ code: 'video.signal.bad_message', close: 4400 });
    });

    it('an oversized frame (over 128 kB): closed 1009 by ws, and the other side sees the sender leave', async () => {
      const booking = await appointment();
      const agentSide = connect(agentCookie);
      await agentSide.join(booking.id);
      const citizenSide = connect(await citizenCookie(booking.id));
      await citizenSide.join();
      await agentSide.expect('peer-joined');
      citizenSide.send({ type: 'signal', data: { sdp: { type: 'offer', sdp: 'a'.repeat(129 * 1024) } } });
      expect((await citizenSide.closed).code).toBe(1009);
      expect(await agentSide.next()).toEqual({ type: 'peer-left', role: 'citizen' });
    });

    it('more than 300 frames in 10 s: 4429', async () => {
      const client = connect(agentCookie);
      await client.opened;
      for (let i = 0; i < 320; i++) client.send({ type: 'ping', t: i });
      let message = await client.next();
      let pongs = 0;
      while (message.type === 'pong') {
        pongs++;
        message = await client.next();
      }
      expect(pongs).toBe(300);
      expect(message).toEqual({ type: 'error', code: 'video.signal.too_many_messages' });
      expect((await client.closed).code).toBe(4429);
    });
  });
});
