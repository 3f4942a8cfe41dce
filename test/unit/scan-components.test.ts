import { describe, expect, it } from 'vitest';
import { codeOf } from '../../src/scan/components.js';

/** The code's non-blank lines, each at its line and column: what the parser is given, where. */
const lines = (path: string, text: string) => {
  const { code, jsx } = codeOf(path, text);
  expect(code.length).toBe(text.length);
  return {
    jsx,
    lines: code
      .split('\n')
      .map((line, i) => [i + 1, line.length - line.trimStart().length + 1, line.trim()] as const)
      .filter(([, , line]) => line !== ''),
  };
};

describe("a component file's server script, at the file's own places", () => {
  it("an Astro page's frontmatter only; none without one", () => {
    const page = '---\nconst a = 1;\n---\n<p>{a}</p>\n<script>const b = 2;</script>\n';
    expect(lines('p.astro', page)).toEqual({ jsx: false, lines: [[2, 1, 'const a = 1;']] });
    expect(lines('q.astro', '<p>no frontmatter</p>\n').lines).toEqual([]);
    expect(lines('r.astro', '').lines).toEqual([]);
    expect(lines('s.astro', '---\r\nconst c = 3;\r\n---\r\n').lines).toEqual([[2, 1, 'const c = 3;']]);
  });

  it('Vue and Svelte <script> blocks, a > in an attribute, not data or commented out, JSX by lang', () => {
    const vue = [
      '<template><p :a="x > 1" /></template>',
      '<script setup lang="ts" generic="T extends Record<string, unknown>">const a = 1;</script>',
      '<!-- <script>const hidden = 1;</script> -->',
      '<script type="application/ld+json">{ "a": 1 }</script>',
      '<SCRIPT type="module">const b = 2;</script >',
    ].join('\n');
    expect(lines('c.vue', vue)).toEqual({
      jsx: false,
      lines: [
        [2, vue.split('\n')[1]!.indexOf('const') + 1, 'const a = 1;'],
        [5, 23, 'const b = 2;'],
      ],
    });
    expect(lines('d.svelte', '<script lang="tsx">const c = <p />;</script>').jsx).toBe(true);
    // An unclosed block is no block: nothing read, nothing thrown.
    expect(lines('e.vue', '<script>const d = 1;').lines).toEqual([]);
    // A comment's opener in code is code; data-type is no type; a script of another language is read.
    expect(lines('f.vue', "<script>const c = s.startsWith('<!--');</script>\n<!-- x -->").lines).toEqual([
      [1, 9, "const c = s.startsWith('<!--');"],
    ]);
    expect(lines('g.vue', '<script setup data-type="sfc">const e = 1;</script>').lines).toEqual([
      [1, 31, 'const e = 1;'],
    ]);
    expect(lines('h.vue', '<script type=text/babel>const f = 1;</script>').lines).toEqual([[1, 25, 'const f = 1;']]);
    // A comment never closed is none; a tag's quoted value holds no comment; a script of another language is not read.
    expect(lines('i.vue', '<p title="<!-- x">a</p>\n<script>const g = 1;</script>\n<!-- open').lines).toEqual([
      [2, 9, 'const g = 1;'],
    ]);
    expect(lines('j.vue', '<script type="text/markdown">stripe.refunds.create({})</script>').lines).toEqual([]);
    expect(lines('l.svelte', '<script lang="ts" type="text/ts">const h = 1;</script>').lines).toEqual([
      [1, 34, 'const h = 1;'],
    ]);
    expect(lines('m.vue', '<script type="application/x-javascript">const i = 1;</script>').lines).toEqual([
      [1, 41, 'const i = 1;'],
    ]);
    // An apostrophe in text, or a '<' that opens no tag, is no quoted value.
    const stray =
      "<template><p>{{ shown<total ? shown : total }} of what's left</p></template>\n<script setup>const j = 1;</script>";
    expect(lines('n.vue', stray).lines).toEqual([[2, 15, 'const j = 1;']]);
    // A double-quoted value may run over lines, and holds no comment and no script.
    const sample =
      '<textarea :placeholder="`a <!-- b\n c`" />\n<Code code="<script>\nd()\n</script>" />\n<script>const k = 1;</script>\n<!-- end -->';
    expect(lines('o.vue', sample).lines).toEqual([[6, 9, 'const k = 1;']]);
    // A stray quote in text opens no value.
    const quote = '<p>{a<b ? "x : y}</p>\n<script>const l = 1;</script>\n<p>12" monitor</p>';
    expect(lines('p.svelte', quote).lines).toEqual([[2, 9, 'const l = 1;']]);
    // Svelte's and Vue's attributes, spreads and bound values are a tag's, and so is what their values hold.
    const svelte =
      '<Button {...props} class:active={a === b} on:click={() => x} title="<!-- x">go</Button>\n<script>const m = 1;</script>\n<!-- end -->';
    expect(lines('q.svelte', svelte).lines).toEqual([[2, 9, 'const m = 1;']]);
    expect(lines('k.vue', '<script type="speculationrules">{ "a": [] }</script>').lines).toEqual([]);
  });

  it('any other file as it is', () => {
    expect(codeOf('a.ts', 'const a = 1;\n')).toEqual({ code: 'const a = 1;\n', jsx: false });
  });
});
