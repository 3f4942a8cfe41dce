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
  const otherwise = MAY_BE_OTHERWISE.test(text);
  const escaped = text.includes('%') && MAY_BE_ESCAPED.test(text);
  if (!otherwise && !escaped && !ANY_SECRET.test(text)) return [];
  const matches: SecretMatch[] = [];
  for (const format of SECRET_FORMATS) {
    for (const m of text.matchAll(format.pattern)) {
      matches.push({ kind: format.kind, index: m.index ?? 0, masked: mask(m[0]), live: m[0].includes('_live_') });
    }
  }
  if (otherwise)
    for (const m of text.matchAll(OTHERWISE)) {
      const found = writtenOtherwise(m[0]);
      if (found) matches.push({ ...found, index: m.index ?? 0, masked: maskOtherwise(m[0]) });
    }
  if (escaped)
    for (const m of text.matchAll(ESCAPED_CANDIDATE)) {
      const start = m.index ?? 0;
      const decoded = escapedKey(m[0]);
      // Found already as written (`sk%5Flive%5F…`): once each.
      if (!decoded || matches.some((found) => found.index >= start && found.index < start + m[0].length)) continue;
      const format = SECRET_FORMATS.find((f) => f.prefix.test(decoded));
      matches.push({
        kind: format?.kind ?? 'secret key',
        index: start,
        masked: maskEscaped(m[0]),
        live: /_live_/i.test(decoded),
      });
    }
  return matches.sort((a, b) => a.index - b.index);
}

/** `sk_live_51Hx…` becomes `sk_live_…9f3a`: the kind stays recognisable, the key does not. */
export function mask(secret: string): string {
  const format = SECRET_FORMATS.find((f) => f.prefix.test(secret));
  // A publishable or an ephemeral key is no secret format, but its kind is worth showing all the same.
  const prefix = format
    ? (secret.match(format.prefix)?.[0] ?? '')
    : (/^(?:pk|ek)_(?:test|live)_/.exec(secret)?.[0] ?? '');
  // Four characters of a long key identify it without revealing it; a short value shows none.
  return secret.length - prefix.length >= 16 ? `${prefix}…${secret.slice(-4)}` : `${prefix}…`;
}

/** Every format at once, for masking: the same patterns that find credentials. */
const REDACTED = new RegExp(SECRET_FORMATS.map((format) => format.pattern.source).join('|'), 'g');

/** The prefixes every format starts with: a text with none of them has nothing to mask. */
const ANY_PREFIX = /sk_|rk_|rkcs_|whsec_|absec_/;

/**
 * The same keys written otherwise: an underscore %-escaped (`sk%5Ftest%5F…`, `sk_live%5F…`), as an
 * encoder that escapes `_` writes them in a URL, or upper-cased (`SK_LIVE_…`): the letters and digits
 * would be printed whole.
 */
const OTHERWISE =
  /(?<![A-Za-z0-9_])(?:sk|rk)(?:_|%(?:25)*5F)+(?:test|live|prod|org)(?:_|%(?:25)*5F)+(?:[A-Za-z0-9]|_|%(?:25)*5F){20,}|(?<![A-Za-z0-9_])rkcs(?:_|%(?:25)*5F)+(?:[A-Za-z0-9]|_|%(?:25)*5F){20,}|(?<![A-Za-z0-9_])(?:whsec|absec)(?:_|%(?:25)*5F)+[A-Za-z0-9]{20,}/gi;
/** What a text written otherwise holds, if anything: a test before the search. */
const MAY_BE_OTHERWISE = /%(?:25)*5F|SK_|RK_|RKCS_|WHSEC_|ABSEC_/i;
const PREFIX_OTHERWISE = /^[a-z]+(?:_|%(?:25)*5F)+(?:(?:test|live|prod|org)(?:_|%(?:25)*5F)+)?/i;
const maskOtherwise = (secret: string): string => `${PREFIX_OTHERWISE.exec(secret)?.[0] ?? ''}…${secret.slice(-4)}`;

/** A key written otherwise, but not the plain form SECRET_FORMATS finds already. */
function writtenOtherwise(secret: string): { kind: string; live: boolean } | undefined {
  const prefix = PREFIX_OTHERWISE.exec(secret)?.[0] ?? '';
  const plain = prefix
    .replace(/%(?:25)*5F/gi, '_')
    .replace(/_+/g, '_')
    .toLowerCase();
  if (plain === prefix) return undefined;
  const kind = SECRET_FORMATS.find((f) => f.prefix.test(plain + secret.slice(prefix.length)))?.kind ?? 'secret key';
  return { kind, live: plain.includes('_live_') };
}

/**
 * A word with a %-escape of any character in it (`%73k_live_…`, `sk_l%69ve_…`, a key escaped
 * whole): decoded, it may be a key the patterns above do not see.
 */
// Words of key characters long enough to hold a key, each then looked at whole: a pattern that
// asks for the `%` inside the word would be tried again at every position of a long word.
const ESCAPED_CANDIDATE = /[A-Za-z0-9_%]{23,}/g;
const MAY_BE_ESCAPED = /%(?:25)*[0-9A-Fa-f]{2}/;

/** A text with its %-escapes decoded, escaped escapes (`%2573`) too. */
function decodeEscapes(text: string): string {
  let decoded = text;
  for (let round = 0; round < 4 && /%[0-9A-Fa-f]{2}/.test(decoded); round++)
    decoded = decoded.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return decoded;
}

/** An escaped word's decoding, when a key is in it and no pattern finds it as written. */
function escapedKey(word: string): string | undefined {
  // Escaped underscores alone (`sk%5Flive%5F…`) are the patterns above's, which keep them as written.
  if (!word.includes('%') || !MAY_BE_ESCAPED.test(word.replace(/%(?:25)*5F/gi, '_'))) return undefined;
  const decoded = decodeEscapes(word);
  if (decoded === word || !ANY_SECRET.test(decoded)) {
    OTHERWISE.lastIndex = 0;
    const found = decoded !== word && OTHERWISE.test(decoded);
    // A global pattern's test() leaves where it matched: findSecrets' next search would start there.
    OTHERWISE.lastIndex = 0;
    if (!found) return undefined;
  }
  return decoded;
}

/**
 * An escaped word holding a key, decoded and masked, then escaped again where it is not a word's
 * character: what surrounds the key reads as it was written, and a decoded control character never
 * reaches a terminal.
 */
function maskEscaped(word: string): string {
  const decoded = escapedKey(word);
  if (!decoded) return word;
  const masked = decoded.replace(REDACTED, (s) => mask(s)).replace(OTHERWISE, maskOtherwise);
  return masked.replace(/[^A-Za-z0-9_…]/g, (c) =>
    c.charCodeAt(0) < 0x100 ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}` : encodeURIComponent(c),
  );
}

/**
 * A terminal's control sequences (colour, erasing, the cursor's moves) between two characters of a
 * word (`sk_live_51Hab\u001b[22mcdef…`, `s\u001b[1mk_live_…`): a terminal shows the word whole, so
 * the masker reads it whole. A word that then holds a key is written masked, without them; any other
 * is left as it is, its colours with it.
 */
const CONTROL = String.raw`\u001b\[[0-?]*[ -/]*[@-~]`;
/** Every such sequence in a text (as Stripe's output is read, in src/adapters/stripe-cli.ts, too). */
export const CONTROL_SEQUENCES = new RegExp(CONTROL, 'g');
/**
 * Runs of a word's characters and control sequences, each as long as it goes: its two alternatives
 * start with different characters, so a run is found in one pass, never tried again from inside.
 */
const WORD_AND_CONTROLS = new RegExp(`(?:[A-Za-z0-9_%]|${CONTROL})+`, 'g');
const LEADING_CONTROLS = new RegExp(`^(?:${CONTROL})*`);
const TRAILING_CONTROLS = new RegExp(`(?:${CONTROL})*$`);

/** Every secret in a text replaced by its masked form: applied to all that rak-app writes. */
export function redactSecrets(text: string): string {
  if (!text.includes('\u001b[')) return redactWords(text);
  // Broken words first, read whole: masked as written, a key's part before a sequence would be
  // masked alone, and its rest shown.
  const joined = text.replace(WORD_AND_CONTROLS, (run) => {
    if (!run.includes('\u001b')) return run;
    const word = run.replace(CONTROL_SEQUENCES, '');
    const masked = redactWords(word);
    if (masked === word) return run;
    // The sequences around the word (its colour) are kept; those inside it go with the key.
    return `${LEADING_CONTROLS.exec(run)?.[0] ?? ''}${masked}${TRAILING_CONTROLS.exec(run)?.[0] ?? ''}`;
  });
  return redactWords(joined);
}

/** redactSecrets for words written whole. */
function redactWords(plain: string): string {
  // Escaped words first: a key with an escape past its twentieth character would otherwise be cut
  // by the plain pattern, and its rest be too short to be looked at.
  const escaped = plain.includes('%');
  // Every key prefix is also one MAY_BE_OTHERWISE finds (it ignores case): a text without a `%` that
  // it does not match holds no key, and is read once instead of twice.
  if (!escaped && !MAY_BE_OTHERWISE.test(plain)) return plain;
  let masked = escaped && MAY_BE_ESCAPED.test(plain) ? plain.replace(ESCAPED_CANDIDATE, maskEscaped) : plain;
  if (ANY_PREFIX.test(masked)) masked = masked.replace(REDACTED, (s) => mask(s));
  return MAY_BE_OTHERWISE.test(masked) ? masked.replace(OTHERWISE, maskOtherwise) : masked;
}

/** Characters a key is made of: a cut between two of them may be a cut through a key. */
const KEY_CHARACTER = /[A-Za-z0-9_%]/;

/**
 * A text's last `max` characters, for a message that quotes the end of something long. When the
 * cut falls inside a word, the rest of that word goes too: a key cut from its prefix is one the
 * masker no longer finds, and its rest would be printed whole.
 */
export function keepEnd(text: string, max: number): string {
  if (text.length <= max) return text;
  const end = text.slice(-max);
  return KEY_CHARACTER.test(text[text.length - max - 1]!) ? end.replace(/^[A-Za-z0-9_%]+/, '') : end;
}

/** A text's first `max` characters, less a word the cut falls inside: the start of a key is part of it. */
export function keepStart(text: string, max: number): string {
  if (text.length <= max) return text;
  const start = text.slice(0, max);
  return KEY_CHARACTER.test(text[max]!) ? start.replace(/[A-Za-z0-9_%]+$/, '') : start;
}

/** Every string in a value made of JSON's types (keys included) with its secrets masked. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [redactSecrets(k), redactValue(v)]));
  return value;
}

/** A key begun at the end of a text and not ended yet, or the start of one that may be. */
// Upper-cased or with its underscores %-escaped too (`SK_LIVE_…`, `sk%5Flive%5F…`), as the masker
// finds them. Not across a control sequence: these patterns are tried at each place a key's letter
// stands in a read, and sequences allowed between letters (cursor moves end in letters: `\u001b[1A`)
// made a read of them cost its length squared. A key broken by a sequence and cut by a read's end
// is therefore written as two pieces, as before; whole in one read, redactSecrets masks it.
const KEY_BEGUN = /(?:sk|rkcs|rk|whsec|absec)(?:_|%5F)(?:[A-Za-z0-9_]|%5F)*%?5?$/i;
const KEY_MAY_BEGIN = /(?:sk?|rk?|rkcs?|rkc|w|wh|whs|whse|whsec|a|ab|abs|abse|absec)%?5?$/i;
/**
 * A key's start as a read may cut it, for a word broken by control sequences (read whole, as
 * redactSecrets reads it): `sk_`/`rk_` only as far as a mode could follow (`sk_l`, `rk_test_…`,
 * never `disk_usage`), the other prefixes with anything after them; or a prefix itself cut short
 * (KEY_MAY_BEGIN), which counts only where the read ends inside the word, not after a whole sequence
 * (`assets\u001b[0m`).
 */
const SEP = '(?:_|%5F)';
const MODE_SO_FAR = '(?:t(?:e(?:st?)?)?|l(?:i(?:ve?)?)?|p(?:r(?:od?)?)?|o(?:rg?)?)';
const BROKEN_KEY_BEGUN = new RegExp(
  `(?:(?:sk|rk)${SEP}(?:${MODE_SO_FAR}|(?:test|live|prod|org)${SEP}(?:[A-Za-z0-9_]|%5F)*)|(?:rkcs|whsec|absec)${SEP}(?:[A-Za-z0-9_]|%5F)*)%?5?$`,
  'i',
);
/** A control sequence cut short, alone: what may end a read before its final letter comes. */
const PARTIAL_AT_END = /^\u001b(?:\[[0-?]*[ -/]*)?$/;
const ENDS_IN_CONTROL = new RegExp(`(?:${CONTROL})$`);

/**
 * Where the run of a word's characters and control sequences that ends a read begins, when a key
 * may begin in it and go on in the next read (`rk_test_51Hab\u001b[22m` | `cdef…`), or where a
 * sequence cut short ends the read (it shows nothing, and may be inside a key); else the text's
 * length. Only the read's last MAX_HELD characters are looked at, each once.
 */
function brokenKeyBegun(all: string): number {
  const from = Math.max(0, all.length - MAX_HELD);
  let tail = all.slice(from);
  const lastEscape = tail.lastIndexOf('\u001b');
  if (lastEscape < 0) return all.length;
  // A sequence cut short at the end is held, and the run before it looked at without it.
  const cutShort = PARTIAL_AT_END.test(tail.slice(lastEscape));
  if (cutShort) tail = tail.slice(0, lastEscape);
  let start = -1;
  let end = -1;
  for (const m of tail.matchAll(WORD_AND_CONTROLS)) {
    start = m.index;
    end = m.index + m[0].length;
  }
  const held = cutShort ? from + lastEscape : all.length;
  if (end !== tail.length) return held;
  const run = tail.slice(start, end);
  if (!cutShort && !run.includes('\u001b')) return all.length; // a plain word: KEY_BEGUN's
  const word = run.replace(CONTROL_SEQUENCES, '');
  const mayBe = BROKEN_KEY_BEGUN.test(word) || ((cutShort || !ENDS_IN_CONTROL.test(run)) && KEY_MAY_BEGIN.test(word));
  return mayBe ? from + start : held;
}
/** Where an escaped word at the end of a text begins, if decoded it begins a key (`%73k_li`). */
function escapedKeyBegun(text: string): number {
  // Searched back from the last `%`, not with a pattern anchored at the end: a pattern would be
  // tried at every position of a long output.
  const percent = text.lastIndexOf('%');
  if (percent < 0 || !/^[A-Za-z0-9_%]*$/.test(text.slice(percent + 1))) return text.length;
  let start = percent;
  while (start > 0 && KEY_CHARACTER.test(text[start - 1]!)) start--;
  const decoded = decodeEscapes(text.slice(start));
  // An escape cut short (`%`, `%7`, or `%25`, which decodes to one) may be a key's next letter:
  // held where nothing comes before it in the word, or what does may begin a key (`100%` is not held).
  const cut = /%[0-9A-Fa-f]?$/.exec(decoded);
  const before = cut ? decoded.slice(0, cut.index) : decoded;
  // What is still escaped in it (`%4%32`, an escape's digit escaped again) is read past.
  const plain = before.replace(/%[0-9A-Fa-f]{0,2}/g, '');
  const mayBeKey = KEY_BEGUN.test(plain) || KEY_MAY_BEGIN.test(plain);
  return mayBeKey || (cut !== null && before === '') ? start : text.length;
}

/** Past this, what is held back is written all the same (masked): no key is this long. */
const MAX_HELD = 4096;

/**
 * Masks text that arrives in pieces (a child's output, read from a pipe): a key split across two
 * pieces, or cut at the end of one, is held back until it ends, then written masked. Everything
 * else is written as it comes, so a prompt shows at once.
 */
export function streamMasker(write: (text: string) => void): { push(text: string): void; end(): void } {
  let held = '';
  return {
    push(text: string): void {
      const all = held + text;
      const from = Math.min(
        KEY_BEGUN.exec(all)?.index ?? KEY_MAY_BEGIN.exec(all)?.index ?? all.length,
        escapedKeyBegun(all),
        brokenKeyBegun(all),
      );
      const cut = all.length - from > MAX_HELD ? all.length : from;
      held = all.slice(cut);
      if (cut > 0) write(redactSecrets(all.slice(0, cut)));
    },
    end(): void {
      if (held) write(redactSecrets(held));
      held = '';
    },
  };
}
