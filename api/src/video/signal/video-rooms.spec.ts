import { WebSocket } from 'ws';
import { VideoRooms } from './video-rooms';
import type { SignalIdentity } from './video-signal-auth.service';

/** A socket as far as VideoRooms uses it: open, sends and closes. */
function fakeSocket() {
  const socket = { readyState: WebSocket.OPEN as number, sent: [] as unknown[], closedWith: null as number | null };
  return Object.assign(socket, {
    send: (text: string) => socket.sent.push(JSON.parse(text)),
    close: (code: number) => {
      socket.closedWith = code;
      socket.readyState = WebSocket.CLOSED;
    },
  }) as unknown as WebSocket & { sent: unknown[]; closedWith: number | null };
}

const staff = (id: string, sessionHash: string): SignalIdentity['staff'] => ({ id, roles: ['video_agent'], sessionHash });
const citizen = (appointmentId: string, accessHash: string): SignalIdentity['citizen'] => ({ appointmentId, accessHash });

describe(VideoRooms.name, () => {
  let rooms: VideoRooms;
  beforeEach(() => (rooms = new VideoRooms()));

  function tracked(identity: SignalIdentity, seat?: { appointmentId: string; role: 'agent' | 'citizen' }) {
    const socket = fakeSocket();
    rooms.track(socket, identity);
    if (seat) rooms.enter(seat.appointmentId, seat.role, socket);
    return socket;
  }

  it('a logout closes (4401) the sockets of that staff session only, seated or not', () => {
    const seated = tracked({ staff: staff('s1', 'h1'), citizen: null }, { appointmentId: 'a1', role: 'agent' });
    const notSeated = tracked({ staff: staff('s1', 'h1'), citizen: null });
    const otherSession = tracked({ staff: staff('s1', 'h2'), citizen: null }, { appointmentId: 'a2', role: 'agent' });
    const otherStaff = tracked({ staff: staff('s2', 'h1'), citizen: null });
    rooms.staffSessionsEnded({ staffId: 's1', tokenHash: 'h1' });
    expect([seated.closedWith, notSeated.closedWith, otherSession.closedWith, otherStaff.closedWith]).toEqual([4401, 4401, null, null]);
    expect(seated.sent).toEqual([{ type: 'error', code: 'video.signal.unauthenticated' }]);
  });

  it('a password change closes the other sessions of the account; roles changed or disabled close them all', () => {
    const current = tracked({ staff: staff('s1', 'keep'), citizen: null });
    const other = tracked({ staff: staff('s1', 'old'), citizen: null });
    rooms.staffSessionsEnded({ staffId: 's1', exceptTokenHash: 'keep' });
    expect([current.closedWith, other.closedWith]).toEqual([null, 4401]);
    rooms.staffSessionsEnded({ staffId: 's1' });
    expect(current.closedWith).toBe(4401);
  });

  it("one browser holding both sessions: the ended one is forgotten, the socket closes only when its seat (or its last session) depended on it", () => {
    const seatedAsCitizen = tracked({ staff: staff('s1', 'h1'), citizen: citizen('a1', 'c1') }, { appointmentId: 'a1', role: 'citizen' });
    const notSeated = tracked({ staff: staff('s1', 'h1'), citizen: citizen('a2', 'c2') });
    rooms.staffSessionsEnded({ staffId: 's1', tokenHash: 'h1' });
    expect([seatedAsCitizen.closedWith, notSeated.closedWith]).toEqual([null, null]);
    rooms.accessEnded('c2');
    expect(notSeated.closedWith).toBe(4401);
    rooms.accessEnded('c1');
    expect(seatedAsCitizen.closedWith).toBe(4401);
  });

  it("the citizen's sign-out closes the sockets of that appointment session; a closed (untracked) socket is left alone", () => {
    const citizenSide = tracked({ staff: null, citizen: citizen('a1', 'c1') }, { appointmentId: 'a1', role: 'citizen' });
    const gone = tracked({ staff: null, citizen: citizen('a1', 'c1') });
    rooms.untrack(gone);
    const otherAccess = tracked({ staff: null, citizen: citizen('a1', 'c9') });
    rooms.accessEnded('c1');
    expect([citizenSide.closedWith, gone.closedWith, otherAccess.closedWith]).toEqual([4401, null, null]);
  });
});
