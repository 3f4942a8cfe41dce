/**
 * Compares what scanned code needs with what the manifest grants: missing permissions (errors, at
 * each call that needs them), unused ones (warnings, at the manifest entry), and what the scan could
 * not understand. The result has check's shape, so it shares check's reports and exit codes.
 */
import { PERMISSION_NAMES } from '../catalog/permissions.js';
import { scopePermission } from '../catalog/scopes.js';
import { say } from './messages.js';
import { suggest } from './suggest.js';
import { effectivePermissions } from '../catalog/api.js';
import type { CheckResult, Finding } from './finding.js';
import type { Need, ScanResult } from '../scan/index.js';

export interface GrantedPermission {
  name: string;
  file: string;
  line: number;
  column: number;
  pointer: string;
  /** Written as a bare name (`"customer_read"`), which Stripe does not accept: check reports its shape. */
  bare?: true;
}

export function comparePermissions(
  scan: ScanResult,
  granted: GrantedPermission[],
  manifestFile: string,
  scannedFiles: string[] = [],
): CheckResult {
  const effective = effectivePermissions(granted.map((g) => g.name));
  const findings: Finding[] = [];
  // Every permission a need names, and those missing, in the order first named: a loop over the
  // needs (23,895 in the scan bench's corpus) with no list made per need.
  const needed = new Set<string>();
  const missed = new Set<string>();
  for (const need of scan.needs) {
    for (const p of need.anyOf) needed.add(p);
    if (need.anyOf.some((p) => effective.has(p))) continue;
    const suggestion = need.anyOf[0];
    if (suggestion !== undefined) missed.add(suggestion);
    // The fields in the order a spread of say()'s would give them.
    const said = say('permissionMissing', { what: need.what, anyOf: need.anyOf, manifest: manifestFile });
    findings.push({
      ruleId: 'permission-missing',
      severity: 'error',
      pointer: '',
      file: need.file,
      line: need.line,
      column: need.column,
      suggestion,
      message: said.message,
      messageId: said.messageId,
      data: said.data,
    });
  }
  const missing = [...missed];
  const kept = keptGrants(scan.needs, granted);
  for (const g of granted) {
    if (kept.includes(g)) continue;
    // `customer_write` beside `customer_read`, for code that only reads: the grants that meet what it could.
    const couldMeet = [...effectivePermissions([g.name])].filter((p) => needed.has(p));
    const by = kept.filter((k) => couldMeet.some((p) => effectivePermissions([k.name]).has(p))).map((k) => k.name);
    // A misspelt grant (invoices_read) and the permission the code misses (invoice_read) are one
    // mistake: said so, rather than as an unused permission beside an unrelated missing one.
    // Copied from a 403 (`rak_customer_read`): the scope's permission, needed by the code or not.
    const known = PERMISSION_NAMES.includes(g.name);
    const scoped = known ? undefined : scopePermission(g.name);
    // A misspelt name in Stripe's words (rak_customers_read) is read without its prefix.
    const meant = known || scoped ? undefined : suggest(g.name.replace(/^rak_/i, ''), missing);
    findings.push({
      ruleId: 'permission-unused',
      severity: 'warning',
      pointer: g.pointer,
      file: g.file,
      line: g.line,
      column: g.column,
      ...(scoped
        ? { suggestion: scoped, ...say('permissionIsScope', { name: g.name, permission: scoped }) }
        : meant
          ? { suggestion: meant, ...say('permissionMisspelt', { name: g.name, meant }) }
          : by.length > 0
            ? say('permissionUnusedBeside', { name: g.name, by })
            : say('permissionUnused', { name: g.name })),
    });
  }
  for (const n of scan.notUnderstood) {
    findings.push({
      ruleId: 'scan-not-understood',
      // A warning: what scan could not resolve may be a permission every installed user lacks, so
      // --max-warnings 0 and --strict fail on it.
      severity: 'warning',
      pointer: '',
      file: n.file,
      line: n.line,
      column: n.column,
      ...say('scanNotUnderstood', { what: n.what, why: n.why }),
    });
  }
  for (const u of scan.unparsable) {
    findings.push({
      ruleId: 'scan-not-understood',
      severity: 'warning',
      pointer: '',
      file: u.file,
      line: u.line,
      column: u.column,
      ...say('scanUnreadable', { reason: u.message }),
    });
  }
  // Every file read is listed, with or without findings, so reports say what was checked.
  const byFile = new Map<string, Finding[]>([
    [manifestFile, []],
    ...scannedFiles.map((f): [string, Finding[]] => [f, []]),
  ]);
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (list) list.push(f);
    else byFile.set(f.file, [f]);
  }
  const files = [...byFile].map(([path, fs]) => ({
    path,
    findings: fs.sort((a, b) => a.line - b.line || a.column - b.column),
  }));
  return {
    files,
    errorCount: findings.filter((f) => f.severity === 'error').length,
    warningCount: findings.filter((f) => f.severity === 'warning').length,
    infoCount: findings.filter((f) => f.severity === 'info').length,
  };
}

/**
 * The grants the needs keep: each grant, broadest first, is dropped when the others still meet every
 * need they met with it. So `customer_write` beside `customer_read`, for code that only reads
 * customers, is dropped, and of two grants that each meet one need, one is kept.
 */
export function keptGrants(needs: readonly Need[], granted: readonly GrantedPermission[]): GrantedPermission[] {
  // Each set of alternatives once (the last list of each, in the order first met), and the
  // permissions needed alone, read in one pass with no list made per need.
  const byKey = new Map<string, readonly string[]>();
  const named = new Set<string>();
  for (const need of needs) {
    const anyOf = need.anyOf;
    byKey.set(anyOf.length === 1 ? anyOf[0]! : anyOf.join(' '), anyOf);
    if (anyOf.length === 1) named.add(anyOf[0]!);
  }
  const wanted = [...byKey.values()];
  const met = (grants: readonly GrantedPermission[]): number => {
    const effective = effectivePermissions(grants.map((g) => g.name));
    return wanted.filter((anyOf) => anyOf.some((p) => effective.has(p))).length;
  };
  const all = met(granted);
  // A grant a call needs by name, with no other permission that would do, is never dropped for
  // another that implies it (`payout_write` for `transfer_read`, whose "also implies" row covers
  // it); of alternatives (an event any of several permissions lets through), one may go.
  const breadth = new Map(granted.map((g, i) => [g, [effectivePermissions([g.name]).size, i] as const]));
  // Broadest first; of two equal, the later (a duplicate's second entry, the one reported).
  const order = [...granted].sort((a, b) => {
    const [x, i] = breadth.get(a)!;
    const [y, j] = breadth.get(b)!;
    return y - x || j - i;
  });
  let kept = [...granted];
  // A duplicate's second entry is no grant of its own.
  const twinKept = (g: GrantedPermission): boolean => kept.some((k) => k !== g && k.name === g.name);
  for (const g of order) {
    const without = kept.filter((k) => k !== g);
    if ((!named.has(g.name) || twinKept(g)) && met(without) === all) kept = without;
  }
  return kept;
}
