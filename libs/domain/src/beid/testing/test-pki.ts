/**
 * Test support (not exported from the library): a throw-away PKI and genuine-looking BEID card
 * reads signed with it, built with @peculiar/x509 and node:crypto. Used by the verification specs.
 */
import 'reflect-metadata'; // @peculiar/x509 resolves its ASN.1 services through tsyringe
import { createHash, KeyObject, sign, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { BeidRawFiles } from '../evidence';
import { buildTlvFile, defaultIdentityFields, IdentityFields } from './test-files';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export type TestKeyKind = 'rsa' | 'ec';

const RSA_KEY = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
};
const EC_KEY = { name: 'ECDSA', namedCurve: 'P-384' };

/** A certificate with its private key. */
export interface TestIssuer {
  pem: string;
  der: Buffer;
  keys: webcrypto.CryptoKeyPair;
  privateKey: KeyObject;
  name: string;
}

async function generateKeys(kind: TestKeyKind): Promise<webcrypto.CryptoKeyPair> {
  const keys = await webcrypto.subtle.generateKey(kind === 'rsa' ? RSA_KEY : EC_KEY, true, ['sign', 'verify']);
  return keys as webcrypto.CryptoKeyPair;
}

function signingAlgorithm(kind: TestKeyKind): { name: string; hash: string } {
  return kind === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', hash: 'SHA-384' };
}

function toIssuer(cert: x509.X509Certificate, keys: webcrypto.CryptoKeyPair, name: string): TestIssuer {
  return {
    pem: cert.toString('pem'),
    der: Buffer.from(cert.rawData),
    keys,
    privateKey: KeyObject.from(keys.privateKey),
    name,
  };
}

/** A self-signed root CA (EC P-384 by default: fast to generate). */
export async function createTestRoot(name = 'C=BE, CN=Test Belgium Root CA', kind: TestKeyKind = 'ec'): Promise<TestIssuer> {
  const keys = await generateKeys(kind);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: '01',
    name,
    notBefore: new Date('2010-01-01T00:00:00Z'),
    notAfter: new Date('2045-01-01T00:00:00Z'),
    keys,
    signingAlgorithm: signingAlgorithm(kind),
    extensions: caExtensions(),
  });
  return toIssuer(cert, keys, name);
}

function caExtensions(pathLength?: number): x509.Extension[] {
  return [
    new x509.BasicConstraintsExtension(true, pathLength, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
  ];
}

function signerExtensions(): x509.Extension[] {
  return [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
  ];
}

/** Options of {@link issueTestCertificate}. */
export interface IssueOptions {
  name: string;
  kind: TestKeyKind;
  ca?: boolean;
  notBefore?: Date;
  notAfter?: Date;
}

/** A certificate signed by `issuer`: an intermediate CA or an RRN signing certificate. */
export async function issueTestCertificate(issuer: TestIssuer, options: IssueOptions): Promise<TestIssuer> {
  const keys = await generateKeys(options.kind);
  const issuerKind: TestKeyKind = issuer.privateKey.asymmetricKeyType === 'ec' ? 'ec' : 'rsa';
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: createHash('sha1').update(options.name).digest('hex').slice(0, 16),
    subject: options.name,
    issuer: issuer.name,
    notBefore: options.notBefore ?? new Date('2015-01-01T00:00:00Z'),
    notAfter: options.notAfter ?? new Date('2040-01-01T00:00:00Z'),
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: signingAlgorithm(issuerKind),
    extensions: options.ca ? caExtensions(0) : signerExtensions(),
  });
  return toIssuer(cert, keys, options.name);
}

/** Signs like the National Register: PKCS#1 v1.5 for RSA, DER ECDSA P-384/SHA-384 zero-padded for EC. */
export function signLikeRrn(key: KeyObject, data: Buffer, rsaHash: 'sha1' | 'sha256' = 'sha256'): Buffer {
  if (key.asymmetricKeyType === 'ec') {
    const der = sign('sha384', data, { key, dsaEncoding: 'der' });
    return Buffer.concat([der, Buffer.alloc(112 - der.length)]); // fixed-length file, zero-padded
  }
  return sign(rsaHash, data, key);
}

/** Options of {@link buildCardRead}. */
export interface CardReadOptions {
  rrn: TestIssuer;
  identity?: IdentityFields;
  address?: IdentityFields;
  photo?: Buffer;
  /** RSA only: hash of the signatures; the photo hash is SHA-1 on RSA cards. Default sha1. */
  rsaHash?: 'sha1' | 'sha256';
  /** Overrides what 4034 signs (default: 4033 stripped + 4032). */
  addressSignedData?: (address: Buffer, identitySignature: Buffer) => Buffer;
}

/** A whole card read: files signed by `rrn`, with the RRN certificate zero-padded like on a card. */
export function buildCardRead(options: CardReadOptions): BeidRawFiles & { basicPublicKey: Buffer | null } {
  const ec = options.rrn.privateKey.asymmetricKeyType === 'ec';
  const photo = options.photo ?? Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(3000, 0x5a)]);
  // Any P-384 SubjectPublicKeyInfo stands in for the card's basic key PuK#1.
  const basicPublicKey = ec ? KeyObject.from(options.rrn.keys.publicKey).export({ type: 'spki', format: 'der' }) : null;
  const identityFields: IdentityFields = {
    0x11: createHash(ec ? 'sha384' : 'sha1').update(photo).digest(),
    ...(basicPublicKey ? { 0x1a: createHash('sha384').update(basicPublicKey).digest() } : {}),
    ...defaultIdentityFields(),
    ...options.identity,
  };
  const identity = buildTlvFile(identityFields, 1024);
  const address = buildTlvFile(
    { 0x00: Buffer.from([0x00, 0x01]), 0x01: 'Rue de la Loi 16', 0x02: '1000', 0x03: 'Bruxelles', ...options.address },
    117,
  );
  const rsaHash = options.rsaHash ?? 'sha1';
  const identitySignature = signLikeRrn(options.rrn.privateKey, identity, rsaHash);
  const stripped = address.subarray(0, address.length - [...address].reverse().findIndex((b) => b !== 0));
  const addressData = options.addressSignedData
    ? options.addressSignedData(address, identitySignature)
    : Buffer.concat([stripped, identitySignature]);
  return {
    identity,
    identitySignature,
    address,
    addressSignature: signLikeRrn(options.rrn.privateKey, addressData, rsaHash),
    photo,
    rrnCertificate: Buffer.concat([options.rrn.der, Buffer.alloc(ec ? 1100 : 50)]),
    basicPublicKey,
  };
}
