import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatFinding, redactValue, scanLogFiles, scanLogs } from './log-scan';

const kinds = (text: string, knownSecrets: { label: string; value: string }[] = []) => scanLogs(text, { knownSecrets }).map((f) => f.kind);

describe('scanLogs', () => {
  describe('national numbers', () => {
    it.each([
      ['compact NISS (1900s)', '{"msg":"person 88031412365 found"}'],
      ['compact NISS (2000s)', 'nationalNumber=05060724611'],
      ['formatted YY.MM.DD-SSS.CC', 'holder 88.03.14-123.65 read'],
      ['YYMMDD-SSS-CC', 'holder 880314-123-65 read'],
      ['YYMMDD-SSSCC', 'holder 880314-12365 read'],
      ['BIS number (month + 40)', '"nn":"88431412354"'],
      ['in a URL path', 'GET /api/persons/88031412365/keys'],
      ['at the start and end of a line', '88031412365'],
    ])('finds a %s', (_, line) => {
      expect(kinds(line)).toEqual(['national-number']);
    });

    it.each([
      ['11 digits with wrong check digits', 'count 88031412366 rows'],
      ['a millisecond timestamp', '{"time":1795547734045}'],
      ['a second timestamp', 'at 1795547734'],
      ['a port and a pid', 'listening on 127.0.0.1:35992 pid 16446'],
      ['a UUID', 'id 5f1c2d3e-8803-1412-3650-880314123659'],
      ['a hex hash', 'sha256 a88031412365b9c0ddeeff'],
      ['12 digits that contain a valid number', 'n 880314123650'],
      ['a valid number inside a longer word', 'ref_88031412365x'],
      ['a decimal', 'took 0.88031412365 s'],
      ['an ISO timestamp', '2026-03-14T12:34:56.789Z'],
      ['a NISS request reference', 'NISS-2026-0000001'],
    ])('ignores %s', (_, line) => {
      expect(kinds(line)).toEqual([]);
    });
  });

  describe('e-mail addresses', () => {
    it.each([
      'login of admin@sesame.localhost',
      '{"to":"jan.peeters+2026@example.be"}',
      '"caught" → hr+1795547741047@employer.localhost',
      'Amélie <amelie.verbrugghe@citizen.localhost>',
    ])('finds one in %s', (line) => {
      expect(kinds(line)).toEqual(['email']);
    });

    it.each(['node_modules/@nestjs/core/router', 'otplib@13.1.0', 'bullmq@5.0.0-beta.1', 'at foo (/work/main/dist/api@x/main.js:1:2)', 'nobody@localhost'])(
      'ignores %s',
      (line) => {
        expect(kinds(line)).toEqual([]);
      },
    );
  });

  describe('codes', () => {
    it('finds an activation code in its displayed form', () => {
      expect(kinds('code 7K3MZ-QW9XR-2B4HN-TV5PY issued')).toEqual(['activation-code']);
    });

    it('finds a video security code with digits and letters', () => {
      expect(kinds('"securityCode shown": K7M2-9QXR')).toEqual(['security-code']);
    });

    it.each([
      ['a NISS request reference', 'NISS-2026-0000004'],
      ['a video reference', 'V-2026-000001'],
      ['a date', '2026-03-14'],
      ['letters only (no digit)', 'DESK-SCAN'],
      ['a UUID', '5f1c2d3e-8803-4412-9650-880314123659'],
      ['characters outside the alphabet', 'code 7K3MZ-QW9XR-2B4HN-TV5P0'],
      ['a message key', 'error.activation_code.invalid'],
    ])('ignores %s', (_, line) => {
      expect(kinds(line)).toEqual([]);
    });
  });

  describe('secrets in URLs and JSON fields', () => {
    it.each([
      '"path":"/activate?t=Zx8vJ0mQ4aT1bL9cK2dE7fG3hI5jN6oP8qR0sU1wY2"',
      'GET /video/appointment?lang=fr&t=Zx8vJ0mQ4aT1bL9cK2dE7fG3hI5jN6oP8qR0sU1wY2',
      '/api/x?token=abcdefgh',
    ])('finds the query value of %s', (line) => {
      expect(kinds(line)).toEqual(['query-secret']);
    });

    it.each(['{"password":"hunter2hunter2"}', '{"totpSecret":"JBSWY3DPEHPK3PXP"}', '{"sessionToken":"abcdefghijk"}', '{"csrfToken":"abcdefghijk"}'])('finds the value of %s', (line) => {
      expect(kinds(line)).toEqual(['secret-field']);
    });

    it.each([
      '/activate',
      '"path":"/video/appointment"',
      '/api/x?t=ab',
      '{"password":"[Redacted]"}',
      '{"tokenTtlMs":600000}',
      '{"code":"agent.pair_rate_limited"}',
      '{"linkTokenHash":"9f86d081884c7d659a2feaa0c55ad015"}',
    ])('ignores %s', (line) => {
      expect(kinds(line)).toEqual([]);
    });
  });

  describe('known secrets', () => {
    const pepper = { label: 'PASSWORD_PEPPER', value: 'q1Zr0_Wv8-longRandomBase64urlPepper' };

    it('finds a known secret verbatim, with its label', () => {
      const [finding] = scanLogs(`{"msg":"config","pepper":"x${pepper.value}y"}`, { knownSecrets: [pepper], file: 'api.log' });
      expect(finding).toMatchObject({ file: 'api.log', line: 1, kind: 'known-secret', label: 'PASSWORD_PEPPER' });
    });

    it('finds a password JSON-escaped and URL-encoded', () => {
      const password = { label: 'citizen password', value: 'Lumière "du" Nord 2026' };
      expect(kinds(`{"body":${JSON.stringify(password.value)}}`, [password])).toEqual(['known-secret']);
      expect(kinds(`/x?q=${encodeURIComponent(password.value)}`, [password])).toEqual(['known-secret']);
    });

    it('finds every occurrence, on the right lines', () => {
      const findings = scanLogs(`ok\n${pepper.value} and ${pepper.value}\nok`, { knownSecrets: [pepper] });
      expect(findings.map((f) => [f.line, f.kind])).toEqual([
        [2, 'known-secret'],
        [2, 'known-secret'],
      ]);
    });

    it('ignores secrets too short to be told from chance, and plain strings are accepted', () => {
      expect(scanLogs('pin 1234 ok', { knownSecrets: ['1234'] })).toEqual([]);
      expect(scanLogs('value s3cr3t-value here', { knownSecrets: ['s3cr3t-value'] }).map((f) => f.kind)).toEqual(['known-secret']);
    });

    it('reports a known secret that also looks like a code once', () => {
      const code = { label: 'activation code', value: '7K3MZ-QW9XR-2B4HN-TV5PY' };
      expect(kinds(`code ${code.value}`, [code])).toHaveLength(1);
    });
  });

  describe('excerpts', () => {
    it('never contain a finding in full, neither the reported one nor the others on the line', () => {
      const secret = 'SuperSecretSessionToken42';
      const line = `{"msg":"x","who":"jan.peeters@example.be","nn":"88031412365","tok":"${secret}","code":"7K3MZ-QW9XR-2B4HN-TV5PY"}`;
      const findings = scanLogs(line, { knownSecrets: [{ label: 'session token', value: secret }] });
      expect(findings.map((f) => f.kind)).toEqual(['email', 'national-number', 'known-secret', 'activation-code']);
      for (const finding of findings) {
        const printed = formatFinding(finding);
        for (const value of ['jan.peeters@example.be', '88031412365', secret, '7K3MZ-QW9XR-2B4HN-TV5PY']) expect(printed).not.toContain(value);
        expect(printed).toContain('<text>:1');
      }
      expect(findings[0].excerpt).toContain(`⟦email: ${redactValue('jan.peeters@example.be')}⟧`);
      expect(redactValue('88031412365')).toBe('88…(11)');
    });

    it('are cut around the finding on long lines', () => {
      const [finding] = scanLogs(`${'a '.repeat(500)}admin@sesame.localhost${' b'.repeat(500)}`);
      expect(finding.excerpt.length).toBeLessThan(260);
      expect(finding.excerpt).toMatch(/^….*⟦email: ad…\(22\)⟧.*…$/);
    });
  });

  it('finds nothing in ordinary log lines of the system', () => {
    const lines = [
      '{"level":30,"time":1795547734437,"pid":16446,"hostname":"vm","name":"sesame-api","context":"RouterExplorer","msg":"Mapped {/api/video/appointments/:id/approve, POST} route"}',
      '{"level":30,"time":1795547741047,"pid":16446,"req":{"id":"0b7d4a52-62c1-4cf7-9b7e-3b2f8f1b3a61","method":"GET","path":"/video/appointment"},"res":{"statusCode":200},"responseTime":3,"msg":"request completed"}',
      '{"level":30,"time":1795547741047,"service":"desk-agent","reader":"Virtual PCD 00 01","card":"present","atr":"3B9813400AA503010101AD1311","msg":"pcsc: card inserted"}',
      '{"level":30,"name":"sesame-worker","documentId":"5f1c2d3e-8803-4412-9650-880314123659","status":"processed","durationMs":1234,"msg":"document analysed"}',
      'created 7 staff accounts, organisation Démo Intérim SA, requester demo.requester, 10000 synthetic persons, NISS requests NISS-2026-0000001 (pending), video booking V-2026-000001',
      '|        K 7 M 2 Q X        |',
    ];
    expect(scanLogs(lines.join('\n'))).toEqual([]);
  });
});

describe('scanLogFiles', () => {
  it('counts files and non-empty lines, and names findings by file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'log-scan-'));
    try {
      writeFileSync(join(dir, 'api.log'), 'one\ntwo admin@sesame.localhost\n\n');
      writeFileSync(join(dir, 'worker.log'), 'three\n');
      const report = scanLogFiles([join(dir, 'api.log'), join(dir, 'worker.log')], []);
      expect(report).toMatchObject({ files: 2, lines: 3 });
      expect(report.findings.map((f) => `${f.file}:${f.line}:${f.kind}`)).toEqual(['api.log:2:email']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
