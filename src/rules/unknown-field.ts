import { messages } from '../core/messages.js';
import { ownerOf } from '../core/schema.js';
import { suggest } from '../core/suggest.js';
import type { ManifestRule } from './rule.js';
import { knownKeysAt } from './known-keys.js';

export const unknownField: ManifestRule = {
  id: 'unknown-field',
  severity: 'warning',
  scope: 'manifest',
  description: 'Keys that neither Stripe\'s docs nor the Stripe CLI use are probably mistakes.',
  check: (ctx) =>
    ctx.schemaIssues
      .filter((issue) => ownerOf(issue) === 'unknown-field')
      .map((issue) => {
        const key = String(issue.params['additionalProperty']);
        const suggestion = suggest(key, knownKeysAt(issue.pointer, ctx.kind), KEY_ALIASES);
        const pointer = `${issue.pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        return { pointer, at: 'key' as const, message: messages.unknownField(key, issue.pointer, suggestion), ...(suggestion ? { suggestion } : {}) };
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
