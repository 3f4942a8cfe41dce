/** One copy of each name the scan keeps, shared by every file's summary. */

const interned = new Map<string, string>();
/**
 * One copy of each name across all files. A name the parser cut out of a file's text (or one joined
 * from such names) may keep the whole text alive; a long one is copied afresh before it is kept, so
 * the texts can go once parsed (V8 already copies any string it cuts or joins shorter than 13
 * characters). Short names are kept once too: files name the same things (`stripe`, `customers`),
 * and a summary holding the one copy keeps no string of its own through the young generation.
 */
export function intern(name: string): string {
  let kept = interned.get(name);
  if (kept === undefined) {
    kept = name.length < 13 ? name : [...name].join('');
    interned.set(kept, kept);
  }
  return kept;
}
