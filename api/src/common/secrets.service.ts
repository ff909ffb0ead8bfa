import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig, createSealer, Sealer } from '@sesame/config';
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Small cryptographic toolbox of the api: random tokens, keyed hashes (HMAC-SHA-256 with a purpose
 * label so one secret never signs two kinds of thing) and authenticated encryption (AES-256-GCM) for
 * secrets the server must read back, such as TOTP keys.
 */
@Injectable()
export class SecretsService {
  private readonly sealer: Sealer;
  private readonly hmacKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.sealer = createSealer(config.DATA_ENCRYPTION_KEY);
    this.hmacKey = Buffer.from(config.SESSION_SECRET, 'utf8');
  }

  randomToken(bytes = 32): string {
    return randomBytes(bytes).toString('base64url');
  }

  sha256(value: string): string {
    return createHash('sha256').update(value).digest('hex');
  }

  hmac(purpose: string, value: string): string {
    return createHmac('sha256', this.hmacKey).update(purpose).update('\0').update(value).digest('hex');
  }

  /** Constant-time comparison of two strings (false when lengths differ). */
  equals(a: string, b: string): boolean {
    const left = Buffer.from(a);
    const right = Buffer.from(b);
    return left.length === right.length && timingSafeEqual(left, right);
  }

  encrypt(plaintext: string, context?: string): string {
    return this.sealer.seal(plaintext, context);
  }

  decrypt(sealed: string, context?: string): string {
    return this.sealer.open(sealed, context);
  }
}
