/**
 * rak-app's JSON schemas for stripe-app.json and local manifests, built from the catalog so the
 * enums can never drift from the lint rules. `npm run build` writes them to schemas/ (for editors,
 * through `$schema`) and precompiles them; nothing compiles a schema at run time.
 */
import {
  ACCESS_TYPES,
  DISTRIBUTION_TYPES,
  EXTENDS_PATTERN,
  POST_INSTALL_ACTION_TYPES,
  VIEWPORT_NAMES,
} from './manifest.js';
import { PERMISSION_NAMES } from './permissions.js';

type Schema = Record<string, unknown>;

const DOCS = 'https://docs.stripe.com/stripe-apps';

const localizedText = (description: string, minLength: number): Schema => ({
  description: `${description} A string, or an object mapping locales to strings.`,
  type: ['string', 'object'],
  minLength,
  additionalProperties: { type: 'string' },
});

const urlList = (description: string): Schema => ({
  description,
  type: ['array', 'null'],
  items: { type: 'string' },
});

export function buildManifestSchema(): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'stripe-app.schema.json',
    title: 'Stripe App manifest (rak-app)',
    description:
      'stripe-app.json as Stripe documents it and as the Stripe CLI writes it. Written for rak-app; see docs/schema-differences.md for how it differs from the schema Stripe publishes.',
    type: 'object',
    required: ['id', 'version', 'name'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      id: {
        description:
          'The unique identifier of the app, for example "com.example.ledger-sync". Fixed by the first upload.',
        type: 'string',
        pattern: '^[a-zA-Z0-9_.-]+$',
      },
      version: { description: 'The app version; any format, semver recommended.', type: 'string', minLength: 1 },
      name: { description: 'The name shown to users.', type: 'string', minLength: 1 },
      icon: {
        description: 'Relative path to a 300x300 PNG, for example "./icon.png".',
        type: 'string',
        pattern: '^$|^\\./.+\\.png$',
      },
      distribution_type: { description: 'Defaults to "private".', type: 'string', enum: [...DISTRIBUTION_TYPES] },
      sandbox_install_compatible: { type: 'boolean' },
      stripe_api_access_type: {
        description: 'How the app calls the Stripe API; defaults to "platform". A RAK app uses "restricted_api_key".',
        type: 'string',
        enum: [...ACCESS_TYPES],
      },
      allowed_redirect_uris: urlList('Where users may be sent after an OAuth or install-link install.'),
      permissions: {
        description: `The permissions the app requests: ${DOCS}/reference/permissions`,
        type: ['array', 'null'],
        items: {
          type: 'object',
          required: ['permission', 'purpose'],
          additionalProperties: false,
          properties: {
            permission: { type: 'string', enum: [...PERMISSION_NAMES] },
            purpose: localizedText('Why the app needs the permission, shown to users at install.', 1),
            name: { description: 'An explanation for Stripe reviewers.', type: 'string' },
          },
        },
      },
      ui_extension: {
        type: ['object', 'null'],
        additionalProperties: false,
        properties: {
          views: {
            type: ['array', 'null'],
            items: {
              type: 'object',
              required: ['viewport', 'component'],
              additionalProperties: false,
              properties: {
                viewport: { type: 'string', enum: [...VIEWPORT_NAMES] },
                component: {
                  description: 'A React component exported from src/views.',
                  type: 'string',
                  pattern: '^[a-zA-Z0-9_]+$',
                },
              },
            },
          },
          content_security_policy: {
            type: ['object', 'null'],
            additionalProperties: false,
            properties: {
              'connect-src': urlList('HTTPS URLs with a path that views may call; a trailing "/" allows child paths.'),
              'image-src': urlList('HTTPS URLs the Img component may load from.'),
              purpose: localizedText('Why the app talks to these URLs, shown at install.', 0),
            },
          },
          // Written by older Stripe CLI versions.
          actions: { type: ['array', 'null'] },
        },
      },
      post_install_action: {
        type: ['object', 'null'],
        required: ['type'],
        additionalProperties: false,
        properties: {
          type: { type: 'string', enum: [...POST_INSTALL_ACTION_TYPES] },
          url: { type: 'string' },
        },
        if: { type: 'object', properties: { type: { const: 'external' } }, required: ['type'] },
        // biome-ignore lint/suspicious/noThenProperty: `then` is a JSON Schema keyword, not a thenable.
        then: { required: ['url'], properties: { url: { type: 'string', pattern: '^https?://.+' } } },
      },
      constants: { description: 'Values passed to views as environment.constants.', type: ['object', 'null'] },
      // The three keys below are written by the Stripe CLI itself.
      extensions: { type: ['array', 'null'] },
      connect_permissions: { type: ['array', 'null'] },
      app_backend: {
        type: ['object', 'null'],
        additionalProperties: false,
        properties: { webhooks: { type: ['array', 'null'] } },
      },
    },
  };
}

/** A local manifest (stripe-app.<name>.json): every field optional, plus `extends`. */
export function buildLocalManifestSchema(): Schema {
  const base = buildManifestSchema();
  const baseProperties = base['properties'] as Record<string, Schema>;
  const properties: Record<string, Schema> = {
    extends: {
      description: 'The manifest this one extends, for example "stripe-app.json".',
      type: 'string',
      pattern: EXTENDS_PATTERN,
    },
  };
  for (const key of Object.keys(baseProperties)) {
    properties[key] = { $ref: `stripe-app.schema.json#/properties/${key}` };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'stripe-app-local.schema.json',
    title: 'Stripe App local manifest (rak-app)',
    description: 'A local manifest for `stripe apps start --manifest`, merged over the manifest it extends.',
    type: 'object',
    required: ['extends'],
    additionalProperties: false,
    properties,
  };
}
