/**
 * Validation against rak-app's schemas, precompiled at build time, and the mapping of each schema
 * problem to the rule that reports it: an extra key is unknown-field, a missing purpose is
 * permission-purpose, and so on; what is left is `schema`. The compiled schema leaves out the
 * permission and viewport lists, which permission-unknown and viewport-unknown check themselves.
 */
import { validateManifest } from '../generated/validate-manifest.js';
import { EXTENDS_PATTERN } from '../catalog/manifest.js';

export interface SchemaIssue {
  keyword: string;
  /** Pointer of the value the problem is about. */
  pointer: string;
  schemaPath: string;
  params: Record<string, unknown>;
}

/**
 * Validates a manifest. A local manifest (schemas/stripe-app-local.schema.json) is the main schema
 * with nothing required at the top level and an `extends` string added; the main validator's errors
 * are adjusted accordingly, so only one validator is compiled and loaded.
 */
export function validateWithSchema(value: unknown, schema: 'manifest' | 'local'): SchemaIssue[] {
  if (validateManifest(value)) return [];
  const errors = validateManifest.errors ?? [];
  const wrongType = new Set(errors.filter((e) => e.keyword === 'type').map((e) => e.instancePath));
  const issues: SchemaIssue[] = errors
    // `if` only says that a `then` failed; the `then` error is the useful one.
    .filter((e) => e.keyword !== 'if')
    // A value of the wrong type is one problem: that it is not one of the allowed values follows.
    .filter((e) => !(e.keyword === 'enum' && wrongType.has(e.instancePath)))
    .map((e) => ({ keyword: e.keyword, pointer: e.instancePath, schemaPath: e.schemaPath, params: e.params }));
  if (schema === 'manifest') return issues;
  const local = issues.filter(
    (i) =>
      !(
        i.pointer === '' &&
        (i.keyword === 'required' ||
          (i.keyword === 'additionalProperties' && i.params['additionalProperty'] === 'extends'))
      ),
  );
  const record =
    typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  if (record && !Object.hasOwn(record, 'extends'))
    local.unshift({
      keyword: 'required',
      pointer: '',
      schemaPath: '#/required',
      params: { missingProperty: 'extends' },
    });
  else if (record && typeof record['extends'] !== 'string')
    local.push({
      keyword: 'type',
      pointer: '/extends',
      schemaPath: '#/properties/extends/type',
      params: { type: 'string' },
    });
  else if (record && !new RegExp(EXTENDS_PATTERN).test(record['extends'] as string)) {
    local.push({
      keyword: 'pattern',
      pointer: '/extends',
      schemaPath: '#/properties/extends/pattern',
      params: { pattern: EXTENDS_PATTERN },
    });
  }
  return local;
}

/** The rule that owns a schema problem. */
export function ownerOf(issue: SchemaIssue): string {
  const path = issue.pointer;
  const last = path.slice(path.lastIndexOf('/') + 1);
  // access-type reports every value but "restricted_api_key" itself, whatever its type.
  if (path === '/stripe_api_access_type') return 'access-type';
  switch (issue.keyword) {
    case 'additionalProperties':
      return 'unknown-field';
    case 'enum':
      // Permissions and viewports have no enum in the compiled schema: their rules check the catalog.
      return 'schema';
    case 'required':
      if (issue.params['missingProperty'] === 'purpose' && /^\/permissions\/\d+$/.test(path))
        return 'permission-purpose';
      if (issue.params['missingProperty'] === 'extends') return 'extends';
      return 'schema';
    case 'minLength':
      if (/^\/permissions\/\d+\/purpose$/.test(path)) return 'permission-purpose';
      return 'schema';
    case 'pattern':
      if (path === '/icon') return 'icon';
      if (path === '/extends') return 'extends';
      return 'schema';
    default:
      if (last === 'extends') return 'extends';
      return 'schema';
  }
}
