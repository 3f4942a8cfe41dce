import { existsSync, readdirSync, readFileSync, writeFileSync, copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseTree } from 'jsonc-parser';
import { createSourceFile, nodeValue } from '../../src/core/source-file.js';
import { SHARED } from '../helpers/fixtures.js';
import { run, tempDir } from '../helpers/run.js';
import { unlessSkipped } from '../helpers/skip-reasons.js';

const corpus = join(SHARED, 'corpus', 'manifests');
const haveCorpus = existsSync(corpus);
const corpusMissing = haveCorpus ? undefined : '../shared/corpus/manifests not found';

interface Report {
  files: { path: string; findings: { ruleId: string; line: number; column: number; message: string }[] }[];
  errorCount: number;
  warningCount: number;
}

/** Every finding's line and column lie inside the file it names. */
function expectPositionsInside(report: Report): void {
  for (const file of report.files) {
    const lines = readFileSync(file.path, 'utf8').split(/\r\n|\r|\n/);
    for (const f of file.findings) {
      expect(f.line, `${file.path} ${f.ruleId}`).toBeGreaterThanOrEqual(1);
      expect(f.line, `${file.path} ${f.ruleId}`).toBeLessThanOrEqual(lines.length);
      expect(f.column, `${file.path}:${f.line} ${f.ruleId}`).toBeGreaterThanOrEqual(1);
      expect(f.column, `${file.path}:${f.line} ${f.ruleId}`).toBeLessThanOrEqual(lines[f.line - 1]!.length + 1);
    }
  }
}

describe.skipIf(!haveCorpus)(unlessSkipped('every real-world manifest in the shared corpus', corpusMissing), () => {
  const files = haveCorpus
    ? readdirSync(corpus)
        .sort()
        .map((n) => join(corpus, n))
    : [];

  it('is checked in one run without a crash, with valid json and positions inside each file', async () => {
    const r = await run(['check', ...files, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.files.map((f) => f.path).filter((p) => p.startsWith(corpus))).toEqual(files);
    expectPositionsInside(report);
  });

  it('finds what the corpus README says real manifests get wrong', async () => {
    const report = JSON.parse((await run(['check', ...files, '--format', 'json'])).stdout) as Report;
    const found = (file: string, ruleId: string, text: string) =>
      report.files
        .find((f) => f.path.endsWith(file))!
        .findings.some((f) => f.ruleId === ruleId && f.message.includes(text));
    expect(
      found('002__AberraouiTekypay__reetayn__stripe-app.json', 'permission-unknown', 'did you mean "customer_read"'),
    ).toBe(true);
    expect(found('014__LuisValdenecio__viterbi-desk-stripe-oauth__stripe-app.json', 'json-syntax', 'Comments')).toBe(
      true,
    );
    expect(
      found(
        '021__andrewrouse04__DMA-Brevo-Integration__stripe-app.json',
        'unknown-field',
        'did you mean "ui_extension"',
      ),
    ).toBe(true);
    expect(
      found(
        '025__beltranbot__example-stripe-app-with-backend__stripe-app.json',
        'permission-unknown',
        'webhook event type',
      ),
    ).toBe(true);
    expect(
      found('030__cyberike__drip-backend__stripe-app.json', 'schema', 'must be an array or null, not a string'),
    ).toBe(true);
    expect(
      found('044__reesericci__heroku-united__stripe-app.json', 'permission-special', 'stripecli_session_write'),
    ).toBe(true);
    expect(found('052__srondss__cg-affiliates__stripe-app.json', 'redirect-uris', 'allowed_redirect_uris')).toBe(true);
    expect(
      found(
        '071__hugoburet__stripe-zendesk-link__stripe-app-stripe-app.json',
        'viewport-unknown',
        'did you mean "settings"',
      ),
    ).toBe(true);
    expect(
      found(
        '064__bensontrent__stripe-app-notes-example__stripe-app-stripe-app.json',
        'unknown-field',
        'content_security_policy',
      ),
    ).toBe(true);
  });

  it('reads each clean file without jsonc-parser to the same value the full parser gives', async () => {
    let clean = 0;
    for (const path of files) {
      const text = readFileSync(path, 'utf8');
      const { file, problems, value } = createSourceFile(path, text);
      if (problems.length > 0 || file.mayRepeatKeys) continue;
      clean++;
      expect(value, path).toStrictEqual(
        nodeValue(parseTree(text, [], { disallowComments: true, allowTrailingComma: false })!),
      );
    }
    expect(clean).toBeGreaterThan(files.length / 2);
  });

  it('checks a corpus local manifest merged with its base when they sit together as an app', async () => {
    const app = tempDir();
    copyFileSync(join(corpus, '047__shovkat888__billingo-stripe-app__stripe-app.json'), join(app, 'stripe-app.json'));
    copyFileSync(
      join(corpus, '048__shovkat888__billingo-stripe-app__stripe-app.dev.json'),
      join(app, 'stripe-app.dev.json'),
    );
    const r = await run(['check', app, '--format', 'json']);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.files.map((f) => f.path)).toEqual([join(app, 'stripe-app.json'), join(app, 'stripe-app.dev.json')]);
    expect(report.files[1]!.findings.every((f) => f.ruleId !== 'extends')).toBe(true);
    expectPositionsInside(report);
  });
});

describe('hostile input gives findings or a clear error, never a stack trace', () => {
  const cases: [string, string | Buffer][] = [
    ['deep nesting', '{"a":' + '['.repeat(200_000) + ']'.repeat(200_000) + '}'],
    ['deep objects', '{"a":'.repeat(50_000) + '1' + '}'.repeat(50_000)],
    [
      '__proto__ keys',
      '{"__proto__": {"id": "x"}, "constructor": {"prototype": {"polluted": 1}}, "id": "x", "version": "1", "name": "n"}',
    ],
    ['binary data', Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 2654435761) % 256))],
    ['a JSON array', '[1, 2, 3]'],
    ['a JSON string', '"stripe-app"'],
    ['null', 'null'],
    ['lone surrogates', '{"id": "\\ud800", "name": "\udfff"}'],
    ['a huge string value', JSON.stringify({ id: 'x', version: '1', name: 'x'.repeat(3_000_000) })],
    ['many keys', '{' + Array.from({ length: 50_000 }, (_, i) => `"k${i}": ${i}`).join(',') + '}'],
    ['a number as big as can be', '{"version": 1e999999}'],
  ];

  it.each(cases)('%s', async (name, content) => {
    const dir = tempDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'stripe-app.json'), content);
    const r = await run(['check', dir, '--format', 'json']);
    if (name === 'binary data') {
      // Not UTF-8: refused at the first bad byte, as an input error, never read as replacement text.
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(
        /stripe-app\.json:1:\d+: is not UTF-8 text \(byte 0x[0-9A-F]{2}\); save it as UTF-8\.\n$/,
      );
      return;
    }
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.errorCount).toBeGreaterThan(0);
    expectPositionsInside(report);
  });

  it('random mutations of a valid manifest', async () => {
    const base = JSON.stringify(
      {
        id: 'com.example.x',
        version: '1',
        name: 'X',
        permissions: [{ permission: 'customer_read', purpose: 'p' }],
        ui_extension: { views: [{ viewport: 'settings', component: 'AppSettings' }] },
      },
      null,
      2,
    );
    const alphabet = [
      '{',
      '}',
      '[',
      ']',
      ',',
      ':',
      '"',
      '\\',
      '/',
      '*',
      ' ',
      '\n',
      'a',
      '0',
      '-',
      'e',
      'n',
      '\u0000',
      '\u2028',
    ];
    let seed = 42;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const dirs: string[] = [];
    for (let i = 0; i < 60; i++) {
      const chars = [...base];
      for (let j = 0; j < 1 + Math.floor(next() * 4); j++) {
        const at = Math.floor(next() * chars.length);
        const op = next();
        if (op < 0.4) chars.splice(at, 1);
        else if (op < 0.8) chars.splice(at, 0, alphabet[Math.floor(next() * alphabet.length)]!);
        else chars[at] = alphabet[Math.floor(next() * alphabet.length)]!;
      }
      const dir = tempDir();
      writeFileSync(join(dir, 'stripe-app.json'), chars.join(''));
      dirs.push(dir);
    }
    const r = await run(['check', ...dirs, '--format', 'json']);
    expect(r.stderr).toBe('');
    expect([0, 1]).toContain(r.code);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.files.length).toBeGreaterThanOrEqual(60);
    expectPositionsInside(report);
  });
});
