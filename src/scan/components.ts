/**
 * Component files whose script may run on the server, read for that script alone: an Astro page's
 * frontmatter, a Vue or Svelte component's `<script>` blocks. Everything else is blanked with its
 * line breaks kept, so that each line and column found is the file's own.
 */

const COMPONENT = /\.(astro|vue|svelte)$/;
/** An Astro page's frontmatter, from its first line: the page's server code (its `<script>` tags run in the browser). */
const FRONTMATTER = /^(\s*---[^\S\n]*\n)([\s\S]*?)\n---/;
/**
 * An HTML comment's start, a `<script>` tag with its attributes, or any other tag, passed over whole
 * when its attributes are attributes (`name`, `name="…"`, `:bound='…'`, `{...props}`, Svelte's
 * `on:click={() => go()}`): a value may hold `>`, `<!--`, `<script>` or a line break. Text with a
 * `<` in it (`{{ a<b ? "x" : y }}`, `what's left`) is no tag, and its quotes are none.
 */
const OPENING =
  /<!--|<script\b((?:[^>"']|"[^"]*"|'[^']*')*)>|<[a-z][\w:.-]*(?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|\{\{[^}]*\}\}|\{[^}]*\}|[^\s"'>]+))?)*\s*\/?>/gi;
const CLOSING = /<\/script\s*>/gi;
/** A script's `type`: one of code is read (`module`, `text/babel`); any other is data or another language. */
const TYPE = /(?:^|\s)type\s*=\s*["']?([^"'\s>]+)/i;
const CODE_TYPE = /^(module|((text|application)\/)?(x-)?(javascript|ecmascript|typescript|babel|jsx|tsx|js|ts))$/i;
const JSX_LANG = /(?:^|\s)lang\s*=\s*["']?(tsx|jsx)\b/i;

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
    // Markup read in order: a comment is passed over whole (a `<script>` in one is not read; one
    // never closed is no comment), and a script's code runs to its closing tag, whatever it holds
    // (`s.startsWith('<!--')`).
    for (let at = 0; ; ) {
      OPENING.lastIndex = at;
      const opening = OPENING.exec(text);
      if (!opening) break;
      const start = opening.index + opening[0].length;
      at = start;
      const comment = opening[0] === '<!--';
      const attributes = opening[1];
      if (!comment && attributes === undefined) continue;
      const closing = comment ? /-->/g : CLOSING;
      closing.lastIndex = start;
      const end = closing.exec(text);
      if (!end) continue;
      at = end.index + end[0].length;
      const type = attributes === undefined ? undefined : TYPE.exec(attributes)?.[1];
      if (comment || (type !== undefined && !CODE_TYPE.test(type))) continue;
      jsx ||= JSX_LANG.test(attributes!);
      parts.push([start, end.index]);
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
