import * as http from 'node:http';
import type { MailStore } from './mail-store';

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * JSON API over the caught mails:
 *   GET /health · GET /messages (newest first) · GET /messages/:id · DELETE /messages (204)
 */
export function createHttpApi(store: MailStore, smtpUrl: () => string): http.Server {
  return http.createServer((req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const send = (status: number, body?: unknown, extraHeaders: http.OutgoingHttpHeaders = {}): void => {
      const payload = body === undefined ? '' : JSON.stringify(body);
      res.writeHead(status, {
        'cache-control': 'no-store',
        ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }),
        ...extraHeaders,
      });
      res.end(payload);
    };
    const notAllowed = (allow: string): void => send(405, { error: `Use ${allow}` }, { allow });

    if (pathname === '/health') {
      if (method !== 'GET') return notAllowed('GET');
      return send(200, { status: 'ok', smtpUrl: smtpUrl(), messages: store.size });
    }
    if (pathname === '/messages') {
      if (method === 'GET') return send(200, store.list());
      if (method === 'DELETE') {
        store.clear();
        return send(204);
      }
      return notAllowed('GET, DELETE');
    }
    const match = /^\/messages\/([^/]+)$/.exec(pathname);
    if (match !== null) {
      if (method !== 'GET') return notAllowed('GET');
      const mail = store.get(safeDecode(match[1] ?? ''));
      return mail === undefined ? send(404, { error: 'No such message' }) : send(200, mail);
    }
    return send(404, { error: 'Not found: try GET /messages' });
  });
}
