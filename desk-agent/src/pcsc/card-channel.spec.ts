import { FakeReader } from '../testing/fake-pcsclite';
import { connectError, PcscCardChannel, pcscErrorCode, transmitError } from './card-channel';

const ATR = Buffer.from('3B9813400AA503010101AD1311', 'hex');
const pcscError = (method: string, text: string, code: number): Error =>
  new Error(`${method} error: ${text}.(0x${code.toString(16).padStart(8, '0')})`);

describe(PcscCardChannel.name, () => {
  it('passes APDUs and responses through', async () => {
    const reader = new FakeReader('R');
    reader.respond = () => Buffer.from('01029000', 'hex');
    const channel = await PcscCardChannel.connect(reader, ATR);

    expect((await channel.transmit(Buffer.from('00B00000FC', 'hex'))).toString('hex')).toBe('01029000');
    await channel.close();
    expect(reader.connected).toBe(false);
  });

  it('reports a 0-byte response as the card removed, and does not ask pcscd again', async () => {
    const reader = new FakeReader('R');
    reader.respond = () => Buffer.alloc(0);
    const channel = await PcscCardChannel.connect(reader, ATR);

    await expect(channel.transmit(Buffer.from('00B00000FC', 'hex'))).rejects.toMatchObject({ code: 'agent.card_removed' });
    await expect(channel.transmit(Buffer.from('00B000FCFC', 'hex'))).rejects.toMatchObject({ code: 'agent.card_removed' });
    expect(reader.transmitted).toHaveLength(1);
  });

  it('maps SCardTransmit errors', async () => {
    const reader = new FakeReader('R');
    reader.respond = () => pcscError('SCardTransmit', 'Card was removed', 0x80100069);
    const channel = await PcscCardChannel.connect(reader, ATR);

    await expect(channel.transmit(Buffer.from('00B00000FC', 'hex'))).rejects.toMatchObject({ code: 'agent.card_removed' });
    expect(transmitError(pcscError('SCardTransmit', 'Service not available', 0x8010001d)).code).toBe('agent.pcscd_unavailable');
    expect(transmitError(pcscError('SCardTransmit', 'Transaction failed', 0x80100016)).code).toBe('agent.card_removed');
    expect(transmitError(new Error('weird')).code).toBe('agent.read_error');
  });

  it('maps SCardConnect errors', async () => {
    const reader = new FakeReader('R');
    reader.connectError = pcscError('SCardConnect', 'Sharing violation', 0x8010000b);

    await expect(PcscCardChannel.connect(reader, ATR)).rejects.toMatchObject({ code: 'agent.busy' });
    expect(connectError(pcscError('SCardConnect', 'No smart card inserted', 0x8010000c)).code).toBe('agent.no_card');
    expect(connectError(pcscError('SCardConnect', 'Card is unresponsive', 0x80100066)).code).toBe('agent.not_beid');
    expect(pcscErrorCode(new Error('x (0x80100069)'))).toBe(0x80100069);
    expect(pcscErrorCode(new Error('x'))).toBeUndefined();
  });

  it('clears a stale connected flag when SCardDisconnect fails, so the next connect really connects', async () => {
    const reader = new FakeReader('R');
    const first = await PcscCardChannel.connect(reader, ATR);
    reader.disconnectError = pcscError('SCardDisconnect', 'Card was removed', 0x80100069);

    await first.close();

    expect(reader.connected).toBe(false);
  });
});
