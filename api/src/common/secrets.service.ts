import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Small cryptographic toolbox of the api: random tokens, keyed hashes (HMAC-SHA-256 with a purpose
 * label so one secret never signs two kinds of thing) and authenticated encryption (AES-256-GCM) for
 * secrets the server must read back, such as TOTP keys.
 */
@Injectable()
export class SecretsService {
  private readonly encryptionKey: Buffer;
  private readonly hmacKey: Buffer;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.encryptionKey = createHash('sha256').update(config.DATA_ENCRYPTION_KEY).digest();
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

  encrypt(plaintext: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encryptionKey, iv);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
  }

  decrypt(sealed: string): string {
    const [version, iv, body, tag] = sealed.split('.');
    if (version !== 'v1' || !iv || !body || !tag) throw new Error('Unsupported sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.encryptionKey, Buffer.from(iv, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  }
}
