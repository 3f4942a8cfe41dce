/** Finding Stripe credentials in text, and showing them without revealing them. */
import { SECRET_FORMATS } from '../catalog/manifest.js';

export interface SecretMatch {
  kind: string;
  /** Where the secret starts in the text searched. */
  index: number;
  masked: string;
  live: boolean;
}

/**
 * Any of the formats, tested first: matchAll() copies its pattern on every call, and nearly every
 * string a manifest holds contains no secret at all.
 */
const ANY_SECRET = new RegExp(SECRET_FORMATS.map((format) => format.pattern.source).join('|'));

export function findSecrets(text: string): SecretMatch[] {
  if (!ANY_SECRET.test(text)) return [];
  const matches: SecretMatch[] = [];
  for (const format of SECRET_FORMATS) {
    for (const m of text.matchAll(format.pattern)) {
      matches.push({ kind: format.kind, index: m.index ?? 0, masked: mask(m[0]), live: m[0].includes('_live_') });
    }
  }
  return matches.sort((a, b) => a.index - b.index);
}

/** `sk_live_51Hx…` becomes `sk_live_…9f3a`: the kind stays recognisable, the key does not. */
export function mask(secret: string): string {
  const format = SECRET_FORMATS.find((f) => f.prefix.test(secret));
  const prefix = format ? (secret.match(format.prefix)?.[0] ?? '') : '';
  // Four characters of a long key identify it without revealing it; a short value shows none.
  return secret.length - prefix.length >= 16 ? `${prefix}…${secret.slice(-4)}` : `${prefix}…`;
}

/** Every secret in a text replaced by its masked form: applied to all that rak-app prints. */
export function redactSecrets(text: string): string {
  let out = text;
  for (const format of SECRET_FORMATS) out = out.replace(format.pattern, (s) => mask(s));
  return out;
}
