import { generate } from 'otplib';
import request from 'supertest';
import type { TestStaff } from './factories';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/**
 * Talks to the api like the console does: keeps cookies, echoes XSRF-TOKEN in X-XSRF-TOKEN, sends
 * Accept-Language.
 */
export class ConsoleClient {
  readonly agent: request.Agent;
  xsrf: string | null = null;

  constructor(server: Parameters<typeof request.agent>[0], readonly language = 'en') {
    this.agent = request.agent(server);
  }

  async csrf(): Promise<void> {
    this.track(await this.agent.get('/api/auth/csrf').set('Accept-Language', this.language));
  }

  async send(method: Method, url: string, body?: unknown, headers: Record<string, string> = {}): Promise<request.Response> {
    let req = this.agent[method](url).set('Accept-Language', this.language);
    if (this.xsrf && method !== 'get') req = req.set('X-XSRF-TOKEN', this.xsrf);
    for (const [name, value] of Object.entries(headers)) req = req.set(name, value);
    const response = body === undefined ? await req : await req.send(body as object);
    this.track(response);
    return response;
  }

  get(url: string): Promise<request.Response> {
    return this.send('get', url);
  }

  /** GET of a binary resource (a PDF): `body` is the raw Buffer, JSON errors are parsed as usual. */
  async download(url: string): Promise<request.Response> {
    const response = await this.agent
      .get(url)
      .set('Accept-Language', this.language)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const json = /json/.test(String(res.headers['content-type']));
          done(null, json ? JSON.parse(raw.toString('utf8')) : raw);
        });
      });
    this.track(response);
    return response;
  }

  /** A multipart upload as the browser's FormData sends it (file name and type as the client claims). */
  async upload(url: string, field: string, file: Buffer, claimed: { filename: string; contentType: string }): Promise<request.Response> {
    let req = this.agent.post(url).set('Accept-Language', this.language);
    if (this.xsrf) req = req.set('X-XSRF-TOKEN', this.xsrf);
    const response = await req.attach(field, file, claimed);
    this.track(response);
    return response;
  }

  post(url: string, body?: unknown): Promise<request.Response> {
    return this.send('post', url, body ?? {});
  }

  /** Password, then the current TOTP code: a fully signed-in console. */
  async signIn(staff: TestStaff): Promise<request.Response> {
    await this.csrf();
    const login = await this.post('/api/auth/login', { email: staff.email, password: staff.password });
    if (login.status !== 200) throw new Error(`login failed: ${login.status} ${JSON.stringify(login.body)}`);
    if (!staff.totpSecret) return login;
    const totp = await this.post('/api/auth/totp', { code: await generate({ secret: staff.totpSecret }) });
    if (totp.status !== 200) throw new Error(`totp failed: ${totp.status} ${JSON.stringify(totp.body)}`);
    return totp;
  }

  private track(response: request.Response): void {
    const cookies = ([] as string[]).concat(response.headers['set-cookie'] ?? []);
    for (const cookie of cookies) {
      const match = /^XSRF-TOKEN=([^;]*)/.exec(cookie);
      if (match) this.xsrf = decodeURIComponent(match[1]);
    }
  }
}
