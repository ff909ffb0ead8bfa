import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { CommonException } from './common.exception';
import { SesameExceptionFilter } from './exception.filter';
import type { SesameRequest } from './request-context';

/**
 * Deepest nesting of arrays and objects a JSON body may have: far above any DTO, far below the depth
 * at which class-transformer's recursion overflows the stack (a 6 kB `[[[…]]]` did: a 500, found by
 * the DTO fuzzing).
 */
export const MAX_JSON_DEPTH = 32;

/** A UTF-16 surrogate without its partner (`"\ud800"` in JSON): no UTF-8 text can hold it. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Why a parsed JSON body is refused before validation, or null: nested deeper than `maxDepth`, or a
 * string (value or key) with a lone surrogate (validator's `isEmail` throws a URIError on one: a 500,
 * found by the DTO fuzzing). Walks iteratively, so a deep body cannot overflow the stack here.
 */
export function jsonBodyProblem(body: unknown, maxDepth = MAX_JSON_DEPTH): 'too_deep' | 'ill_formed_text' | null {
  const pending: [unknown, number][] = [[body, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value === 'string') {
      if (LONE_SURROGATE.test(value)) return 'ill_formed_text';
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth) return 'too_deep';
    for (const [key, child] of Object.entries(value)) {
      if (LONE_SURROGATE.test(key)) return 'ill_formed_text';
      pending.push([child, depth + 1]);
    }
  }
  return null;
}

/**
 * JSON bodies only, with a size limit. Parser failures become our translated 400/413 answers
 * instead of Express's HTML error page; so do bodies nested too deep or with ill-formed text
 * ({@link jsonBodyProblem}).
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
  const checkShape = (request: Request, response: Response, next: NextFunction): void => {
    const problem = jsonBodyProblem(request.body);
    if (problem === null) return next();
    const code = problem === 'too_deep' ? 'error.bad_request' : 'error.malformed_json';
    response.status(400).json(filter.toBody(new CommonException(code), request as SesameRequest));
  };
  return [parser, onError as unknown as express.RequestHandler, checkShape];
}
