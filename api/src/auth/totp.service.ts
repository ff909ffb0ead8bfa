import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { generateSecret, generateURI, verify } from 'otplib';
import * as QRCode from 'qrcode';

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits, ±1 step) through otplib. */
@Injectable()
export class TotpService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  newSecret(): string {
    return generateSecret();
  }

  async enrolment(secret: string, email: string): Promise<{ otpauthUrl: string; qrDataUrl: string }> {
    const otpauthUrl = generateURI({ issuer: this.config.TOTP_ISSUER, label: email, secret });
    const qrDataUrl = await QRCode.toDataURL(otpauthUrl, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
    return { otpauthUrl, qrDataUrl };
  }

  /**
   * Returns the time step the code belongs to, or null. Codes of a step at or before
   * `lastTimeStep` are refused, so a code is never accepted twice.
   */
  async check(secret: string, code: string, lastTimeStep: number | null): Promise<number | null> {
    if (!/^\d{6}$/.test(code)) return null;
    const result = await verify({
      secret,
      token: code,
      epochTolerance: 30,
      ...(lastTimeStep !== null ? { afterTimeStep: lastTimeStep } : {}),
    });
    return result.valid && 'timeStep' in result ? result.timeStep : null;
  }
}
