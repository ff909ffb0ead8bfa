/**
 * The clients of the video bench: an HTTP client that keeps cookies and echoes XSRF-TOKEN as the
 * browser pages do (like test/integration/support/console-client.ts, over fetch against a listening
 * api), and a signalling client over `ws` (cookies and Origin on the upgrade, frames in order, like
 * the one of api/src/video/signal/video-signal.integration-spec.ts).
 */
import { generate } from 'otplib';
import { performance } from 'node:perf_hooks';
import { WebSocket } from 'ws';

export interface Timed<T = unknown> {
  status: number;
  body: T;
  ms: number;
}

/** Sees every request of a client once it is answered (status 0: no answer, the fetch failed). */
export type RequestObserver = (method: string, path: string, status: number, ms: number) => void;

export class BenchHttpClient {
  readonly cookies = new Map<string, string>();

  constructor(
    readonly baseUrl: string,
    private readonly observe?: RequestObserver,
  ) {}

  cookieHeader(names?: string[]): string {
    return [...this.cookies].filter(([name]) => !names || names.includes(name)).map(([name, value]) => `${name}=${value}`).join('; ');
  }

  /** One request; the time is from the call to the whole body read. */
  async send<T = Record<string, unknown>>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<Timed<T>> {
    const headers: Record<string, string> = { 'Accept-Language': 'en' };
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    const xsrf = this.cookies.get('XSRF-TOKEN');
    if (method !== 'GET' && xsrf) headers['X-XSRF-TOKEN'] = decodeURIComponent(xsrf);
    let payload: string | FormData | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['Content-Type'] = 'application/json';
    }
    const started = performance.now();
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
      text = await response.text();
    } catch (error) {
      this.observe?.(method, path, 0, performance.now() - started);
      throw error;
    }
    const ms = performance.now() - started;
    this.observe?.(method, path, response.status, ms);
    for (const cookie of response.headers.getSetCookie()) {
      const match = /^([^=;]+)=([^;]*)/.exec(cookie);
      if (!match) continue;
      if (/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(cookie)) this.cookies.delete(match[1]!);
      else this.cookies.set(match[1]!, match[2]!);
    }
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : null;
    } catch {
      // not JSON: kept as text
    }
    return { status: response.status, body: parsed as T, ms };
  }

  get<T = Record<string, unknown>>(path: string): Promise<Timed<T>> {
    return this.send<T>('GET', path);
  }

  post<T = Record<string, unknown>>(path: string, body: unknown = {}): Promise<Timed<T>> {
    return this.send<T>('POST', path, body);
  }

  /** Password, then the current TOTP code: a fully signed-in console session. */
  async signIn(email: string, password: string, totpSecret: string): Promise<void> {
    await this.get('/api/auth/csrf');
    const login = await this.post('/api/auth/login', { email, password });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
    const totp = await this.post('/api/auth/totp', { code: await generate({ secret: totpSecret }) });
    if (totp.status !== 200) throw new Error(`totp failed: ${totp.status} ${JSON.stringify(totp.body)}`);
  }

  /** A citizen (or requester) with a TOTP digital key: username + password, then the app's code. */
  async signInCitizen(username: string, password: string, totpSecret: string): Promise<void> {
    await this.get('/api/citizen/csrf');
    const login = await this.post('/api/citizen/login', { username, password });
    if (login.status !== 200) throw new Error(`citizen login failed: ${login.status} ${JSON.stringify(login.body)}`);
    const verify = await this.post('/api/citizen/login/verify', { code: await generate({ secret: totpSecret }) });
    if (verify.status !== 200) throw new Error(`citizen verify failed: ${verify.status} ${JSON.stringify(verify.body)}`);
  }
}

export type SignalMessage = { type: string; [key: string]: unknown };

/** A browser-like signalling client: every frame kept in order, awaited one by one. */
export class SignalSocket {
  readonly socket: WebSocket;
  readonly opened: Promise<void>;
  readonly closed: Promise<number>;
  private readonly received: SignalMessage[] = [];
  private waiter: (() => void) | null = null;

  constructor(url: string, cookie: string, origin: string) {
    this.socket = new WebSocket(url, { headers: { Cookie: cookie }, origin });
    this.opened = new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve());
      this.socket.once('error', reject);
    });
    this.closed = new Promise((resolve) => this.socket.once('close', (code) => resolve(code)));
    this.socket.on('message', (data) => {
      this.received.push(JSON.parse(data.toString()) as SignalMessage);
      this.wake();
    });
    this.socket.on('close', () => this.wake());
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** The next frame of `type` (others are counted and skipped); fails after 15 s or on close. */
  async next(type: string): Promise<SignalMessage> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const message = this.received.shift();
      if (message) {
        if (message.type === type) return message;
        if (message.type === 'error') throw new Error(`signalling error: ${JSON.stringify(message)}`);
        continue;
      }
      if (this.socket.readyState === WebSocket.CLOSED) throw new Error(`socket closed while waiting for ${type}`);
      if (Date.now() > deadline) throw new Error(`no ${type} within 15 s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  async close(): Promise<void> {
    if (this.socket.readyState !== WebSocket.CLOSED) this.socket.close();
    await this.closed;
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.();
  }
}
