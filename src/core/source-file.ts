/**
 * A manifest's text, parsed strictly (the Stripe CLI reads strict JSON) into a tree that keeps every
 * offset, so any JSON pointer maps back to a line and column. Also the JSON pointers themselves and
 * the type guards rules use on parsed values.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { createScanner, type Node, type ParseError, parseTree as parseJsoncTree } from 'jsonc-parser';

export type { Node } from 'jsonc-parser';

/** jsonc-parser's ParseErrorCode values (a const enum in its types), by name. */
const PARSE_ERROR_NAMES = [
  '',
  'InvalidSymbol',
  'InvalidNumberFormat',
  'PropertyNameExpected',
  'ValueExpected',
  'ColonExpected',
  'CommaExpected',
  'CloseBraceExpected',
  'CloseBracketExpected',
  'EndOfFileExpected',
  'InvalidCommentToken',
  'UnexpectedEndOfComment',
  'UnexpectedEndOfString',
  'UnexpectedEndOfNumber',
  'InvalidUnicode',
  'InvalidEscapeCharacter',
  'InvalidCharacter',
] as const;

export interface SourceFile {
  /** The path as the user named it (or `<stdin>`). */
  path: string;
  text: string;
  /**
   * The parse tree, absent when the text is not strict JSON. Built on first use for a clean file,
   * since only a finding's position needs it.
   */
  readonly root: Node | undefined;
  /** Offsets where each line starts. */
  lineStarts: number[];
  /** False when the file is known to hold no key twice in one object. */
  mayRepeatKeys: boolean;
}

export interface SyntaxProblem {
  offset: number;
  /** Which kind of fault, for the message. */
  kind: 'comment' | 'trailing-comma' | 'byte-order-mark' | 'too-deep' | 'empty' | 'other';
  /** jsonc-parser's name for the fault, such as 'CommaExpected'. */
  code: string | undefined;
}

export interface Position {
  line: number;
  column: number;
}

/** Deeper than any manifest needs; deep enough input would overflow the parser's stack. */
export const MAX_NESTING = 256;

/** A file's text, its syntax problems, and its value (undefined when it has problems). */
export function createSourceFile(
  path: string,
  text: string,
): { file: SourceFile; problems: SyntaxProblem[]; value: unknown } {
  const lineStarts = computeLineStarts(text);
  const clean = parseClean(text);
  if (clean) {
    let root: Node | undefined;
    const file: SourceFile = {
      path,
      text,
      get root() {
        return (root ??= parseTree(text, []));
      },
      lineStarts,
      mayRepeatKeys: false,
    };
    return { file, problems: [], value: clean.value };
  }
  const problems = findSyntaxProblems(text);
  let root: Node | undefined;
  if (problems.length === 0) {
    const errors: ParseError[] = [];
    root = parseTree(text, errors);
    if (errors.length > 0) {
      const tokenBefore = tokenIndex(text);
      problems.push(...errors.map((e) => classify(text, e, tokenBefore)));
    }
    if (problems.length > 0) root = undefined;
  }
  const file: SourceFile = { path, text, root, lineStarts, mayRepeatKeys: true };
  return { file, problems: firstFaults(problems), value: root ? nodeValue(root) : undefined };
}

function parseTree(text: string, errors: ParseError[]): Node | undefined {
  return parseJsoncTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
}

/**
 * Every string token, with the colon that follows it when it is a key. Matched one after another
 * from the start of strict JSON, each match is exactly one string: outside strings JSON has no
 * quotes, and inside one only an escaped quote, which `\\.` consumes.
 */
const STRING = /"(?:[^"\\]|\\.)*"([ \t\n\r]*:)?/g;

/**
 * The common case without jsonc-parser: JSON.parse is as strict as the Stripe CLI (no comments, no
 * trailing commas, no byte-order mark), but it keeps the last of two equal keys without a word, so
 * the keys it kept are counted against the keys written. Undefined when the text is not strict
 * JSON, repeats a key or nests deeper than MAX_NESTING: the full parser then finds and places the
 * fault.
 */
function parseClean(text: string): { value: unknown } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const kept = countKeys(value, 0);
  if (kept < 0) return undefined;
  let written = 0;
  STRING.lastIndex = 0;
  for (let m = STRING.exec(text); m; m = STRING.exec(text)) if (m[1] !== undefined) written++;
  return kept === written ? { value } : undefined;
}

/** The keys of every object in a parsed value, or -1 when it nests deeper than MAX_NESTING. */
function countKeys(value: unknown, depth: number): number {
  if (typeof value !== 'object' || value === null) return 0;
  if (depth >= MAX_NESTING) return -1;
  let count = 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  if (!Array.isArray(value)) count += children.length;
  for (const child of children) {
    const inner = countKeys(child, depth + 1);
    if (inner < 0) return -1;
    count += inner;
  }
  return count;
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/**
 * The line and column (from 1, in UTF-16 code units, as editors count) of an offset in a text read
 * once: `\r\n`, `\r` and `\n` each end a line.
 */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split(/\r\n|\r|\n/).length;
  return { line, column: offset - Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r')) };
}

export function positionAt(file: SourceFile, offset: number): Position {
  const starts = file.lineStarts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - (starts[lo] ?? 0) + 1 };
}

/**
 * Faults the parser cannot be trusted with: a byte-order mark, or nesting deep enough to overflow its
 * recursion. Scanning tokens is iterative, so hostile input costs time linear in its size.
 */
function findSyntaxProblems(text: string): SyntaxProblem[] {
  if (text.charCodeAt(0) === 0xfeff) return [{ offset: 0, kind: 'byte-order-mark', code: undefined }];
  if (text.trim() === '') return [{ offset: 0, kind: 'empty', code: undefined }];
  const scanner = createScanner(text, true);
  let depth = 0;
  for (let token = scanner.scan(); token !== 17 /* EOF */; token = scanner.scan()) {
    if (token === 1 /* { */ || token === 3 /* [ */) {
      if (++depth > MAX_NESTING) return [{ offset: scanner.getTokenOffset(), kind: 'too-deep', code: undefined }];
    } else if (token === 2 || token === 4) depth--;
  }
  return [];
}

function classify(
  text: string,
  error: ParseError,
  tokenBefore: (offset: number) => { token: number; offset: number } | undefined,
): SyntaxProblem {
  const code = PARSE_ERROR_NAMES[error.error] ?? 'Unknown';
  if (code === 'InvalidCommentToken') return { offset: error.offset, kind: 'comment', code };
  // A raw control character in a string: jsonc-parser places it at the string, the fault is the character.
  if (code === 'InvalidCharacter') {
    const inString = text.slice(error.offset, error.offset + error.length).search(/[\u0000-\u001f]/);
    if (inString >= 0) return { offset: error.offset + inString, kind: 'other', code };
  }
  // An escape JSON does not have (`C:\ledger`): jsonc-parser places it at the string, the fault is the backslash.
  if (code === 'InvalidEscapeCharacter' || code === 'InvalidUnicode') {
    const token = text.slice(error.offset, error.offset + error.length);
    const bad = /\\(?:u(?![0-9A-Fa-f]{4})|[^"\\/bfnrtu])/.exec(token);
    if (bad) return { offset: error.offset + bad.index, kind: 'other', code };
  }
  if (code === 'PropertyNameExpected' || code === 'ValueExpected') {
    const here = text[error.offset];
    const previous = tokenBefore(error.offset);
    if ((here === '}' || here === ']') && previous?.token === 5 /* comma */)
      return { offset: previous.offset, kind: 'trailing-comma', code };
  }
  return { offset: error.offset, kind: 'other', code };
}

/** A lookup of the last token (comments and white space skipped) that starts before an offset. */
function tokenIndex(text: string): (offset: number) => { token: number; offset: number } | undefined {
  const tokens: { token: number; offset: number }[] = [];
  const scanner = createScanner(text, true);
  for (let token = scanner.scan(); token !== 17 /* EOF */; token = scanner.scan()) {
    if (token !== 12 && token !== 13 /* comments */) tokens.push({ token, offset: scanner.getTokenOffset() });
  }
  return (offset) => {
    let found: { token: number; offset: number } | undefined;
    for (const t of tokens) {
      if (t.offset >= offset) break;
      found = t;
    }
    return found;
  };
}

/**
 * Comments and trailing commas do not throw the parser off, so each is worth reporting; after any
 * other fault, what follows is guesswork, so only the first is kept.
 */
function firstFaults(problems: SyntaxProblem[]): SyntaxProblem[] {
  const sorted = [...problems].sort((a, b) => a.offset - b.offset);
  const kept: SyntaxProblem[] = [];
  const seen = new Set<number>();
  for (const p of sorted) {
    if (seen.has(p.offset)) continue;
    seen.add(p.offset);
    kept.push(p);
    if (p.kind !== 'comment' && p.kind !== 'trailing-comma') break;
  }
  return kept;
}

/**
 * The node a pointer names. Where a key appears twice, the last one wins, as in JSON.parse and in
 * the Stripe CLI.
 */
export function findNode(root: Node | undefined, pointer: string): Node | undefined {
  let node = root;
  for (const segment of fromPointer(pointer)) {
    if (!node) return undefined;
    if (node.type === 'object') node = propertiesOf(node).get(segment);
    else if (node.type === 'array') node = /^\d+$/.test(segment) ? node.children?.[Number(segment)] : undefined;
    else return undefined;
  }
  return node;
}

// Each object's properties by key, built once: lookups stay linear on objects with many keys.
const propertyMaps = new WeakMap<Node, Map<string, Node>>();

function propertiesOf(object: Node): Map<string, Node> {
  let map = propertyMaps.get(object);
  if (!map) {
    map = new Map();
    for (const prop of object.children ?? []) {
      const [key, value] = prop.children ?? [];
      if (key && value) map.set(String(key.value), value);
    }
    propertyMaps.set(object, map);
  }
  return map;
}

/** The key node of the property a pointer names, for findings about a key that should not be there. */
export function findKeyNode(root: Node | undefined, pointer: string): Node | undefined {
  const value = findNode(root, pointer);
  const parent = value?.parent;
  return parent?.type === 'property' ? parent.children?.[0] : undefined;
}

/**
 * The plain value of a node. Keys such as `__proto__` become own properties, as JSON.parse makes
 * them, never a prototype.
 */
export function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (!key || !value) continue;
        Object.defineProperty(out, String(key.value), {
          value: nodeValue(value),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      return out;
    }
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

// JSON pointers (RFC 6901): the address every finding carries.

export function toPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function fromPointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function parentPointer(pointer: string): string {
  const i = pointer.lastIndexOf('/');
  return i <= 0 ? '' : pointer.slice(0, i);
}

/**
 * A file's path as findings and messages show it: relative to the current folder when it is inside
 * it, else absolute, since `../../…` says less than the path itself.
 */
export function displayPath(absolute: string, cwd: string): string {
  const rel = relative(cwd, absolute);
  const outside = rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel);
  return printable(rel === '' ? '.' : outside ? absolute : rel);
}

/** What a link that leads nowhere is said to be, its target printable: `is a link to prod.json, which does not exist`. */
export const linkToNothing = (target: string): string => `is a link to ${printable(target)}, which does not exist`;

/**
 * A name as it may be printed: control characters (a terminal escape in a file name could retitle
 * the window or rewrite the screen) shown as \xNN.
 */
export function printable(text: string): string {
  return text
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(BIDI_CONTROLS, escapeBidi);
}

/**
 * Bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F): shown, they reorder what
 * follows on the line, so that a message can read as something else (CVE-2021-42574's "Trojan
 * Source"). Shown as \u{…} wherever text from a file or an API is printed.
 */
const BIDI_CONTROLS = /[\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
const escapeBidi = (c: string): string => `\\u{${c.charCodeAt(0).toString(16)}}`;

/** Text as it may be printed: control characters shown as \xNN, line breaks and tabs kept. */
export function printableText(text: string): string {
  return text
    .replace(
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g,
      (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
    )
    .replace(BIDI_CONTROLS, escapeBidi);
}

/**
 * A diff of a user's file as printableText shows it, but for a carriage return inside a line (JSON
 * allows one between tokens): printed, it would draw the rest of the line over its start, hiding
 * the `-` or `+` of the line consented to. One that ends a line (CRLF) is kept.
 */
export function printableDiff(text: string): string {
  return printableText(text.replace(/\r(?!\n|$)/g, '\\x0d'));
}

/** Readable form for messages: `/permissions/0/permission` → `permissions[0].permission`. */
export function describePointer(pointer: string): string {
  if (pointer === '') return 'the manifest';
  let out = '';
  for (const s of fromPointer(pointer)) {
    if (/^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z_$][\w$-]*$/.test(s)) out += (out ? '.' : '') + s;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

// Parsed JSON values.

export const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Entries of an array field with their index, skipping what is not an array. */
export const entries = (v: unknown): [number, unknown][] => (Array.isArray(v) ? v.map((x, i) => [i, x]) : []);

export interface DuplicateKey {
  name: string;
  /** The path of the object holding it, then the key. */
  path: (string | number)[];
  /** Where the repeated key is, and where it was first. */
  offset: number;
  firstOffset: number;
}

/**
 * Every key that appears twice in one object. JSON.parse keeps the last and a text edit finds the
 * first, so a file with one is never edited, and a ledger with one never trusted.
 */
export function duplicateKeys(file: SourceFile): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const walk = (node: Node, path: (string | number)[]): void => {
    if (node.type === 'object') {
      const firstSeen = new Map<string, Node>();
      for (const prop of node.children ?? []) {
        const [key, value] = prop.children ?? [];
        if (!key || !value) continue;
        const name = String(key.value);
        const first = firstSeen.get(name);
        if (first) found.push({ name, path: [...path, name], offset: key.offset, firstOffset: first.offset });
        else firstSeen.set(name, key);
        walk(value, [...path, name]);
      }
    } else if (node.type === 'array') {
      (node.children ?? []).forEach((child, i) => {
        walk(child, [...path, i]);
      });
    }
  };
  // A clean file was proven to repeat no key without building its tree; keep it that way.
  if (file.mayRepeatKeys && file.root) walk(file.root, []);
  return found;
}

/** What is wrong with a file, after its name: `file:line:column: …` where the detail starts with a place. */
export const placedIn = (shown: string, detail: string): string =>
  /^\d+:\d+: /.test(detail) ? `${shown}:${detail}` : `${shown}: ${detail}`;
