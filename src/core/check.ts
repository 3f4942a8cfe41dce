/**
 * `rak-app check`: find the manifests, parse them strictly, merge local manifests over their base,
 * validate with the precompiled schema, run the rules, and return findings with file, line and column.
 */
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import type { Node } from './source-file.js';
import { BASE_MANIFEST_NAME, EXTENDS_PATTERN, LOCAL_MANIFEST_NAME } from '../catalog/manifest.js';
import type { ExtendsProblem, ManifestRuleContext, Rule } from './rule.js';
import type { CheckedFile, CheckResult, Finding, InputError, Report, Severity } from './finding.js';
import type { FileSystem } from './file-system.js';
import { validateWithSchema } from './schema.js';
import { redactSecrets, redactValue } from './secrets.js';
import {
  createSourceFile,
  displayPath,
  printable,
  findKeyNode,
  findNode,
  fromPointer,
  isObject,
  linkToNothing,
  parentPointer,
  positionAt,
  type SourceFile,
  type SyntaxProblem,
  toPointer,
} from './source-file.js';

export const STDIN_PATH = '-';
const STDIN_NAME = '<stdin>';

export interface CheckOptions {
  /** App folders or manifest files; '-' reads the manifest from `stdin`. */
  paths: string[];
  /** The folder paths are relative to. */
  cwd: string;
  /** The text read from standard input, when paths include '-'. */
  stdin?: string;
  /** Per-rule severity overrides; 'off' silences a rule. */
  ruleSeverity?: Readonly<Record<string, Severity | 'off'>>;
}

interface Loaded {
  /** Absolute path, or <stdin>. */
  id: string;
  /** The path shown to the user. */
  display: string;
  dir: string;
  file: SourceFile;
  problems: SyntaxProblem[];
  value: unknown;
}

/**
 * One manifest in a chain of `extends`, base first. Its parse tree is built only when a finding
 * needs a position.
 */
type Layer = Loaded;

const rootOf = (layer: Layer): Node | undefined => layer.file.root;

/** Checks the manifests `options` names with `rules` (src/rules/index.ts lists rak-app's own). */
export function check(options: CheckOptions, fs: FileSystem, rules: readonly Rule[]): CheckResult {
  const inputErrors: InputError[] = [];
  const targets = resolveTargets(options, fs, inputErrors);
  const cache = new Map<string, Loaded | ReadFailure>();
  const load = (id: string): Loaded | ReadFailure => {
    let entry = cache.get(id);
    if (!entry) {
      entry =
        id === STDIN_NAME ? parse(id, STDIN_NAME, options.cwd, options.stdin ?? '') : loadFile(id, options.cwd, fs);
      cache.set(id, entry);
    }
    return entry;
  };

  const collector = new Collector(options.ruleSeverity ?? {}, (path) =>
    isAbsolute(path) ? displayPath(path, options.cwd) : path,
  );
  const readable: Loaded[] = [];
  for (const target of targets) {
    const loaded = load(target);
    if ('reason' in loaded) {
      inputErrors.push({ path: loaded.display, message: loaded.detail });
      continue;
    }
    // With json-syntax below error, a file that is not JSON would pass: no other rule can read it.
    const syntax = options.ruleSeverity?.['json-syntax'];
    if (loaded.value === undefined && syntax !== undefined && syntax !== 'error') {
      inputErrors.push({
        path: loaded.display,
        message:
          syntax === 'off'
            ? 'cannot be checked: it is not JSON, and --rule json-syntax=off hides where.'
            : 'cannot be checked: it is not JSON (its syntax findings are above), so no other rule could read it.',
        hint: `Run without --rule json-syntax=${syntax} to see the syntax errors as errors.`,
      });
      if (syntax === 'off') continue;
    }
    readable.push(loaded);
    collector.addFile(loaded.display);
  }
  const chains: ChainCache = { bases: new Map(), merged: new Map() };
  for (const target of readable) checkManifest(target, load, fs, collector, chains, rules);
  const result = collector.result();
  return inputErrors.length > 0 ? { ...result, inputErrors } : result;
}

interface ReadFailure {
  display: string;
  reason: string;
  detail: string;
}

function loadFile(absolute: string, cwd: string, fs: FileSystem): Loaded | ReadFailure {
  const display = displayPath(absolute, cwd);
  const read = fs.readManifest(absolute);
  if (!read.ok) return { display, reason: read.reason, detail: read.detail };
  return parse(absolute, display, dirname(absolute), read.text);
}

function parse(id: string, display: string, dir: string, text: string): Loaded {
  const { file, problems, value } = createSourceFile(display, text);
  return { id, display, dir, file, problems, value };
}

/** Every manifest to check, as absolute paths (or <stdin>), each once, in the order given. */
function resolveTargets(options: CheckOptions, fs: FileSystem, inputErrors: InputError[]): string[] {
  const targets: string[] = [];
  const identities = new Set<string>();
  const add = (t: string): void => {
    const identity = t === STDIN_NAME ? t : fs.identity(t);
    if (identities.has(identity)) return;
    identities.add(identity);
    targets.push(t);
  };
  for (const given of options.paths) {
    if (given === STDIN_PATH) {
      add(STDIN_NAME);
      continue;
    }
    const absolute = resolve(options.cwd, given);
    const kind = fs.kind(absolute);
    if (kind === 'missing') {
      const leadsTo = fs.linkTarget?.(absolute);
      inputErrors.push({
        path: printable(given),
        message: leadsTo === undefined ? 'no such file or folder.' : `${linkToNothing(leadsTo)}.`,
        ...(leadsTo === undefined ? { hint: 'Pass an app folder (holding stripe-app.json) or a manifest file.' } : {}),
      });
      continue;
    }
    if (kind === 'directory') {
      const names = fs.listDir(absolute);
      if (!Array.isArray(names)) {
        inputErrors.push({ path: printable(given), message: `this folder cannot be read (${names.why}).` });
        continue;
      }
      const manifests = names
        .filter((n) => n === BASE_MANIFEST_NAME || LOCAL_MANIFEST_NAME.test(n))
        .sort((a, b) => (a === BASE_MANIFEST_NAME ? -1 : b === BASE_MANIFEST_NAME ? 1 : a < b ? -1 : 1));
      if (manifests.length === 0) {
        inputErrors.push({
          path: printable(given),
          message: `no ${BASE_MANIFEST_NAME} in this folder.`,
          hint: "Pass the app's folder, the one holding stripe-app.json (in a repository of several apps, each: apps/*/).",
        });
        continue;
      }
      for (const n of manifests) add(join(absolute, n));
    } else if (!/\.json$/i.test(absolute)) {
      // Most often a shell glob's catch (apps/* matching apps/README.md or .DS_Store), which would
      // otherwise fail as a manifest that is not JSON.
      inputErrors.push({
        path: printable(given),
        message: 'not a manifest, which is a .json file.',
        hint: 'Pass app folders (`rak-app check apps/*/` matches only folders) or manifest files.',
      });
    } else add(absolute);
  }
  return targets;
}

function checkManifest(
  target: Loaded,
  load: (id: string) => Loaded | ReadFailure,
  fs: FileSystem,
  collector: Collector,
  chains: ChainCache,
  rules: readonly Rule[],
): void {
  for (const rule of rules) {
    if (rule.scope !== 'file') continue;
    for (const report of rule.check({ file: target.file, syntaxProblems: target.problems }))
      collector.add(rule, report, () => ({ file: target.display, line: 1, column: 1 }));
  }
  if (target.problems.length > 0) return;

  const value = target.value;
  const isLocal = isObject(value) && (Object.hasOwn(value, 'extends') || LOCAL_MANIFEST_NAME.test(basename(target.id)));
  const layers: Layer[] = [target];
  let extendsProblem: ExtendsProblem | undefined;
  if (isLocal) {
    extendsProblem = resolveBases(target, load, layers, chains);
    if (extendsProblem === undefined) chains.bases.set(target.id, layers.slice(1));
  }
  layers.reverse(); // bottom (base) first
  const complete = !isLocal || extendsProblem === undefined;
  const merged = complete ? mergeLayers(layers, chains) : value;
  const forSchema = isObject(merged) ? withoutExtends(merged) : merged;
  const schemaIssues = validateWithSchema(forSchema, complete ? 'manifest' : 'local');

  const locate = (pointer: string, at: 'key' | 'value' = 'value'): { file: string; line: number; column: number } =>
    locatePointer(complete ? layers : [target], pointer, at);
  const ctx: ManifestRuleContext = {
    manifest: isObject(merged) ? merged : {},
    document: merged,
    kind: isLocal ? 'local' : 'base',
    complete,
    fromLocal: (pointer) => isLocal && (!complete || layerOf(layers, pointer) > 0),
    appDir: complete ? layers[0]!.dir : target.dir,
    appFolder: appFolderOf(target.id === STDIN_NAME ? undefined : complete ? layers[0]!.display : target.display),
    schemaIssues,
    extendsProblem,
    files: fs,
  };
  for (const rule of rules) {
    if (rule.scope !== 'manifest') continue;
    // A manifest that is not an object has only one problem worth reporting: its shape.
    if (!isObject(merged) && rule.id !== 'schema') continue;
    for (const report of rule.check(ctx)) collector.add(rule, report, () => locate(report.pointer, report.at));
  }
}

/**
 * What was worked out once per file, since every manifest of a chain of `extends` has the chains
 * below it in common: the layers below a local manifest (top first), and each layer merged over
 * those below it. Without them, a chain of 1,000 local manifests took 13 s.
 */
interface ChainCache {
  bases: Map<string, Layer[]>;
  merged: Map<string, unknown>;
}

/** The layers (base first) merged, each one over those below it, reusing what other chains merged. */
function mergeLayers(layers: Layer[], chains: ChainCache): unknown {
  let merged: unknown = {};
  for (const layer of layers) {
    const known = chains.merged.get(layer.id);
    merged = known ?? mergeManifests(merged, layer.value);
    if (known === undefined) chains.merged.set(layer.id, merged);
  }
  return merged;
}

/** Follows `extends` from a local manifest down to its base, pushing each layer; returns what broke. */
function resolveBases(
  target: Loaded,
  load: (id: string) => Loaded | ReadFailure,
  layers: Layer[],
  chains: ChainCache,
): ExtendsProblem | undefined {
  let current = target;
  const chain = [target.id];
  const seen = new Set(chain);
  // What the target's own "extends" says: a problem further down is reported there, as what it names.
  let named: string | undefined;
  for (;;) {
    const value = current.value as Record<string, unknown>;
    if (!Object.hasOwn(value, 'extends')) return current === target ? { kind: 'missing-field' } : undefined;
    const ext = value['extends'];
    if (typeof ext !== 'string') return { kind: 'not-a-string' };
    // A name Stripe does not take is reported as written, wherever in the chain it stands.
    if (!new RegExp(EXTENDS_PATTERN).test(ext)) return { kind: 'misnamed', value: ext };
    named ??= ext;
    const next = current.id === STDIN_NAME ? resolve(current.dir, ext) : resolve(dirname(current.id), ext);
    if (seen.has(next)) return { kind: 'loop', chain: [...chain, next].map((p) => basename(p)) };
    chain.push(next);
    seen.add(next);
    const loaded = load(next);
    if ('reason' in loaded) {
      return {
        kind: loaded.reason === 'not-found' ? 'not-found' : 'unreadable',
        value: named,
        resolved: loaded.display,
      };
    }
    if (loaded.problems.length > 0 || !isObject(loaded.value))
      return { kind: 'base-invalid', value: named, resolved: loaded.display };
    layers.push(loaded);
    // A base whose own chain was resolved already: the rest of the way down is known.
    const below = chains.bases.get(loaded.id);
    if (below) {
      layers.push(...below);
      return undefined;
    }
    current = loaded;
  }
}

/** A local manifest's values win; objects merge key by key; arrays and scalars are replaced. */
function mergeManifests(base: unknown, override: unknown): unknown {
  if (!isObject(base) || !isObject(override)) return override;
  const out: Record<string, unknown> = {};
  for (const source of [base, override]) {
    for (const key of Object.keys(source)) {
      const v =
        source === override && Object.hasOwn(base, key) ? mergeManifests(base[key], override[key]) : source[key];
      Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
  }
  return out;
}

function withoutExtends(manifest: Record<string, unknown>): Record<string, unknown> {
  if (!Object.hasOwn(manifest, 'extends')) return manifest;
  const copy = { ...manifest };
  delete copy['extends'];
  return copy;
}

/**
 * The layer a pointer's value comes from: the top-most layer that has it, unless a higher layer
 * replaced one of its ancestors with a non-object. -1 when no layer has it.
 */
function layerOf(layers: Layer[], pointer: string): number {
  const segments = fromPointer(pointer);
  for (let i = layers.length - 1; i >= 0; i--) {
    if (findNode(rootOf(layers[i]!), pointer)) return i;
    // If this layer replaced an ancestor, lower layers cannot supply the value.
    for (let depth = 0; depth < segments.length; depth++) {
      const ancestor = findNode(rootOf(layers[i]!), toPointer(segments.slice(0, depth)));
      if (ancestor && depth > 0 && ancestor.type !== 'object') return -1;
    }
  }
  return -1;
}

function locatePointer(
  layers: Layer[],
  pointer: string,
  at: 'key' | 'value',
): { file: string; line: number; column: number } {
  // The manifest as a whole (a top-level key missing): the base, as any omission is.
  if (pointer === '') return { file: layers[0]!.display, line: 1, column: 1 };
  let p = pointer;
  for (;;) {
    const index = layerOf(layers, p);
    // Something missing is reported where its closest container is, in the lowest layer that has it
    // (the base), so an inherited omission is reported once, at the base.
    const layerIndex = index >= 0 && p !== pointer ? layers.findIndex((l) => findNode(rootOf(l), p)) : index;
    if (layerIndex >= 0) {
      const layer = layers[layerIndex]!;
      const node =
        (p === pointer && at === 'key' ? findKeyNode(rootOf(layer), p) : undefined) ?? findNode(rootOf(layer), p)!;
      return { file: layer.display, ...positionAt(layer.file, node.offset) };
    }
    if (p === '') {
      const layer = layers[0]!;
      return { file: layer.display, line: 1, column: 1 };
    }
    p = parentPointer(p);
  }
}

/**
 * Turns reports into findings: severity, redaction (a key name can be a secret, so pointers are
 * masked too), de-duplication, grouping by file.
 */
class Collector {
  private readonly files = new Map<string, Finding[]>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly overrides: Readonly<Record<string, Severity | 'off'>>,
    /** How a file outside the manifests (a view's source) is named: like the manifests, from cwd. */
    private readonly display: (path: string) => string,
  ) {}

  addFile(path: string): void {
    if (!this.files.has(path)) this.files.set(path, []);
  }

  add(rule: Rule, report: Report, locate: () => { file: string; line: number; column: number }): void {
    const override = this.overrides[rule.id];
    if (override === 'off') return;
    const where = report.location ? { ...report.location, file: this.display(report.location.file) } : locate();
    const finding: Finding = {
      ruleId: rule.id,
      severity: override ?? report.severity ?? rule.severity,
      message: redactSecrets(report.message),
      pointer: redactSecrets(report.pointer),
      file: where.file,
      line: where.line,
      column: where.column,
      ...(report.suggestion !== undefined ? { suggestion: redactSecrets(report.suggestion) } : {}),
      // The data holds what the manifest holds, a key used as a field name included: masked too.
      ...(report.messageId !== undefined ? { messageId: report.messageId, data: redactData(report.data ?? {}) } : {}),
    };
    const key = [finding.file, finding.line, finding.column, finding.ruleId, finding.message].join('\0');
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.addFile(finding.file);
    this.files.get(finding.file)!.push(finding);
  }

  result(): CheckResult {
    const files: CheckedFile[] = [...this.files].map(([path, findings]) => ({
      path,
      findings: findings.sort((a, b) => a.line - b.line || a.column - b.column),
    }));
    const all = files.flatMap((f) => f.findings);
    return {
      files,
      errorCount: all.filter((f) => f.severity === 'error').length,
      warningCount: all.filter((f) => f.severity === 'warning').length,
      infoCount: all.filter((f) => f.severity === 'info').length,
    };
  }
}

function redactData(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, redactValue(value)]));
}

/** The folder a command given an app folder finds this manifest in: only where it is stripe-app.json. */
const appFolderOf = (display: string | undefined): string | undefined =>
  display !== undefined && basename(display) === BASE_MANIFEST_NAME ? dirname(display) : undefined;
