import type { CardChannel } from '../pcsc/card-channel';

/** One expected command and the response the fake card gives to it (hex, spaces allowed). */
export type ScriptStep = [command: string, response: string];

const clean = (hex: string): string => hex.replace(/\s+/g, '').toUpperCase();

/**
 * A CardChannel that expects exactly the listed APDUs, in order, and answers each with the scripted
 * response. An unexpected APDU fails the exchange with a message naming both sides.
 */
export class ScriptedCardChannel implements CardChannel {
  private readonly steps: ScriptStep[];
  readonly sent: string[] = [];

  constructor(steps: ScriptStep[]) {
    this.steps = steps.map(([command, response]) => [clean(command), clean(response)]);
  }

  async transmit(apdu: Buffer): Promise<Buffer> {
    const command = apdu.toString('hex').toUpperCase();
    this.sent.push(command);
    const step = this.steps.shift();
    if (step === undefined) throw new Error(`unexpected APDU ${command} after the end of the script`);
    if (step[0] !== command) throw new Error(`expected APDU ${step[0]}, got ${command}`);
    return Buffer.from(step[1], 'hex');
  }

  /** Steps not yet consumed (a spec asserts it is empty). */
  get remaining(): number {
    return this.steps.length;
  }
}

/** `n` bytes counting up from `start` (mod 256), as hex: recognisable chunk contents. */
export function bytesHex(n: number, start = 0): string {
  return Buffer.from(Array.from({ length: n }, (_, i) => (start + i) & 0xff)).toString('hex');
}
