import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { simpleParser, type ParsedMail } from 'mailparser';
import type { SMTPServerEnvelope } from 'smtp-server';
import type { CaughtMail } from './mail-store';

function unfold(rawLine: string): string {
  const colon = rawLine.indexOf(':');
  return rawLine
    .slice(colon + 1)
    .replace(/\r?\n[ \t]+/g, ' ')
    .trim();
}

/** Lower-case name → value: mailparser's decoded string when it has one, else the raw (unfolded) value. */
function headerRecord(parsed: ParsedMail): Record<string, string> {
  const raw = new Map<string, string[]>();
  for (const { key, line } of parsed.headerLines) {
    raw.set(key, [...(raw.get(key) ?? []), unfold(line)]);
  }
  const headers: Record<string, string> = {};
  for (const [key, values] of raw) {
    const decoded = parsed.headers.get(key);
    headers[key] = values.length === 1 && typeof decoded === 'string' ? decoded : values.join('\n');
  }
  return headers;
}

function envelopeAddress(address: SMTPServerEnvelope['mailFrom']): string {
  return address === false ? '' : address.address;
}

function isoDate(date: Date | undefined): string {
  return (date !== undefined && !Number.isNaN(date.getTime()) ? date : new Date()).toISOString();
}

function nonEmpty(value: string | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed === undefined || trimmed === '' ? null : trimmed;
}

/** Parses the DATA stream of one SMTP transaction. */
export async function parseMail(stream: Readable, envelope: SMTPServerEnvelope): Promise<CaughtMail> {
  const parsed = await simpleParser(stream);
  const headers = headerRecord(parsed);
  return {
    id: randomUUID(),
    from: parsed.from?.value[0]?.address ?? envelopeAddress(envelope.mailFrom),
    to: envelope.rcptTo.map((recipient) => recipient.address),
    subject: parsed.subject ?? '',
    date: isoDate(parsed.date),
    language: nonEmpty(headers['content-language']),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : null,
    headers,
  };
}
