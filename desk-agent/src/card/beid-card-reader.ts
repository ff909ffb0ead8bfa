import { performance } from 'node:perf_hooks';
import { BEID_FILES, BELPIC_AID, BeidFormatError, matchBeidAtr, parseCardData, type BeidCardData } from '@sesame/domain';
import type { BeidGeneration } from '@sesame/desk-protocol';
import { AgentError } from '../agent.error';
import type { CardChannel } from '../pcsc/card-channel';
import {
  getCardData,
  getResponse,
  lengthFromSw2,
  readBinary,
  selectByAid,
  selectByFid,
  selectByPath,
  splitResponse,
  sw1,
  SW_OK,
  swHex,
  withLe,
  type ApduResponse,
} from './apdu';

/** eid-mw reads in chunks of 252 bytes; a shorter chunk marks the end of the file. */
export const CHUNK = 252;
/** READ BINARY offsets are 15 bits: no file on the card can be longer. */
const MAX_FILE = 0x8000;
/** A card that keeps answering 61xx is broken, not generous. */
const MAX_GET_RESPONSE = 16;

const SW_WRONG_P1P2_EOF = 0x6b00;
const SW_EOF_WARNING = 0x6282;
const SW_FILE_NOT_FOUND = 0x6a82;
const SW_FUNCTION_NOT_SUPPORTED = 0x6a86;

export interface BeidFiles {
  identity: Buffer;
  identitySignature: Buffer;
  address: Buffer;
  addressSignature: Buffer;
  photo: Buffer;
  rrnCertificate: Buffer;
  basicPublicKey?: Buffer;
}

export interface BeidCardRead {
  atr: Buffer;
  generation: BeidGeneration;
  /** GET CARD DATA response, decoded (chip serial, applet version…). */
  cardData: BeidCardData;
  files: BeidFiles;
  stats: { apdus: number; ms: number };
}

export interface BeidCardReaderOptions {
  /** Injected so specs do not wait for real (default: setTimeout). */
  sleep?: (ms: number) => Promise<void>;
}

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const readError = (sw: number, detail: string): AgentError =>
  new AgentError('agent.read_error', { sw: swHex(sw), detail });

/**
 * The BELPIC protocol over any CardChannel (pcsclite in production, a scripted fake in specs):
 * SELECT the applet, GET CARD DATA, then SELECT and READ BINARY each file, following eid-mw
 * (`CCard::ReadFile`): chunks of 252 bytes, `6Cxx` → same command with Le = xx, `61xx` → GET RESPONSE,
 * `6B00` past offset 0 → end of file. Files are returned exactly as read: the API verifies the RRN
 * signatures over these bytes, so nothing is trimmed or stripped here.
 *
 * One instance per read (it counts APDUs and remembers which SELECT form the card accepts).
 */
export class BeidCardReader {
  private apduCount = 0;
  /** Set once the card refused the 6-byte path and accepted the per-level walk. */
  private selectPerLevel = false;
  /** V1 cards with card-data bytes 22–23 = 00 01 need 50 ms before a 6Cxx resend. */
  private waitBeforeResend = false;

  constructor(
    private readonly channel: CardChannel,
    private readonly options: BeidCardReaderOptions = {},
  ) {}

  get apdus(): number {
    return this.apduCount;
  }

  /** Reads a whole card. Throws AgentError: not_beid, card_removed, read_error (with SW), … */
  async readCard(atr: Buffer): Promise<BeidCardRead> {
    const startedAt = performance.now();
    if (matchBeidAtr(atr) === null) throw new AgentError('agent.not_beid', { detail: 'unknown ATR' });
    await this.selectApplet();
    const cardData = await this.getCardData();
    // The applet version decides, not the ATR: it is what the applet itself says.
    const generation: BeidGeneration = cardData.appletVersion >= 0x18 ? '1.8' : '1.7';
    this.waitBeforeResend = cardData.needsDelayBeforeResend;

    const files: BeidFiles = {
      identity: await this.readFile(BEID_FILES.identity),
      identitySignature: await this.readFile(BEID_FILES.identitySignature),
      address: await this.readFile(BEID_FILES.address),
      addressSignature: await this.readFile(BEID_FILES.addressSignature),
      photo: await this.readFile(BEID_FILES.photo),
      rrnCertificate: await this.readFile(BEID_FILES.rrnCertificate),
    };
    if (generation === '1.8') {
      // Required from applet 1.8 on; if a card lacks it, the API's check of tag 1A refuses the read.
      const basicPublicKey = await this.readOptionalFile(BEID_FILES.basicPublicKey);
      if (basicPublicKey !== undefined) files.basicPublicKey = basicPublicKey;
    }
    return {
      atr,
      generation,
      cardData,
      files,
      stats: { apdus: this.apduCount, ms: Math.round(performance.now() - startedAt) },
    };
  }

  /** `00 A4 04 00 0F <BELPIC AID>` → 9000 or 61xx; anything else means this is no BEID applet. */
  async selectApplet(): Promise<void> {
    const { sw } = await this.exchange(selectByAid(BELPIC_AID));
    if (sw !== SW_OK && sw1(sw) !== 0x61) {
      throw new AgentError('agent.not_beid', { sw: swHex(sw), detail: 'SELECT of the BELPIC applet refused' });
    }
  }

  /** `80 E4 00 00 1C` (handling 6Cxx and 61xx); 28 bytes or this is no BEID card. */
  async getCardData(): Promise<BeidCardData> {
    const { data, sw } = await this.exchangeWithResend(getCardData());
    if (sw !== SW_OK) throw new AgentError('agent.not_beid', { sw: swHex(sw), detail: 'GET CARD DATA refused' });
    try {
      return parseCardData(data);
    } catch (error) {
      if (error instanceof BeidFormatError) throw new AgentError('agent.not_beid', { detail: error.message });
      throw error;
    }
  }

  async readFile(path: string): Promise<Buffer> {
    await this.selectFile(path);
    return this.readSelectedFile(path);
  }

  /** Like readFile, but a file the card does not have (6A82) gives undefined. */
  async readOptionalFile(path: string): Promise<Buffer | undefined> {
    try {
      return await this.readFile(path);
    } catch (error) {
      if (error instanceof AgentError && error.details.sw === swHex(SW_FILE_NOT_FOUND)) return undefined;
      throw error;
    }
  }

  /**
   * `00 A4 08 0C 06 3F00 DFxx EFxx`; on 6A82/6A86 walk the path one level at a time
   * (`00 A4 02 0C 02 <FID>`), and keep walking for the rest of this read once that worked.
   */
  async selectFile(path: string): Promise<void> {
    const bytes = Buffer.from(path, 'hex');
    if (bytes.length !== 6 || bytes.toString('hex').toUpperCase() !== path.toUpperCase()) {
      throw new AgentError('agent.internal', { detail: `bad file path ${path}` });
    }
    if (!this.selectPerLevel) {
      const { sw } = await this.exchange(selectByPath(bytes));
      if (isSelected(sw)) return;
      if (sw !== SW_FILE_NOT_FOUND && sw !== SW_FUNCTION_NOT_SUPPORTED) {
        throw readError(sw, `SELECT ${path} by path refused`);
      }
    }
    for (let i = 0; i < bytes.length; i += 2) {
      const fid = bytes.subarray(i, i + 2);
      const { sw } = await this.exchange(selectByFid(fid));
      if (!isSelected(sw)) throw readError(sw, `SELECT ${fid.toString('hex').toUpperCase()} of ${path} refused`);
    }
    this.selectPerLevel = true;
  }

  /** READ BINARY of the selected file in chunks of 252 bytes until a short chunk or 6B00. */
  async readSelectedFile(path = 'selected file'): Promise<Buffer> {
    const chunks: Buffer[] = [];
    let offset = 0;
    for (;;) {
      if (offset >= MAX_FILE) throw readError(SW_OK, `${path} is longer than ${MAX_FILE} bytes`);
      const { data, sw } = await this.exchangeWithResend(readBinary(offset, CHUNK));
      if (sw === SW_WRONG_P1P2_EOF) {
        // The previous chunk was exactly 252 bytes and the file ended with it.
        if (offset === 0) throw readError(sw, `READ BINARY of ${path} refused at offset 0`);
        break;
      }
      if (sw !== SW_OK && sw !== SW_EOF_WARNING) throw readError(sw, `READ BINARY of ${path} at offset ${offset}`);
      chunks.push(data);
      offset += data.length;
      if (data.length < CHUNK || sw === SW_EOF_WARNING) break;
    }
    return Buffer.concat(chunks);
  }

  /** One exchange plus `6Cxx` (resend with Le = xx) and `61xx` (GET RESPONSE) handling. */
  private async exchangeWithResend(command: Buffer): Promise<ApduResponse> {
    let response = await this.exchangeWithGetResponse(command);
    if (sw1(response.sw) === 0x6c) {
      if (this.waitBeforeResend) await (this.options.sleep ?? defaultSleep)(50);
      response = await this.exchangeWithGetResponse(withLe(command, lengthFromSw2(response.sw)));
      if (sw1(response.sw) === 0x6c) throw readError(response.sw, 'the card asked for another Le twice');
    }
    return response;
  }

  private async exchangeWithGetResponse(command: Buffer): Promise<ApduResponse> {
    let response = await this.exchange(command);
    const parts = [response.data];
    for (let i = 0; sw1(response.sw) === 0x61; i++) {
      if (i === MAX_GET_RESPONSE) throw readError(response.sw, 'endless GET RESPONSE chain');
      response = await this.exchange(getResponse(lengthFromSw2(response.sw)));
      parts.push(response.data);
    }
    return { data: parts.length === 1 ? response.data : Buffer.concat(parts), sw: response.sw };
  }

  /** One transmit. A 0-byte response is a card pulled out mid-read (the next call would error). */
  private async exchange(command: Buffer): Promise<ApduResponse> {
    this.apduCount++;
    const response = await this.channel.transmit(command);
    if (response.length === 0) throw new AgentError('agent.card_removed', { detail: 'empty response' });
    if (response.length < 2) throw new AgentError('agent.read_error', { detail: 'response shorter than a status word' });
    return splitResponse(response);
  }
}

const isSelected = (sw: number): boolean => sw === SW_OK || sw1(sw) === 0x61;
