// @peculiar/x509 uses tsyringe, which needs the Reflect metadata polyfill loaded first.
import 'reflect-metadata';
import * as crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';
import type { RrnSigner } from './card-profile';

/**
 * The test PKI of the emulator: a "Sésame TEST Belgium Root CA" and two National Register (RRN)
 * signing certificates under it, one RSA 2048 (applet 1.7 cards) and one EC P-384 (applet 1.8).
 *
 * The root is **EC P-384** (ECDSA with SHA-384): generating it takes milliseconds where an
 * RSA 4096 key takes seconds on every fresh run, and P-384 is the curve of the applet 1.8 cards,
 * so the whole modern chain stays on one curve. The RSA RRN certificate is then signed with
 * ECDSA, which any X.509 verifier must accept anyway.
 *
 * `untrusted` is a second, look-alike hierarchy: its root has the **same subject name** as the
 * trusted root but another key, so a verifier that matches issuers by name only is caught.
 *
 * Keys are generated at run time and written with mode 0600; never commit them.
 */

export interface TestPkiHierarchy {
  rootPem: string;
  rootDer: Buffer;
  rsa: RrnSigner;
  ec: RrnSigner;
}

export interface TestPki extends TestPkiHierarchy {
  /** Where the PEM files live, when a directory was given. */
  dir?: string;
  untrusted: TestPkiHierarchy;
}

x509.cryptoProvider.set(crypto.webcrypto as unknown as ReturnType<typeof x509.cryptoProvider.get>);

const ROOT_NAME = 'C=BE, CN=Sésame TEST Belgium Root CA';
const RRN_NAMES = {
  rsa: 'C=BE, O=RRN, OU=Sésame TEST, CN=Sésame TEST RRN (RSA)',
  ec: 'C=BE, O=RRN, OU=Sésame TEST, CN=Sésame TEST RRN (EC)',
} as const;
const ROOT_NOT_BEFORE = new Date('2014-01-01T00:00:00Z');
const ROOT_NOT_AFTER = new Date('2049-12-31T23:59:59Z');
const RRN_NOT_BEFORE = new Date('2015-01-01T00:00:00Z');
const RRN_NOT_AFTER = new Date('2045-12-31T23:59:59Z');

const EC_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-384' } as const;
const RSA_ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  modulusLength: 2048,
  publicExponent: new Uint8Array([1, 0, 1]),
  hash: 'SHA-256',
} as const;
const ROOT_SIGNING = { name: 'ECDSA', hash: 'SHA-384' } as const;

/** File names inside the PKI directory, per hierarchy prefix ('' or 'untrusted-'). */
function fileNames(prefix: string) {
  return {
    root: `${prefix}root.pem`,
    rootKey: `${prefix}root.key.pem`,
    rsa: `${prefix}rrn-rsa.pem`,
    rsaKey: `${prefix}rrn-rsa.key.pem`,
    ec: `${prefix}rrn-ec.pem`,
    ecKey: `${prefix}rrn-ec.key.pem`,
  };
}

/**
 * Creates the test PKI, or loads it from `dir` when a consistent one is already there.
 * Without `dir` everything stays in memory.
 */
export async function createTestPki(dir?: string): Promise<TestPki> {
  if (dir === undefined) return generatePki();
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  return withDirectoryLock(dir, async () => {
    const loaded = await loadPki(dir).catch(() => undefined);
    if (loaded !== undefined) return loaded;
    const pki = await generatePki();
    await savePki(dir, pki);
    pki.dir = dir;
    return pki;
  });
}

async function generatePki(): Promise<TestPki> {
  const [trusted, untrusted] = await Promise.all([generateHierarchy(), generateHierarchy()]);
  return withRootKeys(trusted, untrusted);
}

interface GeneratedHierarchy {
  hierarchy: TestPkiHierarchy;
  rootPrivateKey: crypto.KeyObject;
}

/** Keeps the root private keys next to the PKI (non-enumerable) so savePki can write them. */
function withRootKeys(trusted: GeneratedHierarchy, untrusted: GeneratedHierarchy): TestPki {
  const pki: TestPki = { ...trusted.hierarchy, untrusted: untrusted.hierarchy };
  ROOT_KEYS.set(pki, { trusted: trusted.rootPrivateKey, untrusted: untrusted.rootPrivateKey });
  return pki;
}

const ROOT_KEYS = new WeakMap<TestPki, { trusted: crypto.KeyObject; untrusted: crypto.KeyObject }>();

async function generateHierarchy(): Promise<GeneratedHierarchy> {
  const subtle = crypto.webcrypto.subtle;
  const rootKeys = (await subtle.generateKey(EC_ALGORITHM, true, ['sign', 'verify'])) as crypto.webcrypto.CryptoKeyPair;
  const root = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: ROOT_NAME,
    notBefore: ROOT_NOT_BEFORE,
    notAfter: ROOT_NOT_AFTER,
    signingAlgorithm: ROOT_SIGNING,
    keys: rootKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });

  const issueRrn = async (keyType: 'rsa' | 'ec'): Promise<RrnSigner> => {
    const keys = (await subtle.generateKey(keyType === 'rsa' ? RSA_ALGORITHM : EC_ALGORITHM, true, [
      'sign',
      'verify',
    ])) as crypto.webcrypto.CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.create({
      serialNumber: randomSerial(),
      subject: RRN_NAMES[keyType],
      issuer: root.subject,
      notBefore: RRN_NOT_BEFORE,
      notAfter: RRN_NOT_AFTER,
      signingAlgorithm: ROOT_SIGNING,
      publicKey: keys.publicKey,
      signingKey: rootKeys.privateKey,
      extensions: [
        new x509.BasicConstraintsExtension(false, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
        await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    return {
      keyType,
      certDer: Buffer.from(cert.rawData),
      certPem: cert.toString('pem'),
      privateKey: crypto.KeyObject.from(keys.privateKey as unknown as crypto.webcrypto.CryptoKey),
    };
  };

  const [rsa, ec] = await Promise.all([issueRrn('rsa'), issueRrn('ec')]);
  return {
    hierarchy: { rootPem: root.toString('pem'), rootDer: Buffer.from(root.rawData), rsa, ec },
    rootPrivateKey: crypto.KeyObject.from(rootKeys.privateKey as unknown as crypto.webcrypto.CryptoKey),
  };
}

function randomSerial(): string {
  const bytes = crypto.randomBytes(12);
  bytes[0] &= 0x7f; // positive INTEGER
  bytes[0] |= 0x01; // and no leading zero byte
  return bytes.toString('hex');
}

async function savePki(dir: string, pki: TestPki): Promise<void> {
  const rootKeys = ROOT_KEYS.get(pki);
  const writes: Array<[string, string, number]> = [];
  const add = (prefix: string, hierarchy: TestPkiHierarchy, rootKey: crypto.KeyObject | undefined): void => {
    const names = fileNames(prefix);
    writes.push([names.root, hierarchy.rootPem, 0o644]);
    if (rootKey !== undefined) writes.push([names.rootKey, exportKey(rootKey), 0o600]);
    writes.push([names.rsa, hierarchy.rsa.certPem, 0o644]);
    writes.push([names.rsaKey, exportKey(hierarchy.rsa.privateKey), 0o600]);
    writes.push([names.ec, hierarchy.ec.certPem, 0o644]);
    writes.push([names.ecKey, exportKey(hierarchy.ec.privateKey), 0o600]);
  };
  add('', pki, rootKeys?.trusted);
  add('untrusted-', pki.untrusted, rootKeys?.untrusted);
  for (const [name, content, mode] of writes) {
    const target = path.join(dir, name);
    const temporary = `${target}.${process.pid}.tmp`;
    await fs.writeFile(temporary, content, { mode });
    await fs.chmod(temporary, mode);
    await fs.rename(temporary, target);
  }
}

function exportKey(key: crypto.KeyObject): string {
  return key.export({ type: 'pkcs8', format: 'pem' }).toString();
}

async function loadPki(dir: string): Promise<TestPki> {
  const trusted = await loadHierarchy(dir, '');
  const untrusted = await loadHierarchy(dir, 'untrusted-');
  return { ...trusted, untrusted, dir };
}

/** Loads one hierarchy and checks it holds together (chain and key pairs); throws otherwise. */
async function loadHierarchy(dir: string, prefix: string): Promise<TestPkiHierarchy> {
  const names = fileNames(prefix);
  const read = (name: string): Promise<string> => fs.readFile(path.join(dir, name), 'utf8');
  const rootPem = await read(names.root);
  const root = new crypto.X509Certificate(rootPem);
  const loadSigner = async (keyType: 'rsa' | 'ec', certName: string, keyName: string): Promise<RrnSigner> => {
    const certPem = await read(certName);
    const cert = new crypto.X509Certificate(certPem);
    const privateKey = crypto.createPrivateKey(await read(keyName));
    if (!cert.verify(root.publicKey)) throw new Error(`${certName} is not signed by ${names.root}`);
    if (!cert.checkPrivateKey(privateKey)) throw new Error(`${keyName} does not match ${certName}`);
    if (privateKey.asymmetricKeyType !== keyType) throw new Error(`${keyName} is not an ${keyType} key`);
    return { keyType, certDer: cert.raw, certPem, privateKey };
  };
  return {
    rootPem,
    rootDer: root.raw,
    rsa: await loadSigner('rsa', names.rsa, names.rsaKey),
    ec: await loadSigner('ec', names.ec, names.ecKey),
  };
}

/** Serialises creation across processes (parallel Jest workers share one PKI directory). */
async function withDirectoryLock<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const lock = path.join(dir, '.lock');
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await fs.mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const stat = await fs.stat(lock).catch(() => undefined);
      if (stat !== undefined && Date.now() - stat.mtimeMs > 30_000) {
        await fs.rm(lock, { recursive: true, force: true }); // left by a killed process
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for the test PKI lock ${lock}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  try {
    return await work();
  } finally {
    await fs.rm(lock, { recursive: true, force: true });
  }
}
