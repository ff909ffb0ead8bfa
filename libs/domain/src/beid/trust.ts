import { X509Certificate } from 'node:crypto';

/**
 * Certificate-chain checks for the RRN certificate (503C), with node:crypto only.
 *
 * The bundle is the trust configuration: self-signed CA certificates in it are trust anchors; other
 * CA certificates in it may serve as the one allowed intermediate. Keep the Citizen/Foreigner CAs
 * out of the bundle: with them in it, a cardholder's own authentication certificate would chain.
 */

/** Splits a PEM bundle into certificates. Text outside the PEM blocks is ignored. */
export function parsePemBundle(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
  return blocks.map((block) => new X509Certificate(block));
}

/** Whether `now` lies within the certificate's validity period. */
export function isCertificateCurrent(cert: X509Certificate, now: Date): boolean {
  const from = Date.parse(cert.validFrom);
  const to = Date.parse(cert.validTo);
  return Number.isFinite(from) && Number.isFinite(to) && now.getTime() >= from && now.getTime() <= to;
}

/** `issuer` issued `cert`: the names match and the signature verifies with issuer's key. */
export function isIssuedBy(cert: X509Certificate, issuer: X509Certificate): boolean {
  if (!issuer.ca || !cert.checkIssued(issuer)) return false;
  try {
    return cert.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

function isSelfSigned(cert: X509Certificate): boolean {
  return isIssuedBy(cert, cert);
}

/** The outcome of {@link findChain}. */
export type ChainResult =
  | { trusted: true; chain: X509Certificate[]; expired: X509Certificate[] }
  | { trusted: false; reason: string };

/**
 * Looks for a path from `leaf` to a self-signed CA of the bundle, directly or through one CA
 * certificate of the bundle. `expired` lists leaf and intermediate certificates outside their
 * validity at `now` (the anchor's own dates are not checked, as in RFC 5280).
 */
export function findChain(leaf: X509Certificate, bundle: X509Certificate[], now: Date): ChainResult {
  if (leaf.ca) return { trusted: false, reason: 'the RRN certificate is a CA certificate' };
  const anchors = bundle.filter(isSelfSigned);
  const intermediates = bundle.filter((cert) => cert.ca && !isSelfSigned(cert));

  const expiredOf = (chain: X509Certificate[]): X509Certificate[] =>
    chain.slice(0, -1).filter((cert) => !isCertificateCurrent(cert, now));

  const anchor = anchors.find((root) => isIssuedBy(leaf, root));
  if (anchor) return { trusted: true, chain: [leaf, anchor], expired: expiredOf([leaf, anchor]) };

  for (const intermediate of intermediates) {
    if (!isIssuedBy(leaf, intermediate)) continue;
    const root = anchors.find((candidate) => isIssuedBy(intermediate, candidate));
    if (root) {
      const chain = [leaf, intermediate, root];
      return { trusted: true, chain, expired: expiredOf(chain) };
    }
  }
  return { trusted: false, reason: `no trusted issuer for "${leaf.issuer.replace(/\n/g, ', ')}"` };
}
