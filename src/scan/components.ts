/**
 * Component files whose script may run on the server, read for that script alone: an Astro page's
 * frontmatter, a Vue or Svelte component's `<script>` blocks. Everything else is blanked with its
 * line breaks kept, so that each line and column found is the file's own.
 */

const COMPONENT = /\.(astro|vue|svelte)$/;
/** An Astro page's frontmatter, from its first line: the page's server code (its `<script>` tags run in the browser). */
const FRONTMATTER = /^(\s*---[^\S\n]*\n)([\s\S]*?)\n---/;
/** A `<script>` block: its attributes (quoted values may hold `>`), then its code. */
const SCRIPT = /<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>([\s\S]*?)<\/script\s*>/gi;
/** A `type` that is no script: `application/ld+json`, `text/template`. */
const TYPE = /\btype\s*=\s*["']?([^"'\s>]+)/i;
const SCRIPT_TYPES = /^(module|(text|application)\/(javascript|typescript|ecmascript)|ts|js)$/i;
const JSX_LANG = /\blang\s*=\s*["']?(tsx|jsx)\b/i;
/** HTML comments: a `<script>` in one is not read. */
const COMMENT = /<!--[\s\S]*?-->/g;

const blank = (text: string): string => text.replace(/[^\n]/g, ' ');

/**
 * The code of a file as the scan reads it, and whether it is written with JSX (a `<script
 * lang="tsx">`): a component file's server-side script, any other file as it is.
 */
export function codeOf(path: string, text: string): { code: string; jsx: boolean } {
  if (!COMPONENT.test(path)) return { code: text, jsx: false };
  const parts: [start: number, end: number][] = [];
  let jsx = false;
  if (path.endsWith('.astro')) {
    const front = FRONTMATTER.exec(text);
    if (front) parts.push([front[1]!.length, front[1]!.length + front[2]!.length]);
  } else {
    // Comments blanked first (same length), so that the blocks found are at the file's offsets.
    const markup = text.replace(COMMENT, blank);
    for (const script of markup.matchAll(SCRIPT)) {
      const attributes = script[1]!;
      const type = TYPE.exec(attributes)?.[1];
      if (type !== undefined && !SCRIPT_TYPES.test(type)) continue;
      jsx ||= JSX_LANG.test(attributes);
      const start = script.index + '<script'.length + attributes.length + '>'.length;
      parts.push([start, start + script[2]!.length]);
    }
  }
  let code = '';
  let at = 0;
  for (const [start, end] of parts) {
    code += blank(text.slice(at, start)) + text.slice(start, end);
    at = end;
  }
  return { code: code + blank(text.slice(at)), jsx };
}
