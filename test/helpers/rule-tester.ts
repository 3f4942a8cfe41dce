/**
 * Rule tests as tables, after ESLint's RuleTester: each case is a change to the example app, and an
 * invalid case lists the findings it must give, each by ruleId, messageId, data and line:column. The
 * wording is not read here: test/unit/messages.test.ts holds it once per message, so rewording a
 * message breaks one test there rather than every rule test that meets it.
 */
import { describe, expect, it } from 'vitest';
import type { Finding, Severity } from '../../src/core/finding.js';
import { type MessageData, type MessageId, say } from '../../src/core/messages.js';
import { checkText, positionOf, validManifest } from './fixtures.js';

type Manifest = Record<string, any>;

/** The manifest's path as findings name it (checkText checks the app folder /app from /). */
const MANIFEST_FILE = 'app/stripe-app.json';

export interface RuleCase {
  /** What the case shows: the test's name. */
  name: string;
  /** The example manifest, changed in place; or, when the function returns something, that instead. */
  manifest?: (example: Manifest) => unknown;
  /** Or the manifest's text: given, or made from the example's text (pretty-printed, as in the app). */
  text?: string | ((example: string) => string);
  /** More files of the app, by absolute path (/app/…): local manifests, views, icons. */
  files?: Record<string, string | Uint8Array>;
  /** Only these rules' findings are the case's concern; without it, every finding of every rule is. */
  rules?: readonly string[];
}

/** A finding a case must give: which one fired, with which data, and where. */
export type ExpectedFinding = {
  [K in MessageId]: {
    ruleId: string;
    messageId: K;
    data: MessageData[K];
    /** Where it is: `at`, the first occurrence of a text in the finding's file (after `after`)… */
    at?: string;
    after?: string;
    /** …or a line and column, both 1-based. */
    line?: number;
    column?: number;
    /** Asserted only when given. */
    severity?: Severity;
    pointer?: string;
    suggestion?: string;
    /** The file, as findings name it; the manifest when not given. */
    file?: string;
  };
}[MessageId];

export interface InvalidCase extends RuleCase {
  errors: ExpectedFinding[];
}

const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function manifestText(c: RuleCase): string {
  if (typeof c.text === 'string') return c.text;
  if (c.text) return c.text(pretty(validManifest()));
  const example = validManifest();
  const changed = c.manifest?.(example);
  return pretty(changed === undefined ? example : changed);
}

function run(c: RuleCase): { findings: Finding[]; textOf: (file: string) => string } {
  const text = manifestText(c);
  const files = c.files ?? {};
  const all = checkText(text, files);
  const findings = c.rules ? all.filter((f) => c.rules?.includes(f.ruleId)) : all;
  const textOf = (file: string): string => {
    if (file === MANIFEST_FILE) return text;
    const content = files[`/${file}`];
    if (content === undefined) throw new Error(`the case has no file ${file}`);
    return typeof content === 'string' ? content : Buffer.from(content).toString('utf8');
  };
  return { findings, textOf };
}

function expectedShape(e: ExpectedFinding, textOf: (file: string) => string): Record<string, unknown> {
  const file = e.file ?? MANIFEST_FILE;
  let place: { line: number; column: number };
  if (e.at !== undefined) place = positionOf(textOf(file), e.at, e.after);
  else if (e.line !== undefined && e.column !== undefined) place = { line: e.line, column: e.column };
  else throw new Error(`an expected ${e.messageId} needs a place: at, or line and column`);
  return {
    ruleId: e.ruleId,
    messageId: e.messageId,
    data: e.data,
    ...place,
    ...(e.severity !== undefined ? { severity: e.severity } : {}),
    ...(e.pointer !== undefined ? { pointer: e.pointer } : {}),
    ...(e.suggestion !== undefined ? { suggestion: e.suggestion } : {}),
    ...(e.file !== undefined ? { file: e.file } : {}),
  };
}

/** The finding as far as the expectation speaks of it. */
function shown(f: Finding, shape: Record<string, unknown> | undefined): Record<string, unknown> {
  const keys = Object.keys(shape ?? { ruleId: 0, messageId: 0, data: 0, line: 0, column: 0 });
  return Object.fromEntries(keys.map((k) => [k, f[k as keyof Finding]]));
}

/** A finding's text is the one its messageId and data give, whatever the words are. */
function expectRenderedFromData(findings: Finding[]): void {
  for (const f of findings) {
    expect(f.messageId, `${f.ruleId} at ${f.line}:${f.column} has a messageId`).toBeDefined();
    if (f.messageId === undefined) continue;
    expect(f.message).toBe(say(f.messageId, f.data as never).message);
  }
}

export function ruleTester({ valid, invalid }: { valid: RuleCase[]; invalid: InvalidCase[] }): void {
  if (valid.length > 0)
    describe('valid', () => {
      it.each(valid)('$name', (c) => {
        expect(run(c).findings).toEqual([]);
      });
    });
  if (invalid.length > 0)
    describe('invalid', () => {
      it.each(invalid)('$name', (c) => {
        const { findings, textOf } = run(c);
        const expected = c.errors.map((e) => expectedShape(e, textOf));
        expect(findings.map((f, i) => shown(f, expected[i]))).toEqual(expected);
        expectRenderedFromData(findings);
      });
    });
}
