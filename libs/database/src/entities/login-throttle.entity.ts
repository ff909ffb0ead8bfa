import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-in attempts per e-mail address, known or not (keyed by an HMAC of the normalised
 * address), so that lockout behaves the same for unknown accounts and reveals nothing.
 */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn({ name: 'key_hash', type: 'char', length: 64 })
  keyHash: string;

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ name: 'last_failure_at', type: 'timestamptz' })
  lastFailureAt: Date;
}
