/**
 * `rak-app permissions scan`: reads backend code that uses the `stripe` npm package, with a real
 * parser, and finds the API calls made through a Stripe client (with their `expand` options) and the
 * webhook event types handled. What it cannot resolve is reported (not understood), never guessed.
 *
 * Each file is parsed and walked once into a summary (summarise.ts); the tree is then dropped. The
 * summaries are resolved across the module graph (module-graph.ts, values.ts) and turned into needs
 * and warnings (uses.ts).
 */
import { type ConfigText, createModuleResolver, normalisePath } from './module-graph.js';
import { codeOf } from './components.js';
import { parseSource } from './parse.js';
import { summarise } from './summarise.js';
import { type FileSummary, notUnderstood, type Ref, type ScanResult, type SourceText } from './types.js';
import { functionHome, type ModuleHomes } from './callee-home.js';
import { collectUses, type ImportHome, learnHandOffs } from './uses.js';
import { Values } from './values.js';
import { ReExports } from './re-exports.js';

export { CONFIG_NAMES, type ConfigText, missingConfigs } from './module-graph.js';
export type { Need, NotUnderstood, Position, ScanResult, SourceText } from './types.js';

const DECLARATION = /\.d\.[mc]?ts$/;

/**
 * Whether a package imported by a file depends on `stripe` (read from the installed package by the
 * command), whose classes and types may then be Stripe clients by other names: true; false, installed and neither it nor
 * its dependencies do; null, the workspace's own package, linked in and not seen to use stripe (its
 * classes are its own, but a function of it may be handed a Stripe client); undefined, not known.
 */
export type DependsOnStripe = (fromFile: string, specifier: string) => boolean | null | undefined;

/** Lines as an editor (and `wc -l`) counts them: a newline ends one; a last one without is one too. */
function linesOf(text: string): number {
  let lines = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) lines++;
  return text.length > 0 && !text.endsWith('\n') ? lines + 1 : lines;
}

/**
 * Parses and summarises one file, counted in `result`; undefined, and the parser's message kept, if
 * it cannot be parsed. A function of its own so that the tree is unreachable once it returns: held
 * in the scan loop's variable, each tree stayed alive through the next file's parse, and every
 * collection then copied it (on 100,000 lines of nested calls: 2.3 s and 201 MB against 4.7 s and
 * 385 MB).
 */
function summariseSource(source: SourceText, result: ScanResult): FileSummary | undefined {
  result.filesScanned++;
  try {
    const { code, jsx } = codeOf(source.path, source.text);
    result.linesScanned += linesOf(source.text);
    const file = parseSource(source.path, code, jsx);
    return summarise(source.path, file, code);
  } catch (error) {
    const e = error instanceof Error ? error : new Error(String(error));
    const loc = 'loc' in e && typeof e.loc === 'object' && e.loc ? e.loc : undefined;
    const line = loc && 'line' in loc && typeof loc.line === 'number' ? loc.line : 1;
    const column = loc && 'column' in loc && typeof loc.column === 'number' ? loc.column + 1 : 1;
    // Babel ends its message with its own place, its column counted from 0: the finding has the place.
    result.unparsable.push({ file: source.path, line, column, message: e.message.replace(/ \(\d+:\d+\)$/, '') });
    return undefined;
  }
}

export function scanSources(
  /** Read one at a time as the scan comes to each: a text is let go once its file is summarised. */
  sources: Iterable<SourceText>,
  configs: readonly ConfigText[] = [],
  dependsOnStripe: DependsOnStripe = () => undefined,
  /** Why a path the files import was left out of the search (a build folder, a .gitignore), if it was. */
  skippedAt: (path: string) => string | undefined = () => undefined,
  /**
   * Called each time the scan lets go of the values it worked out, after a round of hand-offs that
   * learnt something: a moment for the command to collect what that left behind.
   */
  letGo: () => void = () => undefined,
): ScanResult {
  const result: ScanResult = { needs: [], notUnderstood: [], unparsable: [], filesScanned: 0, linesScanned: 0 };
  const summaries = new Map<string, FileSummary>();
  const declarations: FileSummary[] = [];
  for (const source of sources) {
    const summary = summariseSource(source, result);
    if (!summary) continue;
    if (DECLARATION.test(source.path)) declarations.push(summary);
    else summaries.set(normalisePath(source.path), summary);
  }
  // A compiled package's types sit beside its JavaScript: `stripeClient: Stripe` in index.d.ts
  // types the same names in index.js.
  const typedKeys = new Set<string>();
  for (const declaration of declarations) {
    for (const key of declaration.typedKeys) typedKeys.add(key);
    const stem = normalisePath(declaration.path).replace(DECLARATION, '');
    const twin = ['.js', '.mjs', '.cjs'].map((e) => summaries.get(stem + e)).find((s) => s !== undefined);
    if (!twin) continue;
    for (const [key, refs] of declaration.bindings) {
      const types = refs.filter((r) => r.kind === 'type');
      if (types.length > 0) twin.bindings.set(key, [...(twin.bindings.get(key) ?? []), ...types]);
    }
  }

  const modules = createModuleResolver(new Set(summaries.keys()), configs);
  const values = new Values(
    (from, specifier) => modules.resolve(from.path, specifier),
    (path) => summaries.get(path),
    dependsOnStripe,
  );
  for (const summary of summaries.values()) for (const key of summary.typedKeys) typedKeys.add(key);
  for (const key of typedKeys) values.clientKeys.add(key);
  // Where a module's export is declared, through indexes that re-export it (`export { f } from './f'`,
  // `export *`, searched as Values searches them: each barrel once per name, a cycle cut short).
  const declaredAt = new ReExports<[FileSummary, string]>({
    fileOf: (file, specifier) => values.importedFile(file, specifier),
    lookup: (other, name, depth) => exportedBy(other, name, depth),
  });
  const exportedBy = (file: FileSummary, name: string, depth = 0): [FileSummary, string] | undefined => {
    if (depth > 20) return declaredAt.cutShort();
    const ref = file.exports.get(name);
    if (ref?.kind === 'name') return [file, ref.name];
    // `export default function isPaid(…)`: the function its name is given.
    if (ref?.kind === 'function')
      for (const declared of file.functions.keys())
        if (file.bindings.get(declared)?.includes(ref)) return [file, declared];
    if (ref?.kind === 'member' && ref.object.kind === 'require') {
      const next = values.importedFile(file, ref.object.specifier);
      return next && exportedBy(next, ref.name, depth + 1);
    }
    if (ref || name === '' || name === 'default') return undefined;
    return declaredAt.find(file, name, depth);
  };
  // `new Billing(stripe)` with Billing imported: the class is followed in its own file.
  const home: ImportHome = (file, local) => {
    const imported = file.imports.get(local);
    if (!imported) return undefined;
    const other = values.importedFile(file, imported.specifier);
    const ref = other?.exports.get(imported.imported === '*' ? '' : imported.imported);
    return other && ref?.kind === 'name' ? [other, ref.name] : undefined;
  };
  // A function an event's type is handed to, also through a package's index that re-exports it.
  const importedFunction: ImportHome = (file, local) => {
    const imported = file.imports.get(local);
    const other = imported && values.importedFile(file, imported.specifier);
    return other && exportedBy(other, imported.imported === '*' ? '' : imported.imported);
  };
  const homes: ModuleHomes = { importedFile: (file, specifier) => values.importedFile(file, specifier), exportedBy };
  const functionOf = (file: FileSummary, callee: Ref) => functionHome(file, callee, importedFunction, homes);
  // A client handed on may be handed on again: repeat until nothing new is learnt.
  for (let round = 0; round < 10 && learnHandOffs(values, summaries.values(), home); round++) {
    values.forget();
    letGo();
  }
  for (const summary of summaries.values()) collectUses(values, summary, result, home, functionOf);
  // An import of a file the search left out: what that file asks of Stripe is out of sight.
  for (const summary of summaries.values())
    for (const local of summary.localImports) {
      const why = modules.resolve(summary.path, local.specifier)
        ? undefined
        : modules
            .placesOf(summary.path, local.specifier)
            .map(skippedAt)
            .find((w) => w !== undefined);
      if (why)
        result.notUnderstood.push(
          notUnderstood(
            summary.path,
            local,
            `import '${local.specifier}'`,
            `it names a file the scan did not read (${why}): what that file asks of Stripe is not seen; pass its path to scan it too`,
          ),
        );
    }
  return result;
}
