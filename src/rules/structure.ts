/**
 * Rules about the manifest's structure: strict JSON, no duplicate keys, the schema, unknown keys,
 * and `extends` in local manifests. One exported rule per id, each with its page in docs/rules/.
 * Rules share a few modules rather than one file each: `check` loads them all, and each module
 * costs start-up time (bench/).
 */
import type { Report } from '../core/finding.js';
import { type Said, say } from '../core/messages.js';
import { ownerOf, type SchemaIssue } from '../core/schema.js';
import { duplicateKeys, fromPointer, MAX_NESTING, positionAt, toPointer } from '../core/source-file.js';
import { suggest } from '../core/suggest.js';
import { knownKeys } from '../generated/validate-manifest.js';
import type { ExtendsProblem, FileRule, ManifestRule } from '../core/rule.js';

export const jsonSyntax: FileRule = {
  id: 'json-syntax',
  severity: 'error',
  scope: 'file',
  description: 'The manifest must be strict JSON: no comments, no trailing commas.',
  check: ({ file, syntaxProblems }) =>
    syntaxProblems.map((problem) => ({
      pointer: '',
      ...say('jsonSyntax', { problem, maxNesting: MAX_NESTING }),
      location: { file: file.path, ...positionAt(file, problem.offset) },
    })),
};

export const duplicateKey: FileRule = {
  id: 'duplicate-key',
  severity: 'error',
  scope: 'file',
  description: 'No key may appear twice in one object.',
  check: ({ file }) =>
    duplicateKeys(file).map((d) => ({
      pointer: toPointer(d.path),
      ...say('duplicateKey', {
        key: d.name,
        firstLine: positionAt(file, d.firstOffset).line,
        firstColumn: positionAt(file, d.firstOffset).column,
      }),
      location: { file: file.path, ...positionAt(file, d.offset) },
    })),
};

export const schema: ManifestRule = {
  id: 'schema',
  severity: 'error',
  scope: 'manifest',
  description: 'Every value must have the shape Stripe documents.',
  check: (ctx) =>
    ctx.schemaIssues
      .filter((issue) => ownerOf(issue) === 'schema')
      .map((issue) => ({
        pointer: issue.pointer,
        ...describeSchemaIssue(issue, valueAt(ctx.document, issue.pointer)),
      })),
};

function describeSchemaIssue(issue: SchemaIssue, value: unknown): Said {
  const p = issue.params;
  switch (issue.keyword) {
    case 'type':
      return say('schemaType', { pointer: issue.pointer, expected: String(p['type']).split(','), actual: value });
    case 'required':
      return say('schemaRequired', { pointer: issue.pointer, property: String(p['missingProperty']) });
    case 'enum':
      return say('schemaEnum', {
        pointer: issue.pointer,
        value,
        allowed: (p['allowedValues'] as string[] | undefined) ?? [],
      });
    case 'minLength':
      return say('schemaMinLength', { pointer: issue.pointer });
    case 'pattern': {
      const field = fromPointer(issue.pointer).pop() ?? '';
      return say('schemaPattern', { pointer: issue.pointer, value, field, pattern: String(p['pattern']) });
    }
    default:
      return say('schemaOther', { pointer: issue.pointer, detail: `fails the schema's "${issue.keyword}" check` });
  }
}

function valueAt(root: unknown, pointer: string): unknown {
  let node = root;
  for (const s of fromPointer(pointer)) {
    if (node === null || typeof node !== 'object') return undefined;
    node = Object.hasOwn(node, s) ? (node as Record<string, unknown>)[s] : undefined;
  }
  return node;
}

export const unknownField: ManifestRule = {
  id: 'unknown-field',
  severity: 'warning',
  scope: 'manifest',
  description: "Keys that neither Stripe's docs nor the Stripe CLI use are probably mistakes.",
  check: (ctx) =>
    ctx.schemaIssues
      .filter((issue) => ownerOf(issue) === 'unknown-field')
      .map((issue) => {
        const key = String(issue.params['additionalProperty']);
        const suggestion = suggest(key, knownKeysAt(issue.pointer, ctx.kind), KEY_ALIASES);
        const pointer = issue.pointer + toPointer([key]);
        return {
          pointer,
          at: 'key' as const,
          ...say('unknownField', { key, parent: issue.pointer, suggestion: suggestion ?? null }),
          ...(suggestion ? { suggestion } : {}),
        };
      }),
};

/** Keys people write for one Stripe knows. */
const KEY_ALIASES: Record<string, string> = {
  ui_extensions: 'ui_extension',
  content_security_policy: 'ui_extension',
  csp: 'content_security_policy',
  connect_src: 'connect-src',
  image_src: 'image-src',
  redirect_uris: 'allowed_redirect_uris',
  access_type: 'stripe_api_access_type',
  distribution: 'distribution_type',
};

/** The keys rak-app's schema allows at a pointer, for did-you-mean on an unknown key. */
function knownKeysAt(pointer: string, kind: 'base' | 'local'): readonly string[] {
  const keys = knownKeys[pointer.replace(/\/\d+(?=\/|$)/g, '/*')] ?? [];
  return pointer === '' && kind === 'local' ? [...keys, 'extends'] : keys;
}

export const extendsRule: ManifestRule = {
  id: 'extends',
  severity: 'error',
  scope: 'manifest',
  description: 'A local manifest must extend an existing manifest, by a valid name, without loops.',
  check: ({ extendsProblem }) => (extendsProblem ? [describeExtendsProblem(extendsProblem)] : []),
};

function describeExtendsProblem(problem: ExtendsProblem): Report {
  switch (problem.kind) {
    case 'missing-field':
      return { pointer: '', ...say('extendsMissingField', {}) };
    case 'not-a-string':
      return { pointer: '/extends', ...say('extendsNotString', {}) };
    case 'misnamed':
      return { pointer: '/extends', ...say('extendsMisnamed', { value: problem.value }) };
    case 'not-found':
      return { pointer: '/extends', ...say('extendsNotFound', { value: problem.value, resolved: problem.resolved }) };
    case 'unreadable':
      return { pointer: '/extends', ...say('extendsUnreadable', { value: problem.value, resolved: problem.resolved }) };
    case 'loop':
      return { pointer: '/extends', ...say('extendsLoop', { chain: problem.chain }) };
    case 'base-invalid':
      return {
        pointer: '/extends',
        ...say('extendsBaseInvalid', { value: problem.value, resolved: problem.resolved }),
      };
  }
}
