import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/fixtures.js';

const SRC = join(ROOT, 'src');

interface Import {
  /** The importing file and the imported one, relative to src/ (.ts). */
  from: string;
  to: string;
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? sourceFiles(join(dir, entry.name))
      : entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')
        ? [join(dir, entry.name)]
        : [],
  );
}

/** Every import of one of rak-app's own files: static, type-only, re-export and import(). */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8');
  const found: Import[] = [];
  const patterns = [
    /^\s*(import|export)\s+(type\s+)?[^'";]*?\sfrom\s+'(\.{1,2}\/[^']+)'/gm,
    /\bimport\(\s*'(\.{1,2}\/[^']+)'\s*\)/g,
  ];
  for (const match of text.matchAll(patterns[0]!)) {
    found.push({ from: file, to: resolve(dirname(file), match[3]!), typeOnly: match[2] !== undefined });
  }
  for (const match of text.matchAll(patterns[1]!))
    found.push({ from: file, to: resolve(dirname(file), match[1]!), typeOnly: false });
  return found
    .map((i) => ({ ...i, to: i.to.replace(/\.js$/, '.ts') }))
    .filter((i) => !i.to.includes(`${join('src', 'generated')}`))
    .map((i) => ({ ...i, from: relative(SRC, i.from), to: relative(SRC, i.to) }));
}

const imports = sourceFiles(SRC).flatMap(importsOf);

describe("the source's structure", () => {
  it('reads the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(50);
    expect(imports).toContainEqual({ from: 'cli.ts', to: 'commands/check.ts', typeOnly: false });
    expect(imports).toContainEqual({ from: 'commands/check.ts', to: 'command.ts', typeOnly: true });
  });

  it('has no file-level import circle, type-only imports included', () => {
    const graph = new Map<string, string[]>();
    for (const i of imports) graph.set(i.from, [...(graph.get(i.from) ?? []), i.to]);
    const circles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (file: string, path: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'open') {
        circles.push([...path.slice(path.indexOf(file)), file].join(' -> '));
        return;
      }
      state.set(file, 'open');
      for (const next of graph.get(file) ?? []) visit(next, [...path, file]);
      state.set(file, 'done');
    };
    for (const file of graph.keys()) visit(file, []);
    expect(circles).toEqual([]);
  });

  it('the layers run one way: core/ imports nothing from rules/ (the checker is given the rules)', () => {
    const fromCore = imports.filter((i) => i.from.startsWith('core/') && i.to.startsWith('rules/'));
    expect(fromCore).toEqual([]);
  });

  it('core/, rules/, catalog/ and scan/ use no adapter, command or the command line', () => {
    const outward = imports.filter(
      (i) => /^(core|rules|catalog|scan)\//.test(i.from) && /^(adapters|commands)\/|^cli\.ts$|^command\.ts$/.test(i.to),
    );
    expect(outward).toEqual([]);
  });

  it('formatters/ and views/ import no command: a command hands them data and writes what they return', () => {
    const upward = imports.filter(
      (i) => /^(formatters|views)\//.test(i.from) && /^commands\/|^cli\.ts$|^command\.ts$/.test(i.to),
    );
    expect(upward).toEqual([]);
  });

  it('a report format is a file of its own, and only the painter loads chalk', () => {
    const formatters = readdirSync(join(SRC, 'formatters')).sort();
    expect(formatters).toEqual(['github.ts', 'index.ts', 'json.ts', 'rule-docs.ts', 'sarif.ts', 'stylish.ts']);
    const withChalk = sourceFiles(SRC)
      .filter((file) => /['"]chalk['"]/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(SRC, file));
    expect(withChalk).toEqual(['adapters/painter.ts']);
  });

  it('scan/ reads no file and starts nothing: the command hands it the texts', () => {
    for (const file of sourceFiles(join(SRC, 'scan'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(ROOT, file)).not.toMatch(/from '(node:)?(fs|fs\/promises|child_process|worker_threads)'/);
      expect(text, relative(ROOT, file)).not.toMatch(/\bprocess\./);
    }
  });

  it('scan/ is typed against @babel/types: files under 400 lines, at most 20 casts in all', () => {
    let casts = 0;
    for (const file of sourceFiles(join(SRC, 'scan'))) {
      const text = readFileSync(file, 'utf8');
      expect(text.split('\n').length, relative(ROOT, file)).toBeLessThan(400);
      expect(text, relative(ROOT, file)).not.toMatch(/Record<string, unknown>\s*&|&\s*Record<string, unknown>/);
      casts += (text.match(/\)? as (?!const\b)[A-Z{(]/g) ?? []).length;
    }
    expect(casts).toBeLessThanOrEqual(20);
  });

  it('commands read and write files only through the files adapter, and run stripe only through its adapter', () => {
    for (const file of sourceFiles(join(SRC, 'commands'))) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(ROOT, file)).not.toMatch(/from '(node:)?fs(\/promises)?'/);
      expect(text, relative(ROOT, file)).not.toMatch(/from '(execa|node:child_process)'/);
    }
  });

  it('no command imports another command: what commands share lives outside src/commands/', () => {
    // A command's subcommands sit in a folder named after it (commands/permissions/trace.ts).
    const commandOf = (file: string): string | undefined => /^commands\/([^/.]+)/.exec(file)?.[1];
    const across = imports.filter(
      (i) => commandOf(i.from) !== undefined && commandOf(i.to) !== undefined && commandOf(i.from) !== commandOf(i.to),
    );
    expect(across).toEqual([]);
  });

  it('src/commands/ holds commands only: each file there is one the command line lists', () => {
    const listed = [
      ...readFileSync(join(SRC, 'cli.ts'), 'utf8').matchAll(/import\('\.\/commands\/([\w-]+)\.js'\)/g),
    ].map((m) => m[1]);
    const files = readdirSync(join(SRC, 'commands'))
      .filter((name) => name.endsWith('.ts'))
      .map((name) => name.replace(/\.ts$/, ''));
    expect(files.sort()).toEqual([...listed].sort());
  });
});
