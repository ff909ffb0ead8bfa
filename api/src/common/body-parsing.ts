import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { CommonException } from './common.exception';
import { SesameExceptionFilter } from './exception.filter';
import type { SesameRequest } from './request-context';

/**
 * JSON bodies only, with a size limit. Parser failures become our translated 400/413 answers
 * instead of Express's HTML error page.
 */
export function jsonBodyParser(limit: string): express.RequestHandler[] {
  const filter = new SesameExceptionFilter();
  const parser = express.json({ limit, strict: true, type: ['application/json', 'application/*+json'] });
  const onError = (error: { type?: string; status?: number }, request: Request, response: Response, next: NextFunction): void => {
    if (error?.type === 'entity.parse.failed') {
      response.status(400).json(filter.toBody(new CommonException('error.malformed_json'), request as SesameRequest));
    } else if (error?.type === 'entity.too.large') {
      response.status(413).json(filter.toBody(new CommonException('error.payload_too_large'), request as SesameRequest));
    } else if (error?.status && error.status >= 400 && error.status < 500) {
      response.status(400).json(filter.toBody(new CommonException('error.bad_request'), request as SesameRequest));
    } else {
      next(error);
    }
  };
  return [parser, onError as unknown as express.RequestHandler];
}
