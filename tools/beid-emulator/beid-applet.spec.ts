import { BeidApplet } from './beid-applet';
import { ATR_FOREIGN_IDPRIME, type CardProfile } from './card-profile';
import { DEMO_IDENTITIES } from './demo-identities';
import { buildCardProfile, withIdentityFileLength } from './identity-builder';
import { createTestPki, type TestPki } from './test-pki';

const hex = (text: string): Buffer => Buffer.from(text.replace(/\s+/g, ''), 'hex');
const sw = (response: Buffer): string => response.subarray(-2).toString('hex').toUpperCase();
const body = (response: Buffer): Buffer => response.subarray(0, -2);

const SELECT_AID = '00 A4 04 00 0F A00000003029057000AD13100101FF';
const SELECT_IDENTITY = '00 A4 08 0C 04 DF01 4031';

/** The reader side of eid-mw `CCard::ReadFile`: 252-byte chunks, 6Cxx resend, 6B00 = end. */
function readFile(applet: BeidApplet, chunk = 252): { data: Buffer; apdus: number } {
  const parts: Buffer[] = [];
  let offset = 0;
  let apdus = 0;
  let le = chunk;
  for (;;) {
    const response = applet.process(Buffer.from([0x00, 0xb0, offset >> 8, offset & 0xff, le & 0xff]));
    apdus++;
    const status = sw(response);
    if (status.startsWith('6C')) {
      le = response[response.length - 1] || 256;
      continue;
    }
    if (status === '6B00' && offset > 0) break;
    if (status !== '9000') throw new Error(`READ BINARY at ${offset} answered ${status}`);
    const data = body(response);
    parts.push(data);
    offset += data.length;
    if (data.length < chunk) break;
    le = chunk;
  }
  return { data: Buffer.concat(parts), apdus };
}

describe(BeidApplet.name, () => {
  let pki: TestPki;
  let rsa: CardProfile;
  let ecc: CardProfile;

  beforeAll(async () => {
    pki = await createTestPki();
    rsa = buildCardProfile(DEMO_IDENTITIES.jan, pki, { generation: '1.7' });
    ecc = buildCardProfile(DEMO_IDENTITIES.francoise, pki, { generation: '1.8' });
  });

  const send = (applet: BeidApplet, apdu: string): Buffer => applet.process(hex(apdu));

  describe('SELECT', () => {
    it('selects the BELPIC applet by AID with 9000 and no data', () => {
      const applet = new BeidApplet(rsa);
      expect(send(applet, SELECT_AID)).toEqual(hex('9000'));
    });

    it('answers 6A82 for another AID', () => {
      expect(sw(send(new BeidApplet(rsa), '00 A4 04 00 05 A000000001'))).toBe('6A82');
    });

    it.each([
      ['path without MF (tokend, CryptoTokenKit)', ['00 A4 08 0C 04 DF01 4031']],
      ['path with MF', ['00 A4 08 0C 06 3F00 DF01 4031']],
      ['one level at a time (eid-mw)', ['00 A4 02 0C 02 3F00', '00 A4 02 0C 02 DF01', '00 A4 02 0C 02 4031']],
      ['one level with P2=00', ['00 A4 02 00 02 3F00', '00 A4 02 00 02 DF01', '00 A4 02 00 02 4031']],
      ['path from the current DF', ['00 A4 02 0C 02 DF01', '00 A4 09 0C 02 4031']],
    ])('selects 4031 by %s, returning no FCI', (_name, apdus) => {
      const applet = new BeidApplet(rsa);
      for (const apdu of apdus) expect(send(applet, apdu)).toEqual(hex('9000'));
      const first = send(applet, '00 B0 00 00 10');
      expect(sw(first)).toBe('9000');
      expect(body(first)).toEqual(rsa.files.identity.subarray(0, 16));
    });

    it('finds 4031 by its bare FID only once DF01 is the current DF (eid-mw first try)', () => {
      const applet = new BeidApplet(rsa);
      expect(sw(send(applet, '00 A4 02 0C 02 4031'))).toBe('6A82');
      expect(sw(send(applet, '00 A4 08 0C 04 DF01 4035'))).toBe('9000');
      expect(sw(send(applet, '00 A4 02 0C 02 4031'))).toBe('9000');
    });

    it('answers 6A82 for unknown files and keeps the previous selection', () => {
      const applet = new BeidApplet(rsa);
      expect(sw(send(applet, SELECT_IDENTITY))).toBe('9000');
      expect(sw(send(applet, '00 A4 08 0C 04 DF01 4099'))).toBe('6A82');
      expect(sw(send(applet, '00 A4 08 0C 04 DF02 4031'))).toBe('6A82');
      expect(sw(send(applet, '00 A4 08 0C 06 3F00 4031 4031'))).toBe('6A82'); // an EF is not a directory
      expect(body(send(applet, '00 B0 00 00 04'))).toEqual(rsa.files.identity.subarray(0, 4));
    });

    it('has the basic public key file 4040 on 1.8 cards only', () => {
      expect(sw(send(new BeidApplet(rsa), '00 A4 08 0C 04 DF01 4040'))).toBe('6A82');
      const applet = new BeidApplet(ecc);
      expect(sw(send(applet, '00 A4 08 0C 04 DF01 4040'))).toBe('9000');
      expect(readFile(applet).data).toEqual(ecc.files.basicPublicKey);
    });

    it('reaches DF00 through the PKCS#15 AID', () => {
      const applet = new BeidApplet(rsa);
      expect(sw(send(applet, '00 A4 04 0C 0C A000000177504B43532D3135'))).toBe('9000');
      expect(sw(send(applet, '00 A4 02 0C 02 503C'))).toBe('9000');
      expect(readFile(applet).data).toEqual(rsa.files.rrnCertificate);
    });

    it('rejects malformed SELECTs', () => {
      const applet = new BeidApplet(rsa);
      expect(sw(send(applet, '00 A4 08 0C 05 DF01 4031'))).toBe('6700'); // Lc says 5, 4 bytes follow
      expect(sw(send(applet, '00 A4 08 0C 03 DF01 40'))).toBe('6A87'); // odd path
      expect(sw(send(applet, '00 A4 08 0E 04 DF01 4031'))).toBe('6A86');
      expect(sw(send(applet, '00 A4 07 0C 02 DF01'))).toBe('6A86');
    });
  });

  describe('READ BINARY', () => {
    it('reads every file byte for byte in 252-byte chunks, on both generations', () => {
      for (const profile of [rsa, ecc]) {
        const files: Array<[string, Buffer | undefined]> = [
          ['DF01 4031', profile.files.identity],
          ['DF01 4032', profile.files.identitySignature],
          ['DF01 4033', profile.files.address],
          ['DF01 4034', profile.files.addressSignature],
          ['DF01 4035', profile.files.photo],
          ['DF00 503B', profile.files.rootCertificate],
          ['DF00 503C', profile.files.rrnCertificate],
        ];
        for (const [filePath, expected] of files) {
          const applet = new BeidApplet(profile);
          expect(sw(send(applet, `00 A4 08 0C 04 ${filePath}`))).toBe('9000');
          expect(readFile(applet).data).toEqual(expected);
        }
      }
    });

    it('answers 6Cxx with the bytes left when Le asks for more, then serves the exact Le', () => {
      const applet = new BeidApplet(rsa);
      send(applet, SELECT_IDENTITY);
      const length = rsa.files.identity.length; // 169 on this card
      expect(length).toBeLessThan(252);
      expect(send(applet, '00 B0 00 00 FC')).toEqual(Buffer.from([0x6c, length]));
      const exact = send(applet, `00 B0 00 00 ${length.toString(16).padStart(2, '0')}`);
      expect(sw(exact)).toBe('9000');
      expect(body(exact)).toEqual(rsa.files.identity);
      // In the middle of a file too.
      expect(send(applet, '00 B0 00 A0 FC')).toEqual(Buffer.from([0x6c, length - 0xa0]));
    });

    it('treats Le=00 as 256: data when 256 bytes remain, 6Cxx otherwise', () => {
      const applet = new BeidApplet(rsa);
      send(applet, '00 A4 08 0C 04 DF01 4035');
      const full = send(applet, '00 B0 00 00 00');
      expect(sw(full)).toBe('9000');
      expect(body(full)).toEqual(rsa.files.photo.subarray(0, 256));
      send(applet, SELECT_IDENTITY);
      expect(send(applet, '00 B0 00 00 00')).toEqual(Buffer.from([0x6c, rsa.files.identity.length]));
    });

    it('answers 6B00 at and past the end of the file', () => {
      const applet = new BeidApplet(rsa);
      send(applet, SELECT_IDENTITY);
      const length = rsa.files.identity.length;
      expect(sw(applet.process(Buffer.from([0x00, 0xb0, length >> 8, length & 0xff, 0x01])))).toBe('6B00');
      expect(sw(applet.process(Buffer.from([0x00, 0xb0, 0x10, 0x00, 0xfc])))).toBe('6B00');
    });

    it('ends a file whose length is a multiple of 252 with 6B00 at a non-zero offset', () => {
      for (const generation of ['1.7', '1.8'] as const) {
        const identity = withIdentityFileLength(DEMO_IDENTITIES.lukas, generation, 504);
        const profile = buildCardProfile(identity, pki, { generation });
        expect(profile.files.identity.length).toBe(504);
        const applet = new BeidApplet(profile);
        send(applet, SELECT_IDENTITY);
        expect(body(send(applet, '00 B0 00 00 FC'))).toHaveLength(252);
        expect(body(send(applet, '00 B0 00 FC FC'))).toHaveLength(252);
        expect(send(applet, '00 B0 01 F8 FC')).toEqual(hex('6B00'));
        const fresh = new BeidApplet(profile);
        send(fresh, SELECT_IDENTITY);
        const { data, apdus } = readFile(fresh);
        expect(data).toEqual(profile.files.identity);
        expect(apdus).toBe(3);
      }
    });

    it('reads in 248- and 250-byte chunks (macOS, CryptoTokenKit) as well', () => {
      for (const chunk of [248, 250]) {
        const applet = new BeidApplet(ecc);
        send(applet, '00 A4 08 0C 04 DF01 4035');
        expect(readFile(applet, chunk).data).toEqual(ecc.files.photo);
      }
    });

    it('answers 6986 without a current EF and 6700 without Le', () => {
      const applet = new BeidApplet(rsa);
      expect(sw(send(applet, '00 B0 00 00 FC'))).toBe('6986');
      send(applet, '00 A4 08 0C 02 DF01');
      expect(sw(send(applet, '00 B0 00 00 FC'))).toBe('6986');
      send(applet, SELECT_IDENTITY);
      expect(sw(send(applet, '00 B0 00 00'))).toBe('6700');
      applet.reset();
      expect(sw(send(applet, '00 B0 00 00 FC'))).toBe('6986');
    });
  });

  describe('GET CARD DATA', () => {
    it('answers 28 bytes: chip serial, then applet version at byte 21', () => {
      for (const [profile, version] of [
        [rsa, 0x17],
        [ecc, 0x18],
      ] as const) {
        const response = send(new BeidApplet(profile), '80 E4 00 00 1C');
        expect(sw(response)).toBe('9000');
        const data = body(response);
        expect(data).toHaveLength(28);
        expect(data.subarray(0, 16).toString('hex').toUpperCase()).toBe(profile.identity.chipNumber);
        expect(data[21]).toBe(version);
      }
    });

    it('answers 6Cxx with the right length when Le is wrong', () => {
      expect(send(new BeidApplet(rsa), '80 E4 00 00 00')).toEqual(hex('6C1C'));
      expect(send(new BeidApplet(rsa), '80 E4 00 00 10')).toEqual(hex('6C1C'));
      expect(send(new BeidApplet(ecc), '80 E4 00 01 1C')).toEqual(hex('6C1F'));
    });

    it('gives the PIN tries left at byte 28 on 1.8 cards, and 6A86 on 1.7', () => {
      const response = send(new BeidApplet(ecc), '80 E4 00 01 1F');
      expect(sw(response)).toBe('9000');
      expect(body(response)).toHaveLength(31);
      expect(body(response)[28]).toBe(3);
      expect(sw(send(new BeidApplet(rsa), '80 E4 00 01 1F'))).toBe('6A86');
    });
  });

  describe('61xx / GET RESPONSE', () => {
    let profile: CardProfile;
    beforeAll(() => {
      profile = buildCardProfile(DEMO_IDENTITIES.francoise, pki, { useGetResponse: true });
    });

    it('answers GET CARD DATA with 611C, then the data on GET RESPONSE', () => {
      const applet = new BeidApplet(profile);
      expect(send(applet, '80 E4 00 00 1C')).toEqual(hex('611C'));
      const response = send(applet, '00 C0 00 00 1C');
      expect(body(response)).toEqual(profile.cardData);
      expect(sw(response)).toBe('9000');
      expect(sw(send(applet, '00 C0 00 00 1C'))).toBe('6985'); // nothing left
    });

    it('answers a too-long GET RESPONSE with 6Cxx and keeps the data', () => {
      const applet = new BeidApplet(profile);
      send(applet, '80 E4 00 01 1F');
      expect(send(applet, '00 C0 00 00 00')).toEqual(hex('6C1F'));
      expect(body(send(applet, '00 C0 00 00 1F'))).toEqual(profile.cardDataExtended);
    });

    it('serves a short GET RESPONSE in parts with 61xx', () => {
      const applet = new BeidApplet(profile);
      send(applet, '80 E4 00 00 1C');
      const first = send(applet, '00 C0 00 00 10');
      expect(sw(first)).toBe('610C');
      const second = send(applet, '00 C0 00 00 0C');
      expect(sw(second)).toBe('9000');
      expect(Buffer.concat([body(first), body(second)])).toEqual(profile.cardData);
    });

    it('answers the AID SELECT with 61xx and an FCI naming the applet', () => {
      const applet = new BeidApplet(profile);
      const first = send(applet, SELECT_AID);
      expect(first[0]).toBe(0x61);
      const fci = body(send(applet, `00 C0 00 00 ${first[1].toString(16).padStart(2, '0')}`));
      expect(fci.subarray(0, 4)).toEqual(hex('6F11840F'));
      expect(fci.subarray(4).toString('hex').toUpperCase()).toBe('A00000003029057000AD13100101FF');
      expect(send(applet, SELECT_IDENTITY)).toEqual(hex('9000')); // P2=0C asks for no data
    });

    it('drops the pending data when another command comes first', () => {
      const applet = new BeidApplet(profile);
      send(applet, '80 E4 00 00 1C');
      send(applet, SELECT_IDENTITY);
      expect(sw(send(applet, '00 C0 00 00 1C'))).toBe('6985');
    });
  });

  describe('errors', () => {
    it('answers 6D00 for an unsupported INS and 6E00 for a wrong CLA', () => {
      const applet = new BeidApplet(rsa);
      expect(send(applet, '00 20 00 01 08 2412345FFFFFFFFF')).toEqual(hex('6D00')); // VERIFY: not emulated
      expect(send(applet, '00 D6 00 00 01 00')).toEqual(hex('6D00')); // UPDATE BINARY
      expect(send(applet, '90 B0 00 00 FC')).toEqual(hex('6E00'));
      expect(send(applet, '80 B0 00 00 FC')).toEqual(hex('6E00'));
      expect(send(applet, '00 E4 00 00 1C')).toEqual(hex('6E00'));
      expect(send(applet, '00 B0')).toEqual(hex('6700'));
    });

    it('plays a foreign card without the BELPIC applet for unknown-atr', () => {
      const profile = buildCardProfile(DEMO_IDENTITIES.francoise, pki, { defect: 'unknown-atr' });
      const applet = new BeidApplet(profile);
      expect(applet.atr).toEqual(ATR_FOREIGN_IDPRIME);
      expect(send(applet, SELECT_AID)).toEqual(hex('6A82'));
      expect(send(applet, SELECT_IDENTITY)).toEqual(hex('6A82'));
      expect(send(applet, '80 E4 00 00 1C')).toEqual(hex('6D00'));
    });
  });
});
