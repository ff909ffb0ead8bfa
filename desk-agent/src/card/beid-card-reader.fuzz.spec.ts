/**
 * Fuzzing of the agent's APDU response handling (issue 6): the reader talks to an emulated card
 * (tools/beid-emulator) whose answers are distorted (cut short, status word replaced, bytes flipped,
 * card pulled), or to a card answering pure noise. The read either succeeds, with the card's files
 * byte for byte when nothing was distorted, or fails with an AgentError; never anything else, and
 * never an endless exchange. Seed and runs: test/fuzz/fuzz-settings.ts.
 */
import fc from 'fast-check';
import { byteFlip, expectOnlyAsync, flipBytes, fuzzRuns } from '../../../test/fuzz/fuzz-settings';
import { BeidApplet, buildCardProfile, createTestPki, DEMO_IDENTITIES, type CardProfile } from '../../../tools/beid-emulator';
import { AgentError } from '../agent.error';
import type { CardChannel } from '../pcsc/card-channel';
import { FakeBeidCard } from '../testing/fake-beid-card';
import { BeidCardReader, CHUNK, type BeidCardRead } from './beid-card-reader';

const ATR_17 = Buffer.from('3B9813400AA503010101AD1311', 'hex');
/** The most APDUs a read may take: 7 files of at most 0x8000 bytes in 252-byte chunks, with resends and GET RESPONSE. */
const MAX_APDUS = 7 * (Math.ceil(0x8000 / CHUNK) + 1) * 18 + 64;

/** Status words the BELPIC protocol gives meaning to, and a few it does not. */
const statusWord = fc.oneof(
  fc.constantFrom(0x9000, 0x6b00, 0x6282, 0x6a82, 0x6a86, 0x6d00, 0x6986, 0x6700, 0x6c00, 0x6100, 0x61fc, 0x6c1c),
  fc.integer({ min: 0x6100, max: 0x61ff }),
  fc.integer({ min: 0x6c00, max: 0x6cff }),
  fc.integer({ min: 0, max: 0xffff }),
);

/** One distortion of one card answer. */
const fault = fc.oneof(
  fc.constant({ kind: 'pulled' as const }),
  fc.constant({ kind: 'one-byte' as const }),
  fc.record({ kind: fc.constant('cut' as const), keep: fc.nat() }),
  fc.record({ kind: fc.constant('status' as const), sw: statusWord }),
  fc.record({ kind: fc.constant('flip' as const), flips: fc.array(byteFlip, { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant('extra' as const), data: fc.uint8Array({ maxLength: 300 }) }),
);
type Fault = typeof fault extends fc.Arbitrary<infer T> ? T : never;

function distort(response: Buffer, how: Fault): Buffer {
  switch (how.kind) {
    case 'pulled':
      return Buffer.alloc(0);
    case 'one-byte':
      return response.subarray(0, 1);
    case 'cut':
      return response.subarray(0, how.keep % (response.length + 1));
    case 'status':
      return Buffer.concat([response.subarray(0, -2), Buffer.from([how.sw >> 8, how.sw & 0xff])]);
    case 'flip':
      return flipBytes(response, how.flips);
    case 'extra':
      return Buffer.concat([response.subarray(0, -2), Buffer.from(how.data), response.subarray(-2)]);
  }
}

/** The emulated card, with the answers to the listed APDU numbers distorted. */
class FaultyCard implements CardChannel {
  apdus = 0;
  distorted = 0;

  constructor(
    private readonly applet: BeidApplet,
    private readonly faults: ReadonlyMap<number, Fault>,
  ) {}

  async transmit(apdu: Buffer): Promise<Buffer> {
    const index = this.apdus++;
    if (this.apdus > MAX_APDUS) throw new Error(`the reader sent more than ${MAX_APDUS} APDUs`);
    const response = this.applet.process(apdu);
    const how = this.faults.get(index);
    if (how === undefined) return response;
    const changed = distort(response, how);
    if (!changed.equals(response)) this.distorted++;
    return changed;
  }
}

/** A card answering a fixed list of noise, then nothing (pulled out). */
class NoiseCard implements CardChannel {
  apdus = 0;

  constructor(private readonly answers: readonly Buffer[]) {}

  async transmit(): Promise<Buffer> {
    return this.answers[this.apdus++] ?? Buffer.alloc(0);
  }
}

const read = (channel: CardChannel, atr: Buffer): Promise<BeidCardRead | Error> =>
  expectOnlyAsync(AgentError, () => new BeidCardReader(channel, { sleep: async () => undefined }).readCard(atr));

describe(`${BeidCardReader.name} under fuzzing`, () => {
  let profiles: CardProfile[];

  beforeAll(async () => {
    const pki = await createTestPki();
    profiles = [
      buildCardProfile(DEMO_IDENTITIES[Object.keys(DEMO_IDENTITIES)[0] as keyof typeof DEMO_IDENTITIES], pki, { generation: '1.7' }),
      buildCardProfile(DEMO_IDENTITIES[Object.keys(DEMO_IDENTITIES)[0] as keyof typeof DEMO_IDENTITIES], pki, { generation: '1.8', useGetResponse: true }),
    ];
  });

  it('reads an undistorted emulated card exactly (the fuzzing starts from a working read)', async () => {
    for (const profile of profiles) {
      const result = await read(new FaultyCard(new BeidApplet(profile), new Map()), profile.atr);
      if (result instanceof Error) throw result;
      expect(result.files.identity.equals(profile.files.identity)).toBe(true);
      expect(result.files.photo.equals(profile.files.photo)).toBe(true);
    }
  });

  it('fails only with an AgentError when card answers are cut, pulled, re-statused or flipped', async () => {
    const plan = fc.record({
      card: fc.nat({ max: 1 }),
      faults: fc.array(fc.tuple(fc.nat({ max: 60 }), fault), { minLength: 1, maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(plan, async ({ card, faults }) => {
        const profile = profiles[card];
        const channel = new FaultyCard(new BeidApplet(profile), new Map(faults));
        const result = await read(channel, profile.atr);
        if (result instanceof Error) {
          expect((result as AgentError).code).toMatch(/^agent\.[a-z_]+$/);
          return;
        }
        if (channel.distorted === 0) {
          for (const name of ['identity', 'identitySignature', 'address', 'addressSignature', 'photo', 'rrnCertificate'] as const) {
            expect(result.files[name].equals(profile.files[name])).toBe(true);
          }
        }
        for (const file of Object.values(result.files)) expect(file.length).toBeLessThanOrEqual(0x8000 + 16 * 256);
      }),
      fuzzRuns(400),
    );
  });

  it('fails only with an AgentError on a card answering noise', async () => {
    const answer = fc.oneof(
      fc.uint8Array({ maxLength: 3 }).map((b) => Buffer.from(b)),
      fc.tuple(fc.uint8Array({ maxLength: 300, size: 'max' }), statusWord).map(([data, sw]) => Buffer.concat([Buffer.from(data), Buffer.from([sw >> 8, sw & 0xff])])),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(answer, { maxLength: 80, size: 'medium' }), fc.constantFrom(ATR_17, Buffer.from('3B7F96000080318065B085040120120FFF829000', 'hex'), Buffer.alloc(0)), async (answers, atr) => {
        const result = await read(new NoiseCard(answers), atr);
        if (result instanceof Error) expect((result as AgentError).code).toMatch(/^agent\.[a-z_]+$/);
      }),
      fuzzRuns(500),
    );
  });

  it('reads files of any length exactly, whatever end-of-file and Le behaviour the card has', async () => {
    const length = fc.oneof(fc.integer({ min: 1, max: 1300 }), fc.integer({ min: 1, max: 5 }).map((n) => n * CHUNK));
    const card = fc.record({
      lengths: fc.array(length, { minLength: 6, maxLength: 6 }),
      wrongLeAs6C: fc.boolean(),
      refusePathSelect: fc.boolean(),
      seedByte: fc.integer({ min: 0, max: 255 }),
    });
    const paths = ['3F00DF014031', '3F00DF014032', '3F00DF014033', '3F00DF014034', '3F00DF014035', '3F00DF00503C'];
    const cardData = Buffer.alloc(28);
    cardData[21] = 0x17;
    await fc.assert(
      fc.asyncProperty(card, async ({ lengths, wrongLeAs6C, refusePathSelect, seedByte }) => {
        const files = Object.fromEntries(paths.map((path, i) => [path, Buffer.from(Array.from({ length: lengths[i] }, (_, j) => (seedByte + i * 31 + j) & 0xff))]));
        const result = await read(new FakeBeidCard({ cardData, files, wrongLeAs6C, refusePathSelect }), ATR_17);
        if (result instanceof Error) throw result;
        expect(Object.values(result.files).map((file) => file.toString('hex'))).toEqual(paths.map((path) => files[path].toString('hex')));
      }),
      fuzzRuns(300),
    );
  });
});
