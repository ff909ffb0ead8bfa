import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import type { Provider } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';

export const BEID_TRUST = Symbol('BEID_TRUST');

/** The roots the RRN certificate of a card must chain to (BEID_TRUSTED_ROOTS, a PEM bundle file). */
export interface BeidTrust {
  rootsPem: string;
  subjects: string[];
}

/** Reads and checks the bundle at boot: a missing or empty bundle stops the api with a clear error. */
export function loadBeidTrust(path: string): BeidTrust {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`BEID_TRUSTED_ROOTS: cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  if (!blocks.length) throw new Error(`BEID_TRUSTED_ROOTS: ${path} holds no PEM certificate`);
  return { rootsPem: pem, subjects: blocks.map((block) => new X509Certificate(block).subject) };
}

export const beidTrustProvider: Provider = {
  provide: BEID_TRUST,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig): BeidTrust => loadBeidTrust(config.BEID_TRUSTED_ROOTS),
};
