import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '@sesame/config';
import { CommonException } from '../common/common.exception';

/** The emulator's answer (tools/beid-emulator/control-server.ts), passed through as it is. */
export type VirtualCardStateDto = Record<string, unknown>;

/**
 * Development only: forwards the desk page's "virtual card" picker to the card emulator that
 * `npm start` runs beside the demo reader. Answers 404 when no emulator is configured (always so in
 * production: the configuration refuses DEV_CARD_EMULATOR_URL there).
 */
@Injectable()
export class DevCardService {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  state(): Promise<VirtualCardStateDto> {
    return this.call('GET');
  }

  insert(choice: { identity: string; generation: string; defect: string | null }): Promise<VirtualCardStateDto> {
    return this.call('PUT', choice);
  }

  remove(): Promise<VirtualCardStateDto> {
    return this.call('DELETE');
  }

  private async call(method: string, body?: unknown): Promise<VirtualCardStateDto> {
    if (!this.config.DEV_CARD_EMULATOR_URL) throw new CommonException('error.not_found');
    let response: Response;
    try {
      response = await fetch(new URL('/card', this.config.DEV_CARD_EMULATOR_URL), {
        method,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(10_000),
      });
    } catch {
      throw new CommonException('error.service_unavailable');
    }
    if (response.status === 400) throw new CommonException('error.bad_request');
    if (!response.ok) throw new CommonException('error.service_unavailable');
    return (await response.json()) as VirtualCardStateDto;
  }
}
