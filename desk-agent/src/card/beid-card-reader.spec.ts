import { AgentError } from '../agent.error';
import { FakeBeidCard } from '../testing/fake-beid-card';
import { bytesHex, ScriptedCardChannel } from '../testing/scripted-card-channel';
import { BeidCardReader } from './beid-card-reader';

const ATR_17 = Buffer.from('3B9813400AA503010101AD1311', 'hex');
const ATR_18 = Buffer.from('3B7F96000080318065B085040120120FFF829000', 'hex');
const IDENTITY_PATH = '3F00DF014031';
const SELECT_IDENTITY = '00A4080C06 3F00DF014031';
const SELECT_AID = '00A404000F A00000003029057000AD13100101FF';

/** 28 bytes of GET CARD DATA: serial 0..15, applet version at 21, global OS version at 22–23. */
function cardData(appletVersion: number, globalOsVersion = 0x0002): Buffer {
  const data = Buffer.alloc(28);
  for (let i = 0; i < 16; i++) data[i] = 0xa0 + i;
  data[21] = appletVersion;
  data.writeUInt16BE(globalOsVersion, 22);
  return data;
}

async function caught(promise: Promise<unknown>): Promise<AgentError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AgentError) return error;
    throw error;
  }
  throw new Error('expected an AgentError');
}

describe(BeidCardReader.name, () => {
  describe('readFile (SELECT + chunked READ BINARY)', () => {
    it('reads a file whose length is an exact multiple of 252: 6B00 past offset 0 ends it', async () => {
      const channel = new ScriptedCardChannel([
        [SELECT_IDENTITY, '9000'],
        ['00B00000FC', bytesHex(252, 0) + '9000'],
        ['00B000FCFC', bytesHex(252, 252) + '9000'],
        ['00B001F8FC', '6B00'],
      ]);
      const reader = new BeidCardReader(channel);

      const file = await reader.readFile(IDENTITY_PATH);

      expect(file.toString('hex')).toBe(bytesHex(504, 0));
      expect(channel.remaining).toBe(0);
      expect(reader.apdus).toBe(4);
    });

    it('stops at the first chunk shorter than 252 bytes without asking for more', async () => {
      const channel = new ScriptedCardChannel([
        [SELECT_IDENTITY, '9000'],
        ['00B00000FC', bytesHex(252) + '9000'],
        ['00B000FCFC', bytesHex(10, 252) + '9000'],
      ]);

      const file = await new BeidCardReader(channel).readFile(IDENTITY_PATH);

      expect(file).toHaveLength(262);
      expect(channel.remaining).toBe(0);
    });

    it('resends READ BINARY with Le = xx on 6Cxx', async () => {
      const channel = new ScriptedCardChannel([
        [SELECT_IDENTITY, '9000'],
        ['00B00000FC', '6C64'],
        ['00B0000064', bytesHex(100) + '9000'],
      ]);

      const file = await new BeidCardReader(channel).readFile(IDENTITY_PATH);

      expect(file.toString('hex')).toBe(bytesHex(100));
      expect(channel.remaining).toBe(0);
    });

    it('fetches the data with GET RESPONSE on 61xx, across several 61xx', async () => {
      const channel = new ScriptedCardChannel([
        [SELECT_IDENTITY, '9000'],
        ['00B00000FC', '6100'],
        ['00C0000000', bytesHex(240) + '610C'],
        ['00C000000C', bytesHex(12, 240) + '9000'],
        ['00B000FCFC', bytesHex(3, 252) + '9000'],
      ]);

      const file = await new BeidCardReader(channel).readFile(IDENTITY_PATH);

      expect(file.toString('hex')).toBe(bytesHex(255));
      expect(channel.remaining).toBe(0);
    });

    it('treats 6B00 at offset 0 as an error, with the SW', async () => {
      const channel = new ScriptedCardChannel([
        [SELECT_IDENTITY, '9000'],
        ['00B00000FC', '6B00'],
      ]);

      const error = await caught(new BeidCardReader(channel).readFile(IDENTITY_PATH));

      expect(error.code).toBe('agent.read_error');
      expect(error.details.sw).toBe('6B00');
    });

    it.each([
      ['6982', 'not authenticated'],
      ['6D00', 'applet not activated'],
    ])('reports READ BINARY status %s (%s) as a read error with the SW', async (status) => {
      const channel = new ScriptedCardChannel([
        [SELECT_IDENTITY, '9000'],
        ['00B00000FC', bytesHex(252) + '9000'],
        ['00B000FCFC', status],
      ]);

      const error = await caught(new BeidCardReader(channel).readFile(IDENTITY_PATH));

      expect(error).toMatchObject({ code: 'agent.read_error', details: { sw: status } });
    });

    it('reports a 0-byte response as the card removed, and sends nothing after it', async () => {
      const channel = new ScriptedCardChannel([
        [SELECT_IDENTITY, '9000'],
        ['00B00000FC', bytesHex(252) + '9000'],
        ['00B000FCFC', ''],
        ['00B000FCFC', bytesHex(10) + '9000'], // never reached
      ]);

      const error = await caught(new BeidCardReader(channel).readFile(IDENTITY_PATH));

      expect(error.code).toBe('agent.card_removed');
      expect(channel.remaining).toBe(1);
    });

    it('falls back to SELECT per level on 6A82, and keeps using it for the next files', async () => {
      const channel = new ScriptedCardChannel([
        [SELECT_IDENTITY, '6A82'],
        ['00A4020C02 3F00', '9000'],
        ['00A4020C02 DF01', '9000'],
        ['00A4020C02 4031', '9000'],
        ['00B00000FC', bytesHex(5) + '9000'],
        ['00A4020C02 3F00', '9000'],
        ['00A4020C02 DF00', '9000'],
        ['00A4020C02 503C', '9000'],
        ['00B00000FC', bytesHex(7) + '9000'],
      ]);
      const reader = new BeidCardReader(channel);

      expect(await reader.readFile(IDENTITY_PATH)).toHaveLength(5);
      expect(await reader.readFile('3F00DF00503C')).toHaveLength(7);
      expect(channel.remaining).toBe(0);
    });

    it('falls back to SELECT per level on 6A86 too', async () => {
      const channel = new ScriptedCardChannel([
        [SELECT_IDENTITY, '6A86'],
        ['00A4020C02 3F00', '9000'],
        ['00A4020C02 DF01', '9000'],
        ['00A4020C02 4031', '9000'],
        ['00B00000FC', bytesHex(1) + '9000'],
      ]);

      expect(await new BeidCardReader(channel).readFile(IDENTITY_PATH)).toHaveLength(1);
    });

    it('reports a file missing in both SELECT forms as a read error with 6A82', async () => {
      const channel = new ScriptedCardChannel([
        [SELECT_IDENTITY, '6A82'],
        ['00A4020C02 3F00', '9000'],
        ['00A4020C02 DF01', '9000'],
        ['00A4020C02 4031', '6A82'],
      ]);

      const error = await caught(new BeidCardReader(channel).readFile(IDENTITY_PATH));

      expect(error).toMatchObject({ code: 'agent.read_error', details: { sw: '6A82' } });
    });

    it('does not fall back on other SELECT errors', async () => {
      const channel = new ScriptedCardChannel([[SELECT_IDENTITY, '6982']]);

      const error = await caught(new BeidCardReader(channel).readFile(IDENTITY_PATH));

      expect(error).toMatchObject({ code: 'agent.read_error', details: { sw: '6982' } });
      expect(channel.remaining).toBe(0);
    });
  });

  describe('selectApplet / getCardData', () => {
    it('accepts 61xx to SELECT AID and reads GET CARD DATA after a 6Cxx resend', async () => {
      const data = Buffer.concat([cardData(0x17), Buffer.from([1, 2, 3])]);
      const channel = new ScriptedCardChannel([
        [SELECT_AID, '6112'],
        ['80E400001C', '6C1F'],
        ['80E400001F', data.toString('hex') + '9000'],
      ]);
      const reader = new BeidCardReader(channel);

      await reader.selectApplet();
      const parsed = await reader.getCardData();

      expect(parsed.appletVersion).toBe(0x17);
      expect(parsed.chipSerial).toBe(data.subarray(0, 16).toString('hex').toUpperCase());
    });

    it('reads GET CARD DATA through 61xx', async () => {
      const data = cardData(0x18);
      const channel = new ScriptedCardChannel([
        ['80E400001C', '611C'],
        ['00C000001C', data.toString('hex') + '9000'],
      ]);

      expect((await new BeidCardReader(channel).getCardData()).appletVersion).toBe(0x18);
    });

    it('calls a card whose applet refuses SELECT AID not a BEID', async () => {
      const channel = new ScriptedCardChannel([[SELECT_AID, '6A82']]);

      const error = await caught(new BeidCardReader(channel).selectApplet());

      expect(error).toMatchObject({ code: 'agent.not_beid', details: { sw: '6A82' } });
    });

    it('calls a card with a short GET CARD DATA not a BEID', async () => {
      const channel = new ScriptedCardChannel([['80E400001C', bytesHex(20) + '9000']]);

      expect((await caught(new BeidCardReader(channel).getCardData())).code).toBe('agent.not_beid');
    });

    it('waits 50 ms before a 6Cxx resend on V1 cards (card data bytes 22–23 = 00 01), and only there', async () => {
      const files = {
        '3F00DF014031': Buffer.alloc(300, 0x31),
        '3F00DF014032': Buffer.alloc(128, 0x32),
        '3F00DF014033': Buffer.alloc(117, 0x33),
        '3F00DF014034': Buffer.alloc(128, 0x34),
        '3F00DF014035': Buffer.alloc(3000, 0x35),
        '3F00DF00503C': Buffer.alloc(900, 0x3c),
      };
      const sleepV1 = jest.fn(async () => undefined);
      const sleepOther = jest.fn(async () => undefined);
      const v1 = new FakeBeidCard({ cardData: cardData(0x11, 0x0001), files, wrongLeAs6C: true });
      const other = new FakeBeidCard({ cardData: cardData(0x17, 0x0002), files, wrongLeAs6C: true });

      const read = await new BeidCardReader(v1, { sleep: sleepV1 }).readCard(ATR_17);
      await new BeidCardReader(other, { sleep: sleepOther }).readCard(ATR_17);

      expect(read.files.photo).toEqual(files['3F00DF014035']);
      expect(sleepV1).toHaveBeenCalledTimes(6); // one 6Cxx at the end of each file
      expect(sleepV1).toHaveBeenCalledWith(50);
      expect(sleepOther).not.toHaveBeenCalled();
    });
  });

  describe('readCard', () => {
    const files17 = {
      '3F00DF014031': Buffer.alloc(300, 0x31),
      '3F00DF014032': Buffer.alloc(256, 0x32),
      '3F00DF014033': Buffer.alloc(117, 0x33),
      '3F00DF014034': Buffer.alloc(256, 0x34),
      '3F00DF014035': Buffer.alloc(252 * 12, 0x35), // an exact multiple of 252
      '3F00DF00503C': Buffer.alloc(1000, 0x3c),
    };

    it('reads every file of a 1.7 card as is, without the 1.8 basic key', async () => {
      const card = new FakeBeidCard({ cardData: cardData(0x17), files: files17 });

      const read = await new BeidCardReader(card).readCard(ATR_17);

      expect(read.generation).toBe('1.7');
      expect(read.files).toEqual({
        identity: files17['3F00DF014031'],
        identitySignature: files17['3F00DF014032'],
        address: files17['3F00DF014033'],
        addressSignature: files17['3F00DF014034'],
        photo: files17['3F00DF014035'],
        rrnCertificate: files17['3F00DF00503C'],
      });
      // SELECT AID + GET CARD DATA + 6 × SELECT + READ BINARY: 2+1, 2, 1, 2, 13, 4
      expect(read.stats.apdus).toBe(2 + 6 + 2 + 2 + 1 + 2 + 13 + 4);
      expect(read.stats.apdus).toBe(card.apdus);
    });

    it('reads the basic public key of a 1.8 card, walking per level when the path form is refused', async () => {
      const basicKey = Buffer.alloc(120, 0x40);
      const card = new FakeBeidCard({
        cardData: cardData(0x18),
        files: { ...files17, '3F00DF014040': basicKey },
        refusePathSelect: true,
      });

      const read = await new BeidCardReader(card).readCard(ATR_18);

      expect(read.generation).toBe('1.8');
      expect(read.files.basicPublicKey).toEqual(basicKey);
      expect(read.files.photo).toEqual(files17['3F00DF014035']);
    });

    it('leaves out a basic key the 1.8 card does not have (the API will refuse the read)', async () => {
      const card = new FakeBeidCard({ cardData: cardData(0x18), files: files17 });

      const read = await new BeidCardReader(card).readCard(ATR_18);

      expect(read.files.basicPublicKey).toBeUndefined();
    });

    it('refuses an unknown ATR before sending any APDU', async () => {
      const channel = new ScriptedCardChannel([]);

      const error = await caught(new BeidCardReader(channel).readCard(Buffer.from('3B8F8001804F0CA000000306', 'hex')));

      expect(error.code).toBe('agent.not_beid');
      expect(channel.sent).toEqual([]);
    });
  });
});
