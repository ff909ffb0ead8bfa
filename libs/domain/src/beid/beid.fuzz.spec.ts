/**
 * Fuzzing of the BEID card-file decoders (issue 6, "abuse and bad input"): arbitrary bytes, TLV files
 * with arbitrary fields, genuine signed files cut short or with bytes flipped. The decoders may refuse
 * with their own BeidFormatError and nothing else; what they accept stays within the field limits;
 * verification never throws and never accepts a tampered read. Seed and runs: test/fuzz/fuzz-settings.ts.
 */
import fc from 'fast-check';
import { byteFlip, expectOnly, flipBytes, fuzzRuns } from '../../../../test/fuzz/fuzz-settings';
import { parseAddressFile, type BeidAddress } from './address-file';
import { BeidFormatError } from './beid-format.error';
import { derElementLength, parseCardData, trimCertificate } from './card';
import { parseBeidBirthDate, parseCardDate } from './dates';
import { parseIdentityFile, type BeidIdentity } from './identity-file';
import { buildTlvFile, defaultIdentityFields, type IdentityFields } from './testing/test-files';
import { buildCardRead, createTestRoot, issueTestCertificate, type TestIssuer } from './testing/test-pki';
import { encodeTlv, parseTlv, stripTrailingZeros } from './tlv';
import { verifyBeidRead, type BeidRawFiles } from './verify';

/** Byte strings of any length up to `maxLength` (size "max": fast-check's default keeps them to about ten bytes). */
const bytes = (maxLength: number) => fc.uint8Array({ maxLength, size: 'max' }).map((array) => Buffer.from(array));

/** Field values that reach the decoders' checks: empty, blank, binary, any text, near-miss dates and numbers. */
const fieldValue: fc.Arbitrary<string | Buffer> = fc.oneof(
  bytes(60),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.constantFrom('', ' ', '0', '5', '6', '01', 'M', 'F', 'V', 'X', '  m ', '\u0000', 'é', 'E\u0301'),
  fc.constantFrom('29.02.2024', '29.02.2023', '31.04.2030', '00.00.0000', '1.1.2020', '01.13.2020', ' 01.05.2031 '),
  fc.constantFrom('30 JUL 1985', '29 FEV 2001', '29.MÄR.2000', '00 000 1985', '   1985', '31 AVR 1990', '15 XYZ 1990', '1985'),
  fc.stringMatching(/^[0-9A-Z]{0,24}$/),
  fc.string({ minLength: 200, maxLength: 600 }),
);

/** A genuine identity file with some fields replaced, dropped or added (tags 0x00–0x22). */
const identityLike = fc
  .record({
    changes: fc.dictionary(fc.integer({ min: 0, max: 0x22 }).map(String), fc.option(fieldValue, { nil: undefined }), { maxKeys: 4 }),
    photoHashLength: fc.constantFrom(20, 32, 48, 0, 47),
    padding: fc.integer({ min: 0, max: 1200 }),
  })
  .map(({ changes, photoHashLength, padding }) => {
    const fields: IdentityFields = { ...defaultIdentityFields(), 0x11: Buffer.alloc(photoHashLength, 0xab) };
    for (const [tag, value] of Object.entries(changes)) fields[Number(tag)] = value;
    return buildTlvFile(fields, padding);
  });

/** An address file with arbitrary values (and tags), zero-padded like on a card. */
const addressLike = fc
  .record({
    street: fc.option(fieldValue, { nil: undefined }),
    postalCode: fc.option(fc.oneof(fieldValue, fc.stringMatching(/^[0-9A-Za-z]{1,7}$/)), { nil: undefined }),
    municipality: fc.option(fieldValue, { nil: undefined }),
    extra: fc.dictionary(fc.integer({ min: 4, max: 0xff }).map(String), fieldValue, { maxKeys: 2 }),
  })
  .map(({ street, postalCode, municipality, extra }) =>
    buildTlvFile({ 0x00: Buffer.from([0x00, 0x01]), 0x01: street, 0x02: postalCode, 0x03: municipality, ...extra }, 117),
  );

/** The result of a decoder: its value, or its BeidFormatError (any other error fails the property). */
function decode<T>(run: () => T): T | BeidFormatError {
  const result = expectOnly(BeidFormatError, run);
  if (result instanceof BeidFormatError) expect(result.message.length).toBeLessThan(600);
  return result as T | BeidFormatError;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const optionalText = (value: string | null): boolean => value === null || (value.length > 0 && value === value.trim());

/** The limits of a decoded identity file, as the API relies on them. */
function expectIdentityWithinLimits(identity: BeidIdentity): void {
  expect(identity.cardNumber).toMatch(/^[0-9A-Z]{1,20}$/);
  expect(identity.chipNumber).toMatch(/^(?:[0-9A-F]{2})+$/);
  expect(identity.nationalNumber).toMatch(/^\d{11}$/);
  expect(identity.validityBegin).toMatch(ISO_DATE);
  expect(identity.validityEnd).toMatch(ISO_DATE);
  expect(['M', 'F']).toContain(identity.sex);
  expect([20, 32, 48]).toContain(identity.photoHash.length);
  expect(identity.basicKeyHash === null || identity.basicKeyHash.length === 48).toBe(true);
  expect(identity.specialStatus.code).toBeGreaterThanOrEqual(0);
  expect(identity.specialStatus.code).toBeLessThanOrEqual(5);
  expect(identity.documentType.code).toBeGreaterThanOrEqual(0);
  expect(identity.documentType.code).toBeLessThanOrEqual(999);
  expect(identity.fileVersion === null || (identity.fileVersion >= 0 && identity.fileVersion <= 0xffff)).toBe(true);
  const { year, month, day, iso } = identity.birthDate;
  expect(Number.isInteger(year) && year >= 0 && year <= 9999).toBe(true);
  expect(month === null || (month >= 1 && month <= 12)).toBe(true);
  expect(day === null || (day >= 1 && day <= 31)).toBe(true);
  expect(iso === null || ISO_DATE.test(iso)).toBe(true);
  expect(identity.euStartDate === null || ISO_DATE.test(identity.euStartDate)).toBe(true);
  for (const text of [identity.thirdNameInitial, identity.nobleCondition, identity.duplicate, identity.workPermit, identity.brexitMention1]) {
    expect(optionalText(text)).toBe(true);
  }
}

function expectAddressWithinLimits(address: BeidAddress): void {
  expect(address.postalCode).toMatch(/^[0-9A-Z]{1,6}$/i);
  expect(address.streetAndNumber).toBe(address.streetAndNumber.trim());
  expect(address.municipality).toBe(address.municipality.trim());
}

describe('BEID decoders under fuzzing', () => {
  describe(parseTlv.name, () => {
    it('refuses arbitrary bytes only with a BeidFormatError, and what it accepts re-encodes to the same file', () => {
      fc.assert(
        fc.property(fc.oneof(bytes(400), bytes(40).map((b) => Buffer.concat([b, Buffer.alloc(20)]))), (data) => {
          const fields = decode(() => parseTlv(data));
          if (fields instanceof BeidFormatError) return;
          // The parse is exact: the fields, encoded again, then zero padding, give back every byte.
          const encoded = encodeTlv(fields);
          expect(Buffer.concat([encoded, Buffer.alloc(data.length - encoded.length)]).equals(data)).toBe(true);
        }),
        fuzzRuns(2000),
      );
    });

    it('reads back every field list it encodes, with any padding', () => {
      const field = fc.record({ tag: fc.integer({ min: 1, max: 255 }), value: bytes(600) });
      fc.assert(
        fc.property(fc.array(field, { maxLength: 6 }), fc.nat({ max: 50 }), (fields, padding) => {
          const file = Buffer.concat([encodeTlv(fields), Buffer.alloc(padding)]);
          expect(parseTlv(file)).toEqual(fields);
        }),
        fuzzRuns(500),
      );
    });
  });

  describe(parseIdentityFile.name, () => {
    it('refuses arbitrary bytes and arbitrary fields only with a BeidFormatError; accepted files stay within limits', () => {
      let accepted = 0;
      fc.assert(
        fc.property(fc.oneof(bytes(300), identityLike), (file) => {
          const identity = decode(() => parseIdentityFile(file));
          if (identity instanceof BeidFormatError) return;
          accepted++;
          expectIdentityWithinLimits(identity);
        }),
        fuzzRuns(800),
      );
      // The generator must reach the limits checks, not only the refusals.
      expect(accepted).toBeGreaterThan(fuzzRuns(800).numRuns! / 10);
    });

    it('refuses a genuine file cut short or with flipped bytes only with a BeidFormatError', () => {
      const genuine = buildTlvFile({ ...defaultIdentityFields(), 0x11: Buffer.alloc(20, 0xab) }, 1024);
      const mutated = fc.oneof(
        fc.nat({ max: genuine.length }).map((end) => genuine.subarray(0, end)),
        fc.array(byteFlip, { minLength: 1, maxLength: 4 }).map((flips) => flipBytes(genuine.subarray(0, 300), flips)),
      );
      fc.assert(
        fc.property(mutated, (file) => {
          const identity = decode(() => parseIdentityFile(file));
          if (!(identity instanceof BeidFormatError)) expectIdentityWithinLimits(identity);
        }),
        fuzzRuns(600),
      );
    });

    it('tells a parse of the date tags (0x03, 0x04, 0x0C) from a refusal, for any text', () => {
      fc.assert(
        fc.property(fc.oneof(fc.string({ maxLength: 20 }), fieldValue.map(String)), (text) => {
          const card = decode(() => parseCardDate(text));
          if (typeof card === 'string') expect(card).toMatch(ISO_DATE);
          const birth = decode(() => parseBeidBirthDate(text));
          if (!(birth instanceof BeidFormatError)) expect(birth.raw).toBe(text);
        }),
        fuzzRuns(1000),
      );
    });
  });

  describe(parseAddressFile.name, () => {
    it('refuses arbitrary bytes and arbitrary fields only with a BeidFormatError; accepted files stay within limits', () => {
      let accepted = 0;
      fc.assert(
        fc.property(fc.oneof(bytes(200), addressLike), (file) => {
          const address = decode(() => parseAddressFile(file));
          if (address instanceof BeidFormatError) return;
          accepted++;
          expectAddressWithinLimits(address);
        }),
        fuzzRuns(1000),
      );
      expect(accepted).toBeGreaterThan(fuzzRuns(1000).numRuns! / 20);
    });
  });

  describe('GET CARD DATA and certificate files', () => {
    it('decode arbitrary bytes or refuse them with a BeidFormatError', () => {
      fc.assert(
        fc.property(bytes(40), bytes(80), (cardData, certificate) => {
          const data = decode(() => parseCardData(cardData));
          if (!(data instanceof BeidFormatError)) {
            expect(data.chipSerial).toMatch(/^[0-9A-F]{32}$/);
            expect(data.pinTriesLeft === null || (data.pinTriesLeft >= 0 && data.pinTriesLeft <= 255)).toBe(true);
          }
          const der = decode(() => trimCertificate(certificate));
          if (!(der instanceof BeidFormatError)) {
            expect(der.length).toBe(derElementLength(certificate));
            expect(der.length).toBeLessThanOrEqual(certificate.length);
          }
        }),
        fuzzRuns(1000),
      );
    });
  });

  describe(verifyBeidRead.name, () => {
    const NOW = new Date('2026-03-15T10:00:00Z');
    let root: TestIssuer;
    let reads: Record<'rsa' | 'ec', BeidRawFiles>;

    beforeAll(async () => {
      root = await createTestRoot();
      const [rsa, ec] = await Promise.all([
        issueTestCertificate(root, { name: 'C=BE, O=RRN, CN=RRN RSA', kind: 'rsa' }),
        issueTestCertificate(root, { name: 'C=BE, O=RRN, CN=RRN EC', kind: 'ec' }),
      ]);
      reads = { rsa: buildCardRead({ rrn: rsa }), ec: buildCardRead({ rrn: ec }) };
    });

    it('accepts the genuine reads it is fuzzed from', () => {
      for (const read of Object.values(reads)) expect(verifyBeidRead(read, { trustedRoots: root.pem, now: NOW }).refusals).toEqual([]);
    });

    /**
     * The bytes of each file a signature, hash or chain covers: not the padding after a DER element,
     * nor the address file's trailing zeros (4034 signs the address without them).
     */
    const covered = (files: BeidRawFiles, name: keyof BeidRawFiles): number => {
      const file = files[name] as Buffer;
      if (name === 'address') return stripTrailingZeros(file).length;
      if (name === 'rrnCertificate' || name === 'identitySignature' || name === 'addressSignature') return derElementLength(file) ?? file.length;
      return file.length;
    };
    const FILES = ['identity', 'identitySignature', 'address', 'addressSignature', 'photo', 'rrnCertificate', 'basicPublicKey'] as const;

    it('never throws on a tampered read and never accepts one: a flipped byte, a file cut short, a file swapped for junk', () => {
      const tampering = fc.record({
        card: fc.constantFrom('rsa' as const, 'ec' as const),
        file: fc.constantFrom(...FILES),
        how: fc.oneof(
          fc.record({ flip: byteFlip }),
          fc.record({ cut: fc.nat() }),
          fc.record({ junk: bytes(300) }),
        ),
      });
      fc.assert(
        fc.property(tampering, ({ card, file, how }) => {
          const files = { ...reads[card] };
          const original = files[file];
          if (!original || original.length === 0) return; // no 4040 on RSA cards
          const end = covered(files, file);
          let changed: Buffer;
          if ('flip' in how) changed = flipBytes(original, [{ at: how.flip.at % end, mask: how.flip.mask }]);
          else if ('cut' in how) changed = original.subarray(0, how.cut % end);
          else changed = how.junk;
          if (changed.equals(original)) return;
          const result = verifyBeidRead({ ...files, [file]: changed }, { trustedRoots: root.pem, now: NOW });
          expect(result.ok).toBe(false);
          expect(result.refusals.length).toBeGreaterThan(0);
          expect(result.evidenceHash).toMatch(/^[0-9a-f]{64}$/);
        }),
        fuzzRuns(300),
      );
    });
  });
});
