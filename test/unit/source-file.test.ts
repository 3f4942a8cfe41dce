import { describe, expect, it } from 'vitest';
import { createSourceFile, findKeyNode, findNode, MAX_NESTING, positionAt, valueOf } from '../../src/core/source-file.js';

const parse = (text: string) => createSourceFile('m.json', text);
const fault = (text: string) => {
  const { file, problems } = parse(text);
  return problems.map((p) => ({ kind: p.kind, ...positionAt(file, p.offset) }));
};

describe('strict JSON parsing', () => {
  it('accepts strict JSON and keeps a tree', () => {
    const { file, problems } = parse('{"a": [1, {"b": null}]}');
    expect(problems).toEqual([]);
    expect(valueOf(file.root!)).toEqual({ a: [1, { b: null }] });
  });

  it('reports every comment and trailing comma at its position', () => {
    const text = '{\n  "a": 1, // first\n  /* second */ "b": [1, 2,],\n}';
    expect(fault(text)).toEqual([
      { kind: 'comment', line: 2, column: 11 },
      { kind: 'comment', line: 3, column: 3 },
      { kind: 'trailing-comma', line: 3, column: 26 },
      { kind: 'trailing-comma', line: 3, column: 28 },
    ]);
  });

  it('stops at the first fault that is not a comment or trailing comma', () => {
    expect(fault('{"a": 1 "b": 2, "c": }')).toEqual([{ kind: 'other', line: 1, column: 9 }]);
  });

  it.each([
    ['single quotes', "{'a': 1}", 1, 2],
    ['a leading zero', '{"a": 01}', 1, 8],
    ['NaN', '{"a": NaN}', 1, 7],
    ['a raw tab in a string', '{"a": "x\ty"}', 1, 7],
    ['text after the value', '{}\n{}', 2, 1],
    ['an unterminated string', '{"a": "x', 1, 7],
  ])('rejects %s as JSON.parse does', (_name, text, line, column) => {
    expect(() => JSON.parse(text)).toThrow();
    const faults = fault(text);
    expect(faults).toHaveLength(1);
    expect(faults[0]).toMatchObject({ line, column });
  });

  it('rejects an empty file and a byte-order mark', () => {
    expect(fault('')).toEqual([{ kind: 'empty', line: 1, column: 1 }]);
    expect(fault(' \n ')).toEqual([{ kind: 'empty', line: 1, column: 1 }]);
    expect(fault('\ufeff{}')).toEqual([{ kind: 'byte-order-mark', line: 1, column: 1 }]);
  });

  it('refuses nesting deep enough to overflow a parser, without overflowing itself', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(fault(deep)).toEqual([{ kind: 'too-deep', line: 1, column: MAX_NESTING + 1 }]);
    const fine = '['.repeat(MAX_NESTING) + ']'.repeat(MAX_NESTING);
    expect(fault(fine)).toEqual([]);
  });

  it('survives binary data with one finding', () => {
    const bytes = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)).toString('utf8');
    expect(fault(bytes).length).toBe(1);
  });

  it('counts lines across \\n, \\r\\n and \\r', () => {
    const { file } = parse('{\r\n"a":\r1,\n"b": 2}');
    expect(positionAt(file, file.text.indexOf('"b"'))).toEqual({ line: 4, column: 1 });
    expect(positionAt(file, file.text.indexOf('1'))).toEqual({ line: 3, column: 1 });
  });
});

describe('pointers and values', () => {
  const text = '{\n  "a": 1,\n  "list": [{"x": true}],\n  "a": 2,\n  "we/ird~key": 3\n}';
  const { file } = parse(text);

  it('finds the last of duplicate keys, as JSON.parse keeps it', () => {
    expect(findNode(file.root, '/a')?.value).toBe(2);
    expect(positionAt(file, findKeyNode(file.root, '/a')!.offset)).toEqual({ line: 4, column: 3 });
  });

  it('follows array indexes and escaped keys', () => {
    expect(findNode(file.root, '/list/0/x')?.value).toBe(true);
    expect(findNode(file.root, '/we~1ird~0key')?.value).toBe(3);
    expect(findNode(file.root, '/list/1')).toBeUndefined();
    expect(findNode(file.root, '/a/deeper')).toBeUndefined();
  });

  it('makes __proto__ an own property, never a prototype', () => {
    const { file: f } = parse('{"__proto__": {"polluted": true}, "constructor": {"prototype": {"x": 1}}}');
    const value = valueOf(f.root!) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(value).toEqual(JSON.parse(f.text));
  });
});

describe('the parser behind it', () => {
  it('names every jsonc-parser error code it can meet', async () => {
    const { printParseErrorCode } = await import('jsonc-parser');
    const samples = ['{"a" 1}', '{"a":1 "b":2}', '[1', '{"a":1', '{"a":"x', '{"a":1e}', '{"a":"\\x"}', '{"a":"\\u12"}', '{1:2}', '{"a":}', '/* x', '{} x', '{"a":"\u0001"}', '{"a":-}'];
    const { createSourceFile: parse } = await import('../../src/core/source-file.js');
    const { parseTree } = await import('jsonc-parser');
    for (const text of samples) {
      const errors: { error: number }[] = [];
      parseTree(text, errors as never, { disallowComments: true, allowTrailingComma: false });
      const { problems } = parse('m.json', text);
      // Our own table agrees with the library's names for the first error.
      if (problems[0]?.kind === 'other') expect(problems[0].code).toBe(printParseErrorCode(errors[0]!.error as never));
    }
  });
});
