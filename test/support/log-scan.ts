import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { ACTIVATION_CODE_ALPHABET, isValidNationalNumber, NATIONAL_NUMBER_IN_TEXT } from '@sesame/domain';

/**
 * Finds personal data and secrets in captured logs (issue 6: "no secret or PII in logs").
 *
 * Kinds:
 * - `national-number`: 11 digits, compact (`85031412365`) or formatted (`85.03.14-123.65`,
 *   `850314-123-65`), standing alone (no letter, digit, `_` or `.` next to them) and passing the
 *   NISS/BIS check digits and date rules of `isValidNationalNumber`. Ports, timestamps, UUIDs, hashes
 *   and ids are not 11 lone digits, or fail the check digits (about 1 number in 97 passes by chance,
 *   and fewer once the date must exist).
 * - `email`: any e-mail address (`local@domain.tld`, letters-only TLD of 2+ characters).
 * - `known-secret`: a value given in `knownSecrets` (passwords, TOTP secrets, codes, tokens, the
 *   env secrets), verbatim, JSON-escaped or URL-encoded. Values under 6 characters are ignored.
 * - `activation-code`: `XXXXX-XXXXX-XXXXX-XXXXX` over the activation code alphabet (no 0/O/1/I/L/U).
 * - `security-code`: `XXXX-XXXX` over the same alphabet with at least one digit and one letter
 *   (video appointments).
 * - `query-secret`: a URL query parameter `t`, `token`, `code`, `securityCode`, `secret`, `password`
 *   or `key` with a value of 6+ characters (`/activate?t=…`, `/video/appointment?t=…`).
 * - `secret-field`: a JSON field named like a credential (`password`, `secret`, `token`, `totp…`,
 *   `securityCode`, `activationCode`, `pepper`, `…Key` of encryption) holding a string of 6+
 *   characters other than `[Redacted]`.
 *
 * Excerpts are redacted: every match on the line shows its first two characters and its length only.
 */
export type LogFindingKind = 'national-number' | 'email' | 'known-secret' | 'activation-code' | 'security-code' | 'query-secret' | 'secret-field';

export interface LogFinding {
  file: string;
  /** 1-based. */
  line: number;
  kind: LogFindingKind;
  /** For known secrets: what the secret is (e.g. "PASSWORD_PEPPER", "demo password"). */
  label?: string;
  /** The line around the match, every match on it redacted; at most ~200 characters. */
  excerpt: string;
}

export interface KnownSecret {
  label: string;
  value: string;
}

export interface ScanOptions {
  knownSecrets?: (KnownSecret | string)[];
  /** Reported as the finding's file (default "<text>"). */
  file?: string;
}

/** Known secrets shorter than this are not searched for (they would match by chance). */
export const MIN_SECRET_LENGTH = 6;

const CODE_CHAR = `[${ACTIVATION_CODE_ALPHABET}]`;
const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w-])/g;
const ACTIVATION_CODE = new RegExp(`(?<![A-Za-z0-9-])${CODE_CHAR}{5}(?:-${CODE_CHAR}{5}){3}(?![A-Za-z0-9-])`, 'g');
const SECURITY_CODE = new RegExp(`(?<![A-Za-z0-9-])${CODE_CHAR}{4}-${CODE_CHAR}{4}(?![A-Za-z0-9-])`, 'g');
const QUERY_SECRET = /[?&](?:t|token|code|securityCode|secret|password|key)=([^&\s"'#<>\\]{6,})/gi;
const SECRET_FIELD = /"(?:[\w-]*(?:password|passwd|secret|token|totp|pepper|securityCode|activationCode|encryptionKey))"\s*:\s*"((?:[^"\\]|\\.){6,})"/gi;

interface Match {
  kind: LogFindingKind;
  label?: string;
  start: number;
  end: number;
}

/** `ab…(11)`: enough to tell findings apart, never the value. */
export function redactValue(value: string): string {
  return `${value.slice(0, 2)}…(${value.length})`;
}

function matchesOf(pattern: RegExp, line: string, kind: LogFindingKind, accept: (value: string) => boolean = () => true, group = 0): Match[] {
  const found: Match[] = [];
  for (const m of line.matchAll(pattern)) {
    const value = m[group];
    if (!accept(value)) continue;
    const start = m.index + m[0].indexOf(value);
    found.push({ kind, start, end: start + value.length });
  }
  return found;
}

function variantsOf(secret: string): string[] {
  return [...new Set([secret, JSON.stringify(secret).slice(1, -1), encodeURIComponent(secret)])];
}

function normaliseSecrets(secrets: (KnownSecret | string)[]): { label: string; variants: string[] }[] {
  const seen = new Set<string>();
  const list: { label: string; variants: string[] }[] = [];
  for (const secret of secrets) {
    const { label, value } = typeof secret === 'string' ? { label: 'secret', value: secret } : secret;
    if (value.length < MIN_SECRET_LENGTH || seen.has(value)) continue;
    seen.add(value);
    list.push({ label, variants: variantsOf(value) });
  }
  // Longest first: a secret containing another is reported once, as itself.
  return list.sort((a, b) => b.variants[0].length - a.variants[0].length);
}

function scanLine(line: string, secrets: { label: string; variants: string[] }[]): Match[] {
  const matches: Match[] = [
    ...matchesOf(NATIONAL_NUMBER_IN_TEXT, line, 'national-number', isValidNationalNumber),
    ...matchesOf(EMAIL, line, 'email'),
    ...matchesOf(ACTIVATION_CODE, line, 'activation-code'),
    ...matchesOf(SECURITY_CODE, line, 'security-code', (code) => /\d/.test(code) && /[A-Z]/.test(code)),
    ...matchesOf(QUERY_SECRET, line, 'query-secret', () => true, 1),
    ...matchesOf(SECRET_FIELD, line, 'secret-field', (value) => value !== '[Redacted]', 1),
  ];
  for (const secret of secrets) {
    for (const variant of secret.variants) {
      for (let at = line.indexOf(variant); at !== -1; at = line.indexOf(variant, at + variant.length)) {
        matches.push({ kind: 'known-secret', label: secret.label, start: at, end: at + variant.length });
      }
    }
  }
  // One finding per stretch of text (overlaps: a known secret that is also an activation code, an
  // e-mail inside a query value, …): a known secret names it, otherwise the first kind found there.
  matches.sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const kept: Match[] = [];
  for (const match of matches) {
    const previous = kept.at(-1);
    if (previous && match.start < previous.end) {
      previous.end = Math.max(previous.end, match.end);
      if (match.kind === 'known-secret' && previous.kind !== 'known-secret') Object.assign(previous, { kind: match.kind, label: match.label });
      continue;
    }
    kept.push({ ...match });
  }
  return kept;
}

function excerptOf(line: string, matches: Match[], focus: Match): string {
  let redacted = '';
  let cursor = 0;
  let focusAt = 0;
  for (const match of matches) {
    redacted += line.slice(cursor, match.start);
    if (match === focus) focusAt = redacted.length;
    redacted += `⟦${match.kind}: ${redactValue(line.slice(match.start, match.end))}⟧`;
    cursor = match.end;
  }
  redacted += line.slice(cursor);
  const from = Math.max(0, focusAt - 100);
  const to = Math.min(redacted.length, focusAt + 100);
  return `${from > 0 ? '…' : ''}${redacted.slice(from, to)}${to < redacted.length ? '…' : ''}`;
}

/** Every finding in `text`, line by line. */
export function scanLogs(text: string, options: ScanOptions = {}): LogFinding[] {
  const secrets = normaliseSecrets(options.knownSecrets ?? []);
  const findings: LogFinding[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const matches = scanLine(line, secrets);
    for (const match of matches) {
      findings.push({
        file: options.file ?? '<text>',
        line: index + 1,
        kind: match.kind,
        ...(match.label ? { label: match.label } : {}),
        excerpt: excerptOf(line, matches, match),
      });
    }
  });
  return findings;
}

export interface LogScanReport {
  files: number;
  lines: number;
  findings: LogFinding[];
}

/** Scans files (findings name them by base name). */
export function scanLogFiles(paths: string[], knownSecrets: (KnownSecret | string)[]): LogScanReport {
  let lines = 0;
  const findings: LogFinding[] = [];
  for (const path of paths) {
    const text = readFileSync(path, 'utf8');
    lines += text.split(/\r?\n/).filter((line) => line.length > 0).length;
    findings.push(...scanLogs(text, { knownSecrets, file: basename(path) }));
  }
  return { files: paths.length, lines, findings };
}

/** `api.log:12 email — …excerpt…`, one line per finding. */
export function formatFinding(finding: LogFinding): string {
  return `${finding.file}:${finding.line} ${finding.kind}${finding.label ? ` (${finding.label})` : ''} — ${finding.excerpt}`;
}
