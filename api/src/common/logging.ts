import type { AppConfig } from '@sesame/config';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Options } from 'pino-http';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

/**
 * Structured JSON logs with a request id on every line and no personal data: no bodies, no query
 * strings (they may carry e-mail addresses or names), no cookies or authorisation headers.
 */
export function pinoHttpOptions(config: AppConfig, name: string): Options {
  return {
    name,
    level: config.LOG_LEVEL,
    genReqId: (request: IncomingMessage, response: ServerResponse) => {
      const incoming = request.headers['x-request-id'];
      const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      response.setHeader('X-Request-Id', id);
      return id;
    },
    serializers: {
      req: (request: { id: string; method: string; url: string }) => ({
        id: request.id,
        method: request.method,
        path: request.url.split('?')[0],
      }),
      res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
    },
    customLogLevel: (_request, response, error) =>
      error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'warn' : 'info',
    autoLogging: { ignore: (request) => request.url === '/health' || request.url === '/metrics' },
    redact: { paths: ['req.headers', 'res.headers'], remove: true },
  };
}
