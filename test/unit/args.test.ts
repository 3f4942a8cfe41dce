import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../src/args.js';
import { COMMANDS } from '../../src/cli.js';

const program = { name: 'rak-app', summary: 'test', commands: COMMANDS };
const parse = (...argv: string[]) => parseCommandLine(argv, program);

describe('the command line', () => {
  it.each([
    [['check'], [], {}],
    [['check', 'apps/a', 'apps/b'], ['apps/a', 'apps/b'], {}],
    [['check', '-', '-f', 'json'], ['-'], { format: 'json' }],
    [['check', '--format=sarif', '-o', 'out.sarif'], [], { format: 'sarif', 'output-file': 'out.sarif' }],
    [['check', '--report', 'json=a.json', '--report', 'sarif=b.sarif'], [], { report: ['json=a.json', 'sarif=b.sarif'] }],
    [['check', '--max-warnings', '0', '--strict', '-q'], [], { 'max-warnings': '0', strict: true, quiet: true }],
    [['check', '--rule', 'icon=off', '--no-color'], [], { rule: ['icon=off'], 'no-color': true }],
    [['check', '--', '--weird-folder-name'], ['--weird-folder-name'], {}],
  ])('%j', (argv, positionals, values) => {
    expect(parse(...argv)).toEqual({ kind: 'command', command: 'check', positionals, values });
  });

  it('answers help and version before a command', () => {
    expect(parse('--help')).toMatchObject({ kind: 'help', text: expect.stringContaining('Commands:') });
    expect(parse('help', 'check')).toMatchObject({ kind: 'help', text: expect.stringContaining('--max-warnings <n>') });
    expect(parse('check', '-h')).toMatchObject({ kind: 'help', text: expect.stringContaining('Usage: rak-app check [paths...] [options]') });
    expect(parse('-v')).toEqual({ kind: 'version' });
    expect(parse('version')).toEqual({ kind: 'version' });
  });

  it.each([
    [['check', '--frobnicate'], "Unknown option '--frobnicate' for check."],
    [['check', '--max-warning', '1'], "Unknown option '--max-warning' for check. Did you mean '--max-warnings'?"],
    [['check', '-x'], "Unknown option '-x' for check."],
    [['check', '--format', 'yaml'], '--format must be one of stylish, json, sarif, github; got "yaml".'],
    [['check', '--max-warnings'], "Option '--max-warnings' needs a value: n."],
    [['check', '--max-warnings', '-1'], 'Option \'--max-warnings\' needs a value: n. A value that starts with "-" goes after "=": --max-warnings=<n>.'],
    [['check', '-o', '-report.json'], 'Option \'--output-file\' needs a value: path. A value that starts with "-" goes after "=": --output-file=<path>.'],
    [['convert', '--json'], "Unknown option '--json' for convert."],
    [['--json'], "Unknown option '--json'."],
    [['chek'], "Unknown command 'chek'. Did you mean 'check'?"],
  ])('refuses %j', (argv, message) => {
    expect(() => parse(...argv)).toThrow(message);
  });
});
