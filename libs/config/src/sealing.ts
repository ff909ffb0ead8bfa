import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Authenticated encryption (AES-256-GCM) of small secrets the system must read back, keyed by
 * DATA_ENCRYPTION_KEY: TOTP keys, and the activation code while its letter may still be printed.
 * `context` is bound as associated data: a value sealed for one row cannot be replayed on another.
 * Format: `v1.<iv>.<ciphertext>.<tag>` (base64url).
 */
export interface Sealer {
  seal(plaintext: string, context?: string): string;
  open(sealed: string, context?: string): string;
}

export function createSealer(dataEncryptionKey: string): Sealer {
  const key = createHash('sha256').update(dataEncryptionKey).digest();
  return {
    seal(plaintext, context = '') {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      if (context) cipher.setAAD(Buffer.from(context, 'utf8'));
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', iv.toString('base64url'), body.toString('base64url'), cipher.getAuthTag().toString('base64url')].join('.');
    },
    open(sealed, context = '') {
      const [version, iv, body, tag] = sealed.split('.');
      if (version !== 'v1' || !iv || !body || !tag) throw new Error('Unsupported sealed value');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      if (context) decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
