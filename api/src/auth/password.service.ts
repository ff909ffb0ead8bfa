import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import * as argon2 from 'argon2';
import { randomInt } from 'node:crypto';

/** Staff passwords: argon2id (OWASP parameters) keyed with a server-side pepper. */
@Injectable()
export class PasswordService {
  private readonly pepper: Buffer;
  private readonly options: argon2.HashOptions & { raw?: false };
  /** Verified against when the e-mail is unknown, so both answers take the same time. */
  private dummyHash: Promise<string> | null = null;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.pepper = Buffer.from(config.PASSWORD_PEPPER, 'utf8');
    this.options = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1, secret: this.pepper };
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    const target = hash ?? (await (this.dummyHash ??= this.hash(`dummy-${randomInt(1e9)}`)));
    try {
      const ok = await argon2.verify(target, password, { secret: this.pepper });
      return hash !== null && ok;
    } catch {
      return false;
    }
  }

  /** A strong password an admin hands to a new colleague (shown once). */
  generate(): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
    const groups = Array.from({ length: 4 }, () =>
      Array.from({ length: 5 }, () => alphabet[randomInt(alphabet.length)]).join(''),
    );
    return groups.join('-');
  }

  /** The policy: at least 12 characters, not the e-mail address or its local part. */
  isAcceptable(password: string, email: string): boolean {
    const lower = password.toLowerCase();
    return password.length >= 12 && lower !== email.toLowerCase() && lower !== email.toLowerCase().split('@')[0];
  }
}
