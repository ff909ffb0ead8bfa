import { KeyObject } from 'node:crypto';
import { BEID_EVIDENCE_ORDER, beidEvidenceHash } from './evidence';
import { buildCardRead, CardReadOptions, createTestRoot, issueTestCertificate, TestIssuer } from './testing/test-pki';
import { BeidRawFiles, BeidRefusal, verifyBeidRead } from './verify';

const NOW = new Date('2026-03-15T10:00:00Z');
const ROOT_NAME = 'C=BE, CN=Test Belgium Root CA';

let root: TestIssuer;
let lookAlikeRoot: TestIssuer;
let rsaRrn: TestIssuer;
let ecRrn: TestIssuer;

beforeAll(async () => {
  root = await createTestRoot(ROOT_NAME);
  lookAlikeRoot = await createTestRoot(ROOT_NAME); // same name, other key
  rsaRrn = await issueTestCertificate(root, { name: 'C=BE, O=RRN, CN=RRN RSA', kind: 'rsa' });
  ecRrn = await issueTestCertificate(root, { name: 'C=BE, O=RRN, CN=RRN EC', kind: 'ec' });
});

function verify(files: BeidRawFiles, trustedRoots = root.pem, now = NOW) {
  return verifyBeidRead(files, { trustedRoots, now });
}

function reasons(files: BeidRawFiles, trustedRoots = root.pem, now = NOW): BeidRefusal[] {
  return verify(files, trustedRoots, now).refusals.map((r) => r.reason);
}

function read(options: Partial<CardReadOptions> & { rrn?: TestIssuer } = {}): BeidRawFiles {
  return buildCardRead({ rrn: rsaRrn, ...options });
}

/** The same file with one byte of `text` changed. */
function tamper(file: Buffer, text: string): Buffer {
  const copy = Buffer.from(file);
  const at = copy.indexOf(text);
  if (at < 0) throw new Error(`${text} not in file`);
  copy[at] ^= 0x01;
  return copy;
}

function flipByte(file: Buffer, index: number): Buffer {
  const copy = Buffer.from(file);
  copy[index] ^= 0xff;
  return copy;
}

describe('verifyBeidRead', () => {
  describe('genuine reads', () => {
    it('accepts an RSA (applet 1.7) card signed with SHA-1', () => {
      const result = verify(read());
      expect(result.refusals).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.algorithm).toBe('rsa-sha1');
      expect(result.identity).toMatchObject({ surname: 'Specimen', nationalNumber: '85073003328', cardNumber: '591191706458' });
      expect(result.address).toEqual({ streetAndNumber: 'Rue de la Loi 16', postalCode: '1000', municipality: 'Bruxelles' });
      expect(result.evidenceHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('accepts a re-signed "CA4" card: SHA-1 photo hash, SHA-256 signatures', () => {
      const result = verify(read({ rsaHash: 'sha256' }));
      expect(result.refusals).toEqual([]);
      expect(result.algorithm).toBe('rsa-sha256');
    });

    it('accepts an EC (applet 1.8) card with zero-padded signature files and basic key', () => {
      const files = read({ rrn: ecRrn });
      expect(files.identitySignature.length).toBe(112);
      expect(files.identitySignature[files.identitySignature.length - 1]).toBe(0);
      const result = verify(files);
      expect(result.refusals).toEqual([]);
      expect(result.ok).toBe(true);
      expect(result.algorithm).toBe('ecdsa-p384-sha384');
      expect(result.identity?.basicKeyHash).toHaveLength(48);
    });

    it('accepts an EC card read without the basic key file', () => {
      expect(verify({ ...read({ rrn: ecRrn }), basicPublicKey: null }).ok).toBe(true);
    });

    it('accepts a bundle with several certificates, the right root last', () => {
      expect(verify(read(), `${lookAlikeRoot.pem}\n${root.pem}`).ok).toBe(true);
    });

    it('accepts a chain through one intermediate present in the bundle', async () => {
      const intermediate = await issueTestCertificate(root, { name: 'C=BE, CN=Test RRN CA', kind: 'ec', ca: true });
      const rrn = await issueTestCertificate(intermediate, { name: 'C=BE, O=RRN, CN=RRN via CA', kind: 'ec' });
      expect(reasons(read({ rrn }), `${root.pem}\n${intermediate.pem}`)).toEqual([]);
      expect(reasons(read({ rrn }), root.pem)).toEqual(['certificate_untrusted']);
    });
  });

  describe('refusals', () => {
    it.each(['rsa', 'ec'] as const)('refuses a tampered identity byte (%s)', (kind) => {
      const files = read({ rrn: kind === 'rsa' ? rsaRrn : ecRrn });
      expect(reasons({ ...files, identity: tamper(files.identity, 'Specimen') })).toEqual(['identity_signature']);
    });

    it.each(['rsa', 'ec'] as const)('refuses a bad identity signature, which the address signature covers too (%s)', (kind) => {
      const files = read({ rrn: kind === 'rsa' ? rsaRrn : ecRrn });
      expect(reasons({ ...files, identitySignature: flipByte(files.identitySignature, 40) })).toEqual([
        'identity_signature',
        'address_signature',
      ]);
    });

    it.each(['rsa', 'ec'] as const)('refuses a bad address signature (%s)', (kind) => {
      const files = read({ rrn: kind === 'rsa' ? rsaRrn : ecRrn });
      expect(reasons({ ...files, addressSignature: flipByte(files.addressSignature, 40) })).toEqual(['address_signature']);
    });

    it('refuses a tampered address', () => {
      const files = read();
      expect(reasons({ ...files, address: tamper(files.address, 'Loi') })).toEqual(['address_signature']);
    });

    it.each([
      ['4033 with its padding + 4032', (address: Buffer, sig: Buffer) => Buffer.concat([address, sig])],
      ['4033 alone', (address: Buffer) => address.subarray(0, address.indexOf(Buffer.from('Bruxelles')) + 9)],
    ])('refuses an address signature over %s', (_, addressSignedData) => {
      expect(reasons(read({ addressSignedData }))).toEqual(['address_signature']);
    });

    it('refuses an EC address signature over 4033 + the trimmed 4032 (the full file is signed)', () => {
      const files = read({
        rrn: ecRrn,
        addressSignedData: (address, sig) =>
          Buffer.concat([address.subarray(0, address.indexOf(Buffer.from('Bruxelles')) + 9), sig.subarray(0, sig[1] + 2)]),
      });
      expect(reasons(files)).toEqual(['address_signature']);
    });

    it.each(['rsa', 'ec'] as const)('refuses a photo that does not match its hash (%s)', (kind) => {
      const files = read({ rrn: kind === 'rsa' ? rsaRrn : ecRrn });
      expect(reasons({ ...files, photo: flipByte(files.photo, 100) })).toEqual(['photo_hash']);
    });

    it('refuses an EC card whose basic key does not match tag 0x1A', () => {
      const other = KeyObject.from(lookAlikeRoot.keys.publicKey).export({ type: 'spki', format: 'der' });
      expect(reasons({ ...read({ rrn: ecRrn }), basicPublicKey: other })).toEqual(['basic_key_hash']);
    });

    it('refuses an EC card with a basic key but no tag 0x1A', () => {
      expect(reasons(read({ rrn: ecRrn, identity: { 0x1a: undefined } }))).toEqual(['basic_key_hash']);
    });

    it('refuses an expired card, from midnight in Brussels', () => {
      const files = read({ identity: { 0x04: '15.03.2026' } });
      expect(reasons(files, root.pem, new Date('2026-03-15T22:59:00Z'))).toEqual([]);
      expect(reasons(files, root.pem, new Date('2026-03-15T23:00:00Z'))).toEqual(['card_expired']);
    });

    it('refuses a card that is not valid yet', () => {
      expect(reasons(read({ identity: { 0x03: '01.04.2026' } }))).toEqual(['card_not_yet_valid']);
    });

    it('refuses an RRN certificate from a look-alike root (same name, other key)', () => {
      const result = verify(read(), lookAlikeRoot.pem);
      expect(result.refusals.map((r) => r.reason)).toEqual(['certificate_untrusted']);
      expect(result.ok).toBe(false);
    });

    it('refuses an RRN certificate that signs itself', () => {
      expect(reasons(read(), rsaRrn.pem)).toEqual(['certificate_untrusted']);
    });

    it('refuses an expired RRN certificate', async () => {
      const rrn = await issueTestCertificate(root, {
        name: 'C=BE, O=RRN, CN=RRN old',
        kind: 'ec',
        notBefore: new Date('2010-01-01T00:00:00Z'),
        notAfter: new Date('2025-12-31T23:59:59Z'),
      });
      expect(reasons(read({ rrn }))).toEqual(['certificate_expired']);
    });

    it('refuses bad national-number check digits', () => {
      expect(reasons(read({ identity: { 0x06: '85073003329' } }))).toEqual(['national_number_check']);
    });

    it('refuses bad card-number check digits', () => {
      expect(reasons(read({ identity: { 0x01: '591191706459' } }))).toEqual(['card_number_check']);
    });

    it('collects every refusal', () => {
      const files = read({ identity: { 0x04: '01.01.2026', 0x06: '85073003329' } });
      const result = verify({ ...files, photo: flipByte(files.photo, 10) }, lookAlikeRoot.pem);
      expect(result.refusals.map((r) => r.reason)).toEqual([
        'certificate_untrusted',
        'photo_hash',
        'card_expired',
        'national_number_check',
      ]);
      expect(result.identity?.surname).toBe('Specimen');
    });
  });

  describe('format', () => {
    it('refuses unparsable files with a single format refusal and no data', () => {
      const files = read();
      const result = verify({ ...files, identity: files.identity.subarray(0, 30) });
      expect(result).toMatchObject({ ok: false, identity: null, address: null, algorithm: null });
      expect(result.refusals).toEqual([{ reason: 'format', detail: expect.stringContaining('beid.tlv.truncated') }]);
      expect(result.evidenceHash).toMatch(/^[0-9a-f]{64}$/);
    });

    it('refuses a missing RRN certificate as a format error', () => {
      const result = verify({ ...read(), rrnCertificate: Buffer.alloc(1300) });
      expect(result.refusals).toEqual([{ reason: 'format', detail: expect.stringContaining('beid.certificate.absent') }]);
    });

    it('refuses a certificate that is DER but not X.509 as a format error', () => {
      const result = verify({ ...read(), rrnCertificate: Buffer.from('3003020101', 'hex') });
      expect(result.refusals.map((r) => r.reason)).toEqual(['format']);
    });

    it('never throws on empty files', () => {
      const empty = Buffer.alloc(0);
      const files: BeidRawFiles = {
        identity: empty,
        identitySignature: empty,
        address: empty,
        addressSignature: empty,
        photo: empty,
        rrnCertificate: empty,
      };
      expect(verify(files).refusals.map((r) => r.reason)).toEqual(['format']);
    });

    it('throws on a trust bundle without certificates (configuration error)', () => {
      expect(() => verify(read(), 'not a pem')).toThrow(/trustedRoots/);
    });
  });
});

describe('beidEvidenceHash', () => {
  it('is stable, and changes when any file changes', () => {
    const files = read({ rrn: ecRrn });
    const base = beidEvidenceHash(files);
    expect(beidEvidenceHash({ ...files })).toBe(base);
    for (const name of BEID_EVIDENCE_ORDER) {
      const file = files[name] as Buffer;
      expect(beidEvidenceHash({ ...files, [name]: flipByte(file, 0) })).not.toBe(base);
    }
  });

  it('tells an absent basic key from an empty one, and bytes moved between files', () => {
    const files = read();
    const absent = beidEvidenceHash({ ...files, basicPublicKey: null });
    expect(absent).not.toBe(beidEvidenceHash({ ...files, basicPublicKey: Buffer.alloc(0) }));
    expect(beidEvidenceHash({ ...files, basicPublicKey: undefined })).toBe(absent);
    const moved = {
      ...files,
      identity: files.identity.subarray(0, 10),
      identitySignature: Buffer.concat([files.identity.subarray(10), files.identitySignature]),
    };
    expect(beidEvidenceHash(moved)).not.toBe(beidEvidenceHash(files));
  });

  it('is the hash verifyBeidRead reports', () => {
    const files = read();
    expect(verify(files).evidenceHash).toBe(beidEvidenceHash(files));
  });
});
