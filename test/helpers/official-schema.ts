import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv from 'ajv';
import { ROOT, SHARED } from './fixtures.js';

/** A folder's stripe-app.schema.json and stripe-app-local.schema.json, compiled with ajv. */
function validators(dir: string, idPrefix: string) {
  const ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false });
  ajv.addSchema(JSON.parse(readFileSync(join(dir, 'stripe-app.schema.json'), 'utf8')));
  ajv.addSchema(JSON.parse(readFileSync(join(dir, 'stripe-app-local.schema.json'), 'utf8')));
  return {
    manifest: ajv.getSchema(`${idPrefix}stripe-app.schema.json`)!,
    local: ajv.getSchema(`${idPrefix}stripe-app-local.schema.json`)!,
  };
}

/** Stripe's published schema (from ../shared), compiled with ajv as the corpus README describes. */
export const officialValidators = () => validators(join(SHARED, 'reference', 'official-schema'), 'https://stripe.com/');

/** rak-app's published schemas, schemas/*.json, as an editor or another tool would use them. */
export const rakAppValidators = () => validators(join(ROOT, 'schemas'), '');
