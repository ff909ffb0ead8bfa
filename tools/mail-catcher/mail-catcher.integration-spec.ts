import { createTransport, type Transporter } from 'nodemailer';
import { startMailCatcher, type CaughtMail, type MailCatcher } from './mail-catcher';

interface HttpResult<T> {
  status: number;
  body: T;
}

async function getJson<T>(url: string, method = 'GET'): Promise<HttpResult<T>> {
  const response = await fetch(url, { method });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? undefined : JSON.parse(text)) as T };
}

describe('mail catcher (nodemailer → smtp-server → mailparser)', () => {
  let catcher: MailCatcher;
  let transport: Transporter;

  beforeAll(async () => {
    catcher = await startMailCatcher();
    const { hostname, port } = new URL(catcher.smtpUrl);
    transport = createTransport({ host: hostname, port: Number(port), secure: false, ignoreTLS: true });
  });

  afterAll(async () => {
    transport.close();
    await catcher.stop();
  });

  beforeEach(() => catcher.clear());

  const sendDutchMail = (): Promise<unknown> =>
    transport.sendMail({
      from: '"Sésame" <no-reply@sesame.test>',
      to: 'Els Peeters <els.peeters@example.be>',
      bcc: 'audit@sesame.test',
      subject: 'Bevestig uw aanvraag — één stap',
      text: 'Beste Els,\nKlik op de link om te bevestigen.',
      html: '<p>Beste Els,</p><p>Klik op <a href="https://sesame.test/confirm">de link</a>.</p>',
      headers: { 'Content-Language': 'nl' },
    });

  it('listens on loopback only', () => {
    expect(catcher.smtpUrl).toMatch(/^smtp:\/\/127\.0\.0\.1:\d+$/);
    expect(catcher.httpUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('parses a multipart mail: recipients, subject, language, text and html', async () => {
    await sendDutchMail();
    const mail = await catcher.waitFor((m) => m.subject.startsWith('Bevestig'), 5000);

    expect(mail).toMatchObject({
      from: 'no-reply@sesame.test',
      to: ['els.peeters@example.be', 'audit@sesame.test'],
      subject: 'Bevestig uw aanvraag — één stap',
      language: 'nl',
    });
    expect(mail.text.trim()).toBe('Beste Els,\nKlik op de link om te bevestigen.');
    expect(mail.html).toContain('<a href="https://sesame.test/confirm">de link</a>');
    expect(new Date(mail.date).toISOString()).toBe(mail.date);
    expect(mail.headers['content-language']).toBe('nl');
    expect(mail.headers.subject).toBe('Bevestig uw aanvraag — één stap');
    expect(mail.headers).not.toHaveProperty('bcc');
    expect(catcher.messages()).toEqual([mail]);
  });

  it('serves the mails over HTTP and DELETE clears them', async () => {
    await sendDutchMail();
    const [sent] = catcher.messages();
    expect(sent).toBeDefined();

    const list = await getJson<CaughtMail[]>(`${catcher.httpUrl}/messages`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([sent]);

    const one = await getJson<CaughtMail>(`${catcher.httpUrl}/messages/${sent?.id ?? ''}`);
    expect(one).toEqual({ status: 200, body: sent });
    expect((await getJson(`${catcher.httpUrl}/messages/unknown-id`)).status).toBe(404);

    const health = await getJson<{ status: string; smtpUrl: string; messages: number }>(`${catcher.httpUrl}/health`);
    expect(health.body).toEqual({ status: 'ok', smtpUrl: catcher.smtpUrl, messages: 1 });

    expect((await getJson(`${catcher.httpUrl}/messages`, 'DELETE')).status).toBe(204);
    expect((await getJson<CaughtMail[]>(`${catcher.httpUrl}/messages`)).body).toEqual([]);
    expect(catcher.messages()).toEqual([]);
  });

  it('lists the newest mail first', async () => {
    await transport.sendMail({ from: 'a@sesame.test', to: 'x@example.be', subject: 'first', text: '1' });
    await transport.sendMail({ from: 'a@sesame.test', to: 'x@example.be', subject: 'second', text: '2' });
    expect(catcher.messages().map((m) => m.subject)).toEqual(['second', 'first']);
    const list = await getJson<CaughtMail[]>(`${catcher.httpUrl}/messages`);
    expect(list.body.map((m) => m.subject)).toEqual(['second', 'first']);
  });

  it('waitFor resolves for a mail that arrives later', async () => {
    const waiting = catcher.waitFor((m) => m.to.includes('late@example.be'), 5000);
    await transport.sendMail({ from: 'a@sesame.test', to: 'late@example.be', subject: 'late', text: 'x' });
    await expect(waiting).resolves.toMatchObject({ subject: 'late', language: null, html: null });
  });

  it('waitFor rejects with a clear error when nothing matches in time', async () => {
    await transport.sendMail({ from: 'a@sesame.test', to: 'someone@example.be', subject: 'other', text: 'x' });
    await expect(catcher.waitFor((m) => m.subject === 'never sent', 150)).rejects.toThrow(
      /no matching mail within 150 ms \(1 mail\(s\) caught, newest: "other" → someone@example\.be\)/,
    );
  });

  it('refuses messages over 10 MB', async () => {
    const big = 'x'.repeat(11 * 1024 * 1024);
    await expect(
      transport.sendMail({ from: 'a@sesame.test', to: 'x@example.be', subject: 'big', text: big }),
    ).rejects.toThrow(/552/);
    expect(catcher.messages()).toEqual([]);
  });
});
