import * as crypto from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createTestPki } from './test-pki';

describe('createTestPki', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'beid-pki-'));
  });

  afterEach(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('makes an EC P-384 root and RSA 2048 / EC P-384 RRN certificates under it', async () => {
    const pki = await createTestPki();
    const root = new crypto.X509Certificate(pki.rootDer);
    expect(root.subject).toContain('CN=Sésame TEST Belgium Root CA');
    expect(root.ca).toBe(true);
    expect(root.verify(root.publicKey)).toBe(true);
    expect(root.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
    expect(pki.rootPem).toContain('BEGIN CERTIFICATE');

    const rsa = new crypto.X509Certificate(pki.rsa.certDer);
    const ec = new crypto.X509Certificate(pki.ec.certDer);
    for (const [cert, signer] of [
      [rsa, pki.rsa],
      [ec, pki.ec],
    ] as const) {
      expect(cert.subject).toMatch(/C=BE\nO=RRN\n/);
      expect(cert.subject).toContain('Sésame TEST RRN');
      expect(cert.ca).toBe(false);
      expect(cert.verify(root.publicKey)).toBe(true);
      expect(cert.checkPrivateKey(signer.privateKey)).toBe(true);
    }
    expect(rsa.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(ec.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
  });

  it('has an untrusted look-alike hierarchy: same root name, another key', async () => {
    const pki = await createTestPki();
    const root = new crypto.X509Certificate(pki.rootDer);
    const fake = new crypto.X509Certificate(pki.untrusted.rootDer);
    expect(fake.subject).toBe(root.subject);
    expect(new crypto.X509Certificate(pki.untrusted.ec.certDer).verify(root.publicKey)).toBe(false);
    expect(new crypto.X509Certificate(pki.untrusted.ec.certDer).verify(fake.publicKey)).toBe(true);
  });

  it('writes root.pem and the keys (mode 0600), then loads the same PKI again', async () => {
    const first = await createTestPki(dir);
    const files = await fs.readdir(dir);
    expect(files).toEqual(expect.arrayContaining(['root.pem', 'root.key.pem', 'rrn-rsa.pem', 'rrn-rsa.key.pem', 'rrn-ec.pem', 'rrn-ec.key.pem', 'untrusted-root.pem']));
    expect(files).not.toContain('.lock');
    for (const name of files.filter((file) => file.endsWith('.key.pem'))) {
      expect((await fs.stat(path.join(dir, name))).mode & 0o777).toBe(0o600);
    }
    expect(await fs.readFile(path.join(dir, 'root.pem'), 'utf8')).toBe(first.rootPem);

    const second = await createTestPki(dir);
    expect(second.rootDer).toEqual(first.rootDer);
    expect(second.ec.certDer).toEqual(first.ec.certDer);
    expect(second.dir).toBe(dir);
    const data = Buffer.from('signed by the loaded key');
    const signature = crypto.sign('sha384', data, second.ec.privateKey);
    expect(crypto.verify('sha384', data, new crypto.X509Certificate(first.ec.certDer).publicKey, signature)).toBe(true);
  });

  it('makes a new PKI when the directory holds an inconsistent one', async () => {
    const first = await createTestPki(dir);
    const other = await createTestPki();
    await fs.writeFile(path.join(dir, 'rrn-ec.pem'), other.ec.certPem);
    const again = await createTestPki(dir);
    expect(again.rootDer.equals(first.rootDer)).toBe(false);
    expect(new crypto.X509Certificate(again.ec.certDer).verify(new crypto.X509Certificate(again.rootDer).publicKey)).toBe(true);
  });

  it('gives one PKI to concurrent callers sharing a directory', async () => {
    const all = await Promise.all([createTestPki(dir), createTestPki(dir), createTestPki(dir)]);
    expect(all[1].rootDer).toEqual(all[0].rootDer);
    expect(all[2].rootDer).toEqual(all[0].rootDer);
  });
});
