import { messages } from '../core/messages.js';
import { fromPointer } from '../core/json-pointer.js';
import { ownerOf, type SchemaIssue } from '../core/schema.js';
import type { ManifestRule } from './rule.js';

/** What a pattern means, for the fields whose pattern no other rule explains. */
const PATTERN_MEANINGS: Record<string, string> = {
  id: 'an app id may hold only letters, digits, "_", "-" and "."',
  component: 'a component name may hold only letters, digits and "_"',
  url: 'a post-install URL starts with https://',
};

export const schema: ManifestRule = {
  id: 'schema',
  severity: 'error',
  scope: 'manifest',
  description: 'Every value must have the shape Stripe documents.',
  check: (ctx) =>
    ctx.schemaIssues
      .filter((issue) => ownerOf(issue) === 'schema')
      .map((issue) => ({ pointer: issue.pointer, message: describe(issue, valueAt(ctx.manifest, issue.pointer)) })),
};

function describe(issue: SchemaIssue, value: unknown): string {
  const p = issue.params;
  switch (issue.keyword) {
    case 'type':
      return messages.schemaType(issue.pointer, String(p['type']).split(','), value);
    case 'required':
      return messages.schemaRequired(issue.pointer, String(p['missingProperty']));
    case 'enum':
      return messages.schemaEnum(issue.pointer, value, (p['allowedValues'] as string[] | undefined) ?? []);
    case 'minLength':
      return messages.schemaMinLength(issue.pointer);
    case 'pattern': {
      const field = fromPointer(issue.pointer).pop() ?? '';
      return messages.schemaPattern(issue.pointer, value, PATTERN_MEANINGS[field] ?? `it must match ${String(p['pattern'])}`);
    }
    default:
      return messages.schemaOther(issue.pointer, `fails the schema's "${issue.keyword}" check`);
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
