import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { SHARED } from './fixtures.js';

/** Stripe's published schema (from ../shared), compiled with ajv as the corpus README describes. */
export function officialValidators() {
  const dir = join(SHARED, 'reference', 'official-schema');
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema(JSON.parse(readFileSync(join(dir, 'stripe-app.schema.json'), 'utf8')));
  ajv.addSchema(JSON.parse(readFileSync(join(dir, 'stripe-app-local.schema.json'), 'utf8')));
  return {
    manifest: ajv.getSchema('https://stripe.com/stripe-app.schema.json')!,
    local: ajv.getSchema('https://stripe.com/stripe-app-local.schema.json')!,
  };
}
