/** The keys rak-app's schema allows at each level, for did-you-mean on an unknown key. */
import { buildManifestSchema } from '../catalog/manifest-schema.js';
import { fromPointer } from '../core/json-pointer.js';

type Schema = { properties?: Record<string, Schema>; items?: Schema };

let schema: Schema | undefined;

export function knownKeysAt(pointer: string, kind: 'base' | 'local'): readonly string[] {
  schema ??= buildManifestSchema() as Schema;
  let node: Schema | undefined = schema;
  for (const segment of fromPointer(pointer)) {
    node = /^\d+$/.test(segment) ? node?.items : node?.properties?.[segment];
  }
  const keys = Object.keys(node?.properties ?? {});
  return pointer === '' && kind === 'local' ? [...keys, 'extends'] : keys;
}
