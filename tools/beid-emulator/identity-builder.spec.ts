import * as crypto from 'node:crypto';
import { ATR_APPLET_17, ATR_APPLET_18, ATR_FOREIGN_IDPRIME, type CardholderIdentity, type CardProfile } from './card-profile';
import { DEMO_IDENTITIES, DEMO_IDENTITY_KEYS } from './demo-identities';
import {
  ADDRESS_FILE_LENGTH,
  buildCardProfile,
  EC_SIGNATURE_FILE_LENGTH,
  withIdentityFileLength,
} from './identity-builder';
import { createTestPki, type TestPki } from './test-pki';

/**
 * A TLV reader written in this spec (spec rule: FF continuation bytes add 255 each). It answers
 * `truncated: true` instead of throwing when a value runs past the end of the file.
 */
function readTlv(file: Buffer): { fields: Map<number, Buffer>; order: number[]; truncated: boolean } {
  const fields = new Map<number, Buffer>();
  const order: number[] = [];
  let i = 0;
  while (i < file.length) {
    const tag = file[i++];
    let length = 0;
    while (i < file.length && file[i] === 0xff) {
      length += 255;
      i++;
    }
    if (i >= file.length) return { fields, order, truncated: true };
    length += file[i++];
    if (i + length > file.length) return { fields, order, truncated: true };
    fields.set(tag, file.subarray(i, i + length));
    order.push(tag);
    i += length;
  }
  return { fields, order, truncated: false };
}

const text = (fields: Map<number, Buffer>, tag: number): string | undefined => fields.get(tag)?.toString('utf8');

function stripZeros(data: Buffer): Buffer {
  let end = data.length;
  while (end > 0 && data[end - 1] === 0) end--;
  return data.subarray(0, end);
}

/** The DER certificate inside a zero-padded certificate file: `30 82 LL LL` + LLLL. */
function certificateOf(file: Buffer): crypto.X509Certificate {
  expect(file.subarray(0, 2)).toEqual(Buffer.from([0x30, 0x82]));
  return new crypto.X509Certificate(file.subarray(0, file.readUInt16BE(2) + 4));
}

/** eid-viewer's checks, written here from REFERENCE §1.5. */
function verifyCard(profile: CardProfile, trustedRoot: crypto.X509Certificate) {
  const { files } = profile;
  const rrn = certificateOf(files.rrnCertificate);
  const isEc = rrn.publicKey.asymmetricKeyType === 'ec';
  const trimmed = (signature: Buffer): Buffer => (isEc ? signature.subarray(0, signature[1] + 2) : signature);
  const check = (data: Buffer, signature: Buffer): boolean => {
    if (isEc) return crypto.verify('sha384', data, { key: rrn.publicKey, dsaEncoding: 'der' }, trimmed(signature));
    return (
      crypto.verify('sha1', data, rrn.publicKey, signature) || crypto.verify('sha256', data, rrn.publicKey, signature)
    );
  };
  const { fields } = readTlv(files.identity);
  const photoHash = fields.get(0x11) ?? Buffer.alloc(0);
  const photoAlgorithm = photoHash.length === 20 ? 'sha1' : photoHash.length === 32 ? 'sha256' : 'sha384';
  return {
    identitySignature: check(files.identity, files.identitySignature),
    addressSignature: check(Buffer.concat([stripZeros(files.address), files.identitySignature]), files.addressSignature),
    photoHash: crypto.createHash(photoAlgorithm).update(files.photo).digest().equals(photoHash),
    basicKey:
      files.basicPublicKey === undefined
        ? fields.get(0x1a) === undefined
        : crypto.createHash('sha384').update(files.basicPublicKey).digest().equals(fields.get(0x1a) ?? Buffer.alloc(0)),
    chain: rrn.verify(trustedRoot.publicKey),
  };
}

describe('buildCardProfile', () => {
  let pki: TestPki;
  let root: crypto.X509Certificate;

  beforeAll(async () => {
    pki = await createTestPki();
    root = new crypto.X509Certificate(pki.rootDer);
  });

  const allGood = { identitySignature: true, addressSignature: true, photoHash: true, basicKey: true, chain: true };

  it.each(DEMO_IDENTITY_KEYS)('builds a card for %s that verifies like eid-viewer', (key) => {
    const profile = buildCardProfile(DEMO_IDENTITIES[key], pki);
    expect(verifyCard(profile, root)).toEqual(allGood);
  });

  describe('applet 1.7 (RSA)', () => {
    let profile: CardProfile;
    beforeAll(() => {
      profile = buildCardProfile(DEMO_IDENTITIES.jan, pki);
    });

    it('is chosen for cards issued before September 2020, with the 1.7 ATR', () => {
      expect(profile.generation).toBe('1.7');
      expect(profile.atr).toEqual(ATR_APPLET_17);
      expect(profile.cardData[21]).toBe(0x17);
    });

    it('signs 4031 with RSA PKCS#1 v1.5 / SHA-1 and has a SHA-1 photo hash', () => {
      const rrn = certificateOf(profile.files.rrnCertificate);
      expect(rrn.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
      expect(profile.files.identitySignature).toHaveLength(256);
      expect(crypto.verify('sha1', profile.files.identity, rrn.publicKey, profile.files.identitySignature)).toBe(true);
      expect(crypto.verify('sha256', profile.files.identity, rrn.publicKey, profile.files.identitySignature)).toBe(false);
      const photoHash = readTlv(profile.files.identity).fields.get(0x11);
      expect(photoHash).toEqual(crypto.createHash('sha1').update(profile.files.photo).digest());
    });

    it('signs with SHA-256 but keeps a SHA-1 photo hash on a CA4 card', () => {
      const ca4 = buildCardProfile(DEMO_IDENTITIES.jan, pki, { ca4: true });
      const rrn = certificateOf(ca4.files.rrnCertificate);
      expect(crypto.verify('sha1', ca4.files.identity, rrn.publicKey, ca4.files.identitySignature)).toBe(false);
      expect(crypto.verify('sha256', ca4.files.identity, rrn.publicKey, ca4.files.identitySignature)).toBe(true);
      expect(readTlv(ca4.files.identity).fields.get(0x11)).toHaveLength(20);
    });

    it('pads certificate files with 50 zero bytes and has no 4040', () => {
      const der = certificateOf(profile.files.rrnCertificate).raw;
      expect(profile.files.rrnCertificate).toHaveLength(der.length + 50);
      expect(profile.files.rrnCertificate.subarray(der.length).every((b) => b === 0)).toBe(true);
      expect(profile.files.rootCertificate.subarray(0, pki.rootDer.length)).toEqual(pki.rootDer);
      expect(profile.files.basicPublicKey).toBeUndefined();
      expect(readTlv(profile.files.identity).fields.has(0x1a)).toBe(false);
    });
  });

  describe('applet 1.8 (ECC)', () => {
    let profile: CardProfile;
    beforeAll(() => {
      profile = buildCardProfile(DEMO_IDENTITIES.francoise, pki);
    });

    it('is chosen for cards issued from September 2020, with the 1.8 ATR', () => {
      expect(profile.generation).toBe('1.8');
      expect(profile.atr).toEqual(ATR_APPLET_18);
      expect(profile.cardData[21]).toBe(0x18);
      expect(profile.cardDataExtended?.[28]).toBe(3);
    });

    it('stores DER ECDSA P-384 signatures zero-padded to a fixed length; the real length is byte[1] + 2', () => {
      for (const signature of [profile.files.identitySignature, profile.files.addressSignature]) {
        expect(signature).toHaveLength(EC_SIGNATURE_FILE_LENGTH);
        expect(signature[0]).toBe(0x30);
        expect(signature.subarray(signature[1] + 2).every((b) => b === 0)).toBe(true);
      }
      const rrn = certificateOf(profile.files.rrnCertificate);
      expect(rrn.publicKey.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
      const der = profile.files.identitySignature.subarray(0, profile.files.identitySignature[1] + 2);
      expect(crypto.verify('sha384', profile.files.identity, { key: rrn.publicKey, dsaEncoding: 'der' }, der)).toBe(true);
    });

    it('signs the address without its padding followed by the whole 4032, padding included', () => {
      const rrn = certificateOf(profile.files.rrnCertificate);
      const signature = profile.files.addressSignature.subarray(0, profile.files.addressSignature[1] + 2);
      const verify = (data: Buffer): boolean =>
        crypto.verify('sha384', data, { key: rrn.publicKey, dsaEncoding: 'der' }, signature);
      const trimmed4032 = profile.files.identitySignature.subarray(0, profile.files.identitySignature[1] + 2);
      expect(verify(Buffer.concat([stripZeros(profile.files.address), profile.files.identitySignature]))).toBe(true);
      expect(verify(Buffer.concat([stripZeros(profile.files.address), trimmed4032]))).toBe(false);
      expect(verify(Buffer.concat([profile.files.address, profile.files.identitySignature]))).toBe(false);
    });

    it('has a SHA-384 photo hash and the SHA-384 of a P-384 SubjectPublicKeyInfo in tag 1A', () => {
      const { fields } = readTlv(profile.files.identity);
      expect(fields.get(0x11)).toEqual(crypto.createHash('sha384').update(profile.files.photo).digest());
      const spki = profile.files.basicPublicKey as Buffer;
      const key = crypto.createPublicKey({ key: spki, format: 'der', type: 'spki' });
      expect(key.asymmetricKeyDetails?.namedCurve).toBe('secp384r1');
      expect(fields.get(0x1a)).toEqual(crypto.createHash('sha384').update(spki).digest());
    });

    it('pads certificate files with 1100 zero bytes', () => {
      const der = certificateOf(profile.files.rrnCertificate).raw;
      expect(profile.files.rrnCertificate).toHaveLength(der.length + 1100);
    });
  });

  describe('identity file (4031)', () => {
    it('writes tag 00 first and the other tags in ascending order, in the card text forms', () => {
      const { fields, order, truncated } = readTlv(buildCardProfile(DEMO_IDENTITIES.lukas, pki).files.identity);
      expect(truncated).toBe(false);
      expect(order[0]).toBe(0x00);
      expect([...order].sort((a, b) => a - b)).toEqual(order);
      expect(text(fields, 0x01)).toBe(DEMO_IDENTITIES.lukas.cardNumber);
      expect(fields.get(0x02)?.toString('hex').toUpperCase()).toBe(DEMO_IDENTITIES.lukas.chipNumber);
      expect(text(fields, 0x03)).toBe('02.02.2022');
      expect(text(fields, 0x06)).toBe(DEMO_IDENTITIES.lukas.nationalNumber);
      expect(text(fields, 0x07)).toBe('Müller');
      expect(fields.get(0x07)).toHaveLength(7); // UTF-8: ü is two bytes
      expect(text(fields, 0x0c)).toBe('15.MÄR.1979');
      expect(text(fields, 0x0f)).toBe('01');
      expect(text(fields, 0x10)).toBe('0');
      expect(fields.has(0x0e)).toBe(false);
    });

    it('writes the noble condition, foreigner mentions and a bare "1" document type', () => {
      expect(text(readTlv(buildCardProfile(DEMO_IDENTITIES.baron, pki).files.identity).fields, 0x0e)).toBe('Baron');
      expect(text(readTlv(buildCardProfile(DEMO_IDENTITIES.jan, pki).files.identity).fields, 0x0f)).toBe('1');
      const giulia = readTlv(buildCardProfile(DEMO_IDENTITIES.giulia, pki).files.identity).fields;
      expect(text(giulia, 0x0f)).toBe('31');
      expect(text(giulia, 0x1f)).toBe('10.01.2024');
      expect(giulia.get(0x14)).toHaveLength(0);
      const amir = readTlv(buildCardProfile(DEMO_IDENTITIES.amir, pki).files.identity).fields;
      expect([text(amir, 0x0f), text(amir, 0x16), text(amir, 0x1d), text(amir, 0x19)]).toEqual([
        '11',
        '8',
        'D',
        '202600123456789012',
      ]);
      expect(text(readTlv(buildCardProfile(DEMO_IDENTITIES.emma, pki).files.identity).fields, 0x0f)).toBe('06');
    });

    it('writes lengths of 255 and more with FF continuation bytes, and still signs them', () => {
      for (const [surnameLength, lengthBytes] of [
        [254, [0xfe]],
        [255, [0xff, 0x00]],
        [260, [0xff, 0x05]],
        [520, [0xff, 0xff, 0x0a]],
      ] as const) {
        const identity: CardholderIdentity = { ...DEMO_IDENTITIES.jan, surname: 'A'.repeat(surnameLength) };
        const profile = buildCardProfile(identity, pki);
        const file = profile.files.identity;
        const at = file.indexOf(Buffer.concat([Buffer.of(0x07), Buffer.from(lengthBytes), Buffer.from('AAAA')]));
        expect(at).toBeGreaterThan(0);
        expect(text(readTlv(file).fields, 0x07)).toBe(identity.surname);
        expect(verifyCard(profile, root)).toEqual(allGood);
      }
    });

    it('can be made exactly 504 bytes long (2 × 252) on either generation', () => {
      for (const generation of ['1.7', '1.8'] as const) {
        const identity = withIdentityFileLength(DEMO_IDENTITIES.baron, generation, 504);
        const profile = buildCardProfile(identity, pki, { generation });
        expect(profile.files.identity).toHaveLength(504);
        expect(verifyCard(profile, root)).toEqual(allGood);
      }
    });

    it('refuses invalid card and national numbers', () => {
      expect(() => buildCardProfile({ ...DEMO_IDENTITIES.jan, cardNumber: '592191706459' }, pki)).toThrow(/card number/);
      expect(() => buildCardProfile({ ...DEMO_IDENTITIES.jan, nationalNumber: '85073003329' }, pki)).toThrow(
        /national number/,
      );
    });
  });

  describe('address file (4033)', () => {
    it('is TLV zero-padded to 117 bytes', () => {
      const profile = buildCardProfile(DEMO_IDENTITIES.lukas, pki);
      expect(profile.files.address).toHaveLength(ADDRESS_FILE_LENGTH);
      const { fields } = readTlv(stripZeros(profile.files.address));
      expect(text(fields, 0x01)).toBe('Aachener Straße 41');
      expect(text(fields, 0x02)).toBe('4700');
      expect(text(fields, 0x03)).toBe('Eupen');
    });
  });

  describe('defects', () => {
    const now = new Date('2026-11-24T12:00:00Z');

    it('tampered-identity: a field changed after signing; the photo still matches', () => {
      const profile = buildCardProfile(DEMO_IDENTITIES.francoise, pki, { defect: 'tampered-identity' });
      expect(text(readTlv(profile.files.identity).fields, 0x07)).toBe('dubois-Lefèvre');
      expect(verifyCard(profile, root)).toEqual({ ...allGood, identitySignature: false });
    });

    it('bad-signature: the identity signature does not verify (RSA and ECDSA)', () => {
      for (const key of ['jan', 'francoise'] as const) {
        const profile = buildCardProfile(DEMO_IDENTITIES[key], pki, { defect: 'bad-signature' });
        expect(verifyCard(profile, root)).toEqual({ ...allGood, identitySignature: false });
      }
    });

    it('wrong-photo-hash: signatures are fine, the photo hash is not', () => {
      const profile = buildCardProfile(DEMO_IDENTITIES.emma, pki, { defect: 'wrong-photo-hash' });
      expect(verifyCard(profile, root)).toEqual({ ...allGood, photoHash: false });
    });

    it('expired: validity ended in the past, correctly signed', () => {
      const profile = buildCardProfile(DEMO_IDENTITIES.francoise, pki, { defect: 'expired', now });
      expect(profile.generation).toBe('1.8');
      expect(profile.identity.validityEnd).toBe('25.10.2026');
      expect(text(readTlv(profile.files.identity).fields, 0x04)).toBe('25.10.2026');
      expect(verifyCard(profile, root)).toEqual(allGood);
    });

    it('unknown-atr: an IDPrime-like ATR without the BELPIC applet', () => {
      const profile = buildCardProfile(DEMO_IDENTITIES.francoise, pki, { defect: 'unknown-atr' });
      expect(profile.atr).toEqual(ATR_FOREIGN_IDPRIME);
      expect(profile.atr.subarray(0, 11)).toEqual(ATR_APPLET_18.subarray(0, 11));
      expect(profile.hasBelpicApplet).toBe(false);
    });

    it('truncated: cut in the middle of a value, signed as is, so only parsing fails', () => {
      for (const key of ['jan', 'francoise'] as const) {
        const profile = buildCardProfile(DEMO_IDENTITIES[key], pki, { defect: 'truncated' });
        expect(readTlv(profile.files.identity).truncated).toBe(true);
        expect(verifyCard(profile, root).identitySignature).toBe(true);
      }
    });

    it('untrusted: signed under a look-alike root (same name, other key)', () => {
      const profile = buildCardProfile(DEMO_IDENTITIES.francoise, pki, { defect: 'untrusted' });
      const cardRoot = certificateOf(profile.files.rootCertificate);
      expect(cardRoot.subject).toBe(root.subject);
      expect(cardRoot.raw.equals(root.raw)).toBe(false);
      expect(verifyCard(profile, root)).toEqual({ ...allGood, chain: false });
      expect(verifyCard(profile, cardRoot)).toEqual(allGood); // consistent with the root it brings along
    });

    it('remove-after: the profile tells the card to leave after 4 APDUs unless told otherwise', () => {
      expect(buildCardProfile(DEMO_IDENTITIES.jan, pki, { defect: 'remove-after' }).removeAfterApdus).toBe(4);
      expect(
        buildCardProfile(DEMO_IDENTITIES.jan, pki, { defect: 'remove-after', removeAfterApdus: 2 }).removeAfterApdus,
      ).toBe(2);
      expect(buildCardProfile(DEMO_IDENTITIES.jan, pki).removeAfterApdus).toBeUndefined();
    });
  });
});
