import type { Language } from '@sesame/config';
import { negotiateLanguage } from '@sesame/i18n';
import type { Request } from 'express';
import type { StaffSession } from '@sesame/database';
import type { Principal } from '../auth/principal';

/** What the api attaches to each request (request id by pino-http, the rest by our guards). */
export interface SesameRequest extends Request {
  id: string;
  principal?: Principal;
  /** The live session of the request's cookie, whatever its stage (set by the AuthGuard). */
  staffSession?: StaffSession;
}

/** The language answers are written in: the console sends its current UI language. */
export function requestLanguage(request: Request): Language {
  return negotiateLanguage(request.headers['accept-language']);
}
