import type { Report, Severity } from './finding.js';
import type { SchemaIssue } from './schema.js';
import type { SourceFile, SyntaxProblem } from './source-file.js';

/** Reads files beside the manifest (the icon, a view's source). Injected so rules stay pure. */
export interface FileAccess {
  readText(path: string): string | undefined;
  /** The first bytes of a file, or undefined when it does not exist or cannot be read. */
  readHead(path: string, bytes: number): Uint8Array | undefined;
}

/** Why a local manifest's base could not be merged. */
export type ExtendsProblem =
  | { kind: 'missing-field' }
  | { kind: 'not-a-string' }
  | { kind: 'misnamed'; value: string }
  | { kind: 'not-found'; value: string; resolved: string }
  | { kind: 'unreadable'; value: string; resolved: string }
  | { kind: 'loop'; chain: string[] }
  | { kind: 'base-invalid'; value: string; resolved: string };

export interface FileRuleContext {
  file: SourceFile;
  syntaxProblems: readonly SyntaxProblem[];
}

export interface ManifestRuleContext {
  /** The manifest as Stripe will see it: a local manifest merged over its base. */
  manifest: Record<string, unknown>;
  /** The same, as parsed: unlike `manifest`, it may be something other than an object. */
  document: unknown;
  /** 'local' for a stripe-app.<name>.json that extends another manifest. */
  kind: 'base' | 'local';
  /** False when a local manifest's base could not be loaded: whole-app rules then stay silent. */
  complete: boolean;
  /** Whether the value at a pointer comes from a local manifest rather than the base. */
  fromLocal(pointer: string): boolean;
  /** The folder of the base manifest, which paths in the manifest are relative to. */
  appDir: string;
  /**
   * The same folder as the user named it, from the current folder (`.` for it): for commands to
   * paste. Undefined when no folder holds the manifest as stripe-app.json (standard input, another
   * file name), where a command run on a folder would not find it.
   */
  appFolder: string | undefined;
  schemaIssues: readonly SchemaIssue[];
  extendsProblem: ExtendsProblem | undefined;
  files: FileAccess;
}

interface RuleBase {
  /** Stable id, kebab-case; also the name of its page in docs/rules/. */
  id: string;
  severity: Severity;
  /** One line for --help-like listings and SARIF. */
  description: string;
}

export interface FileRule extends RuleBase {
  scope: 'file';
  check(ctx: FileRuleContext): Report[];
}

export interface ManifestRule extends RuleBase {
  scope: 'manifest';
  check(ctx: ManifestRuleContext): Report[];
}

export type Rule = FileRule | ManifestRule;
