import { describe, expect, it } from 'vitest';
import {
  createSourceFile,
  displayPath,
  findKeyNode,
  findNode,
  MAX_NESTING,
  positionAt,
  printable,
  printableText,
  nodeValue,
} from '../../src/core/source-file.js';

const parse = (text: string) => createSourceFile('m.json', text);
const fault = (text: string) => {
  const { file, problems } = parse(text);
  return problems.map((p) => ({ kind: p.kind, ...positionAt(file, p.offset) }));
};

describe('strict JSON parsing', () => {
  it('accepts strict JSON and keeps a tree', () => {
    const { file, problems } = parse('{"a": [1, {"b": null}]}');
    expect(problems).toEqual([]);
    expect(nodeValue(file.root!)).toEqual({ a: [1, { b: null }] });
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
    // At the control character itself, not the string's opening quote.
    ['a raw tab in a string', '{"a": "x\ty"}', 1, 9],
    // At the backslash of an escape JSON does not have, not the string's opening quote.
    ['a Windows path in a string', '{"a": "at C:\\ledger"}', 1, 13],
    ['a \\u without four hex digits', '{"a": "x\\u12g4"}', 1, 9],
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
    const value = nodeValue(f.root!) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(value).toEqual(JSON.parse(f.text));
  });
});

describe('the parser behind it', () => {
  it('names every jsonc-parser error code it can meet', async () => {
    const { printParseErrorCode } = await import('jsonc-parser');
    const samples = [
      '{"a" 1}',
      '{"a":1 "b":2}',
      '[1',
      '{"a":1',
      '{"a":"x',
      '{"a":1e}',
      '{"a":"\\x"}',
      '{"a":"\\u12"}',
      '{1:2}',
      '{"a":}',
      '/* x',
      '{} x',
      '{"a":"\u0001"}',
      '{"a":-}',
    ];
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

describe('the clean path, without jsonc-parser', () => {
  // What the full parser makes of a text: its value, and whether some object holds a key twice.
  async function viaParser(text: string): Promise<{ value: unknown; repeats: boolean }> {
    const { parseTree } = await import('jsonc-parser');
    const root = parseTree(text, [], { disallowComments: true, allowTrailingComma: false })!;
    let repeats = false;
    const walk = (node: typeof root): void => {
      if (node.type === 'object') {
        const keys = (node.children ?? []).map((p) => String(p.children![0]!.value));
        if (new Set(keys).size !== keys.length) repeats = true;
      }
      (node.children ?? []).forEach(walk);
    };
    walk(root);
    return { value: nodeValue(root), repeats };
  }

  // Same value, same key order, and the tree is still there when a finding asks for it.
  async function expectSameAsParser(text: string): Promise<void> {
    const { file, problems, value } = parse(text);
    const expected = await viaParser(text);
    expect(problems).toEqual([]);
    expect(file.mayRepeatKeys).toBe(expected.repeats);
    expect(JSON.stringify(value)).toBe(JSON.stringify(expected.value));
    expect(value).toStrictEqual(expected.value);
    expect(nodeValue(file.root!)).toStrictEqual(expected.value);
  }

  it.each([
    ['escaped quotes in keys and values', '{"a\\"": "b\\":", "c": "\\\\", "d\\\\": ["\\"", ":"]}'],
    ['strings that look like keys', '["a": 1]'.replace(':', ',') + ''],
    ['a value holding a colon after a quote', '{"k": "x\\": y", "l": {"m": "\\":"}}'],
    ['keys spelt with escapes', '{"\\u0061": 1, "b": {"\\n": [], "": {}}}'],
    ['white space before colons', '{"a"\n\t :1,"b"\r\n:{"c" : 2}}'],
    ['__proto__ as a key', '{"__proto__": {"polluted": true}, "x": 1}'],
    ['integer-like keys, which objects order first', '{"b": 1, "2": 2, "a": 3, "1": 4}'],
  ])('reads %s as the full parser does', async (_name, text) => {
    await expectSameAsParser(text);
  });

  it.each([
    ['the same key twice', '{"a": 1, "a": 2}'],
    ['twice, deep inside', '[{"a": 1}, {"b": {"c": 1, "d": [], "c": 2}}]'],
    ['twice, once spelt with an escape', '{"a": 1, "\\u0061": 2}'],
    ['twice, with escaped quotes', '{"a\\"": 1, "a\\"": 2}'],
  ])('hands %s to the full parser', async (_name, text) => {
    await expectSameAsParser(text);
    expect(parse(text).file.mayRepeatKeys).toBe(true);
  });

  it('agrees with the full parser on 2,000 random documents, repeated keys included', async () => {
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const pieces = ['a', 'b', '"', '\\', ':', ' ', 'é', '\u2028', '{', '}', '\n', '\u0000'];
    const key = () => Array.from({ length: random(3) }, () => pieces[random(pieces.length)]).join('');
    const space = () => [' ', '', '\n', '\t', '\r\n'][random(5)]!;
    const doc = (depth: number): string => {
      const kind = depth > 3 ? random(3) : random(6);
      if (kind === 0) return JSON.stringify(key());
      if (kind === 1) return String(random(1000) - 500);
      if (kind === 2) return ['true', 'false', 'null'][random(3)]!;
      if (kind === 3) return `[${Array.from({ length: random(4) }, () => space() + doc(depth + 1)).join(',')}]`;
      const keys = Array.from({ length: random(5) }, key);
      return `{${keys.map((k) => `${space()}${JSON.stringify(k)}${space()}:${space()}${doc(depth + 1)}`).join(',')}}`;
    };
    let repeated = 0;
    for (let i = 0; i < 2000; i++) {
      const text = doc(0);
      await expectSameAsParser(text);
      if (parse(text).file.mayRepeatKeys) repeated++;
    }
    expect(repeated).toBeGreaterThan(100);
  });

  it('hands nesting past MAX_NESTING to the full parser, and keeps nesting up to it', () => {
    expect(parse('['.repeat(MAX_NESTING + 1) + ']'.repeat(MAX_NESTING + 1)).problems.map((p) => p.kind)).toEqual([
      'too-deep',
    ]);
    expect(parse('{"a":'.repeat(MAX_NESTING) + '1' + '}'.repeat(MAX_NESTING)).problems).toEqual([]);
  });
});

describe('displayPath', () => {
  it('shows a path inside the current folder relative to it, and one outside it in full', () => {
    expect(displayPath('/work/app/stripe-app.json', '/work/app')).toBe('stripe-app.json');
    expect(displayPath('/work/app', '/work/app')).toBe('.');
    expect(displayPath('/work/other/stripe-app.json', '/work/app')).toBe('/work/other/stripe-app.json');
    expect(displayPath('/work', '/work/app')).toBe('/work');
  });

  it('takes a folder whose name starts with two dots for one inside the current folder', () => {
    expect(displayPath('/work/app/..ledger/stripe-app.json', '/work/app')).toBe('..ledger/stripe-app.json');
  });
});

describe('printable', () => {
  it('shows control characters as \\xNN and bidirectional controls as \\u{…}, so a line reads as it is', () => {
    expect(printable('a\u001b[31mb')).toBe('a\\x1b[31mb');
    expect(printable('permission \u202edaer_remotsuc')).toBe('permission \\u{202e}daer_remotsuc');
    expect(printableText('line\none \u2066x\u2069')).toBe('line\none \\u{2066}x\\u{2069}');
  });
});
