import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, isProduction } from '@sesame/config';
import type { Role } from '@sesame/database';
import type { IncomingMessage } from 'node:http';
import { SessionService } from '../../auth/session.service';
import { SecretsService } from '../../common/secrets.service';
import { parseCookieHeader, SIGNAL_CLOSE, SignalErrorCode } from './signal-protocol';
import { VideoSignalRepository } from './video-signal.repository';

/** Who opened a signalling socket: a signed-in staff member, a citizen's appointment session, or both (one browser). */
export interface SignalIdentity {
  /** `sessionHash`: SHA-256 of the staff session token (the socket closes when that session ends). */
  staff: { id: string; roles: Role[]; sessionHash: string } | null;
  /** `accessHash`: SHA-256 of the appointment session token (the socket closes when the citizen ends it). */
  citizen: { appointmentId: string; accessHash: string } | null;
}

export type SignalAuthResult = { ok: true; identity: SignalIdentity } | { ok: false; code: SignalErrorCode; close: number };

/**
 * Authenticates the upgrade of `/api/video/signal` with what the browser already holds: the Origin
 * (only the app's own: no cross-site WebSocket hijacking, cookies being sent with any upgrade), the
 * staff session cookie (fully signed in, role `video_agent`: supervisors and admins never join a
 * room) and the citizen's `sesame_appointment` cookie (an unexpired `appointment_access` row).
 * Which room the socket may enter is decided at `join`, against the appointment.
 */
@Injectable()
export class VideoSignalAuthService {
  readonly appointmentCookieName: string;
  private readonly origin: string;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly sessions: SessionService,
    private readonly secrets: SecretsService,
    private readonly repository: VideoSignalRepository,
  ) {
    // Same rule as the staff and citizen cookies: the __Host- prefix wherever the cookie is Secure.
    const secure = isProduction(config) || config.PUBLIC_BASE_URL.startsWith('https://');
    this.appointmentCookieName = secure ? '__Host-sesame_appointment' : 'sesame_appointment';
    this.origin = new URL(config.PUBLIC_BASE_URL).origin;
  }

  async authenticate(request: IncomingMessage): Promise<SignalAuthResult> {
    if (request.headers.origin !== this.origin) return { ok: false, code: 'video.signal.bad_origin', close: SIGNAL_CLOSE.forbidden };
    const cookies = parseCookieHeader(request.headers.cookie);
    const [staff, citizen] = await Promise.all([this.staffOf(cookies.get(this.sessions.cookieName)), this.citizenOf(cookies.get(this.appointmentCookieName))]);
    if (!staff && !citizen) return { ok: false, code: 'video.signal.unauthenticated', close: SIGNAL_CLOSE.unauthenticated };
    // A staff member who does not work video interviews has no room to enter (unless the same browser holds a citizen session).
    if (staff && !staff.roles.includes('video_agent') && !citizen) return { ok: false, code: 'video.signal.forbidden', close: SIGNAL_CLOSE.forbidden };
    return { ok: true, identity: { staff, citizen } };
  }

  private async staffOf(token: string | undefined): Promise<SignalIdentity['staff']> {
    const resolved = await this.sessions.resolve(token);
    if (!resolved || resolved.session.stage !== 'authenticated') return null;
    return { id: resolved.session.staff.id, roles: resolved.session.staff.roles.map((entry) => entry.role), sessionHash: resolved.tokenHash };
  }

  private async citizenOf(token: string | undefined): Promise<SignalIdentity['citizen']> {
    if (!token || token.length > 100) return null;
    const accessHash = this.secrets.sha256(token);
    const access = await this.repository.findLiveAccess(accessHash, new Date());
    return access ? { appointmentId: access.appointmentId, accessHash } : null;
  }
}
