/**
 * `expand: ['customer', 'data.latest_invoice.payment_intent']`: each expanded object needs its own
 * permission. A field rak-app cannot place is reported, never dropped.
 */
import { EXPANDABLE, EXPANDABLE_IN } from '../catalog/api.js';
import type { ExpandOption, Need, NotUnderstood } from './types.js';

/** Path segments that walk into a list or a sub-object rather than name an expandable field. */
const TRAVERSED = new Set(['data', 'items', 'lines', 'line_items', 'sources', 'refunds.data']);

export function expansionNeeds(
  file: string,
  option: ExpandOption,
  what: string,
  resource: string,
): { needs: Need[]; notUnderstood: NotUnderstood[] } {
  const needs: Need[] = [];
  const notUnderstood: NotUnderstood[] = [];
  for (const c of option.computed)
    notUnderstood.push({
      file,
      ...c.at,
      what: `${what}({ expand })`,
      why: c.whole ? 'the expand list is not written out' : 'an expanded field is computed',
    });
  for (const field of option.fields) {
    const segments = field.value.split('.');
    segments.forEach((segment, i) => {
      const permission = EXPANDABLE_IN[resource]?.[segment] ?? EXPANDABLE[segment];
      if (permission) needs.push({ file, ...field.at, what: `${what} expanding ${segment}`, anyOf: [permission] });
      else if (i === segments.length - 1 && !TRAVERSED.has(segment))
        notUnderstood.push({
          file,
          ...field.at,
          what: `${what} expanding ${field.value}`,
          why: `rak-app does not know which permission reads an expanded "${segment}"`,
        });
    });
  }
  return { needs, notUnderstood };
}
