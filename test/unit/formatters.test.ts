import { describe, expect, it } from 'vitest';
import { wantsColor } from '../../src/adapters/painter.js';
import { formatGithub } from '../../src/formatters/github.js';
import { fromWorkspace } from '../../src/formatters/index.js';
import { formatJson } from '../../src/formatters/json.js';
import { formatStylish } from '../../src/formatters/stylish.js';
import type { CheckResult } from '../../src/core/finding.js';
import { failedThreshold } from '../../src/exit-codes.js';

const result: CheckResult = {
  files: [
    {
      path: 'apps/a,b/stripe-app.json',
      findings: [
        {
          ruleId: 'schema',
          severity: 'error',
          message: 'version must be a string, not a number.',
          pointer: '/version',
          file: 'apps/a,b/stripe-app.json',
          line: 3,
          column: 14,
        },
        {
          ruleId: 'icon',
          severity: 'warning',
          message: '100% wrong:\nicon',
          pointer: '/icon',
          file: 'apps/a,b/stripe-app.json',
          line: 12,
          column: 3,
        },
      ],
    },
    { path: 'apps/clean/stripe-app.json', findings: [] },
  ],
  errorCount: 1,
  warningCount: 1,
  infoCount: 0,
};

describe('stylish', () => {
  it('groups by file, aligns positions, and sums up', () => {
    expect(formatStylish(result)).toBe(
      [
        'apps/a,b/stripe-app.json',
        '  3:14  error    version must be a string, not a number.  schema',
        '  12:3  warning  100% wrong:\nicon  icon',
        '',
        '✖ 2 problems (1 error, 1 warning) in 1 file (2 files checked).',
        '',
      ].join('\n'),
    );
  });

  it('says so when all is well', () => {
    expect(formatStylish({ files: [{ path: 'a', findings: [] }], errorCount: 0, warningCount: 0, infoCount: 0 })).toBe(
      '✔ No problems (1 file checked).\n',
    );
  });
});

describe('github', () => {
  it('escapes data and properties as GitHub expects', () => {
    expect(formatGithub(result).split('\n')).toEqual([
      '::error file=apps/a%2Cb/stripe-app.json,line=3,col=14,title=rak-app schema::version must be a string, not a number.',
      '::warning file=apps/a%2Cb/stripe-app.json,line=12,col=3,title=rak-app icon::100%25 wrong:%0Aicon',
      '',
    ]);
  });
});

describe('paths from GITHUB_WORKSPACE', () => {
  const paths = (r: CheckResult) => r.files.flatMap((f) => [f.path, ...f.findings.map((x) => x.file)]);

  it('rebases paths from the current folder to the workspace, and leaves those outside it alone', () => {
    const outside: CheckResult = {
      ...result,
      files: [
        { path: '/elsewhere/stripe-app.json', findings: [] },
        { path: '<stdin>', findings: [] },
      ],
    };
    expect(paths(fromWorkspace(result, '/ws/sub', '/ws'))).toEqual([
      'sub/apps/a,b/stripe-app.json',
      'sub/apps/a,b/stripe-app.json',
      'sub/apps/a,b/stripe-app.json',
      'sub/apps/clean/stripe-app.json',
    ]);
    expect(paths(fromWorkspace(outside, '/ws/sub', '/ws'))).toEqual(['/elsewhere/stripe-app.json', '<stdin>']);
  });

  it('takes a folder whose name starts with two dots for one inside the workspace', () => {
    expect(paths(fromWorkspace(result, '/ws/..apps', '/ws'))[0]).toBe('..apps/apps/a,b/stripe-app.json');
  });
});

describe('json', () => {
  it('keeps file grouping and drops the redundant file field from findings', () => {
    const doc = JSON.parse(formatJson(result, () => '1.2.3'));
    expect(doc.files[0].findings[0]).toEqual({
      ruleId: 'schema',
      severity: 'error',
      message: 'version must be a string, not a number.',
      pointer: '/version',
      line: 3,
      column: 14,
      docs: 'https://unpkg.com/rak-app@1.2.3/docs/rules/schema.md',
    });
    expect(doc.files[1]).toEqual({ path: 'apps/clean/stripe-app.json', findings: [] });
  });
});

describe('colour', () => {
  it.each([
    [{ isTTY: true }, {}, true],
    [{ isTTY: false }, {}, false],
    [{ isTTY: true }, { NO_COLOR: '1' }, false],
    [{ isTTY: true }, { NO_COLOR: '' }, true],
    [{ isTTY: true }, { TERM: 'dumb' }, false],
    [{ isTTY: false }, { FORCE_COLOR: '1' }, true],
    [{ isTTY: false }, { FORCE_COLOR: '' }, true],
    [{ isTTY: false }, { FORCE_COLOR: '1', NO_COLOR: '1' }, true],
    [{ isTTY: true }, { FORCE_COLOR: '0' }, false],
    [{ isTTY: true }, { FORCE_COLOR: 'false' }, false],
  ])('%j with %j → %s', (stream, env, expected) => {
    expect(wantsColor(stream, env)).toBe(expected);
  });
});

describe('exit codes', () => {
  const counts = (errorCount: number, warningCount: number): CheckResult => ({
    files: [],
    errorCount,
    warningCount,
    infoCount: 0,
  });
  it.each([
    [counts(0, 0), {}, 0],
    [counts(0, 5), {}, 0],
    [counts(1, 0), {}, 1],
    [counts(0, 5), { maxWarnings: 5 }, 0],
    [counts(0, 6), { maxWarnings: 5 }, 1],
    [counts(0, 1), { strict: true }, 1],
    [counts(0, 0), { strict: true, maxWarnings: 0 }, 0],
    [counts(0, 600), { maxWarnings: -1 }, 0],
    [counts(1, 0), { maxWarnings: -1 }, 1],
  ])('%j with %j → %i', (result, options, code) => {
    expect(failedThreshold(result, options) === undefined ? 0 : 1).toBe(code);
  });
});
