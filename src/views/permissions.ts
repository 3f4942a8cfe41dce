/** What `rak-app permissions list` and `explain` show: the catalog as a table, one permission in full. */
import type { Io } from '../adapters/io.js';
import { STRIPE_PACKAGE_VERSION } from '../catalog/endpoints.js';
import type { Explanation, NextStep, PermissionInfo } from '../core/explain.js';
import { asRunHere } from '../hints.js';
import { plural } from '../words.js';

/** One permission in full. */
export function formatPermission(p: PermissionInfo): string {
  return `${[
    p.name,
    `  status: ${p.status}${p.inOfficialSchema ? '' : ", missing from Stripe's published schema"}`,
    ...(p.caution ? [`  caution: ${p.caution}`] : []),
    `  API calls: ${p.resources.join(', ') || 'none'}`,
    ...(p.methods.length === 0
      ? []
      : [
          `  methods (${p.methods.length}, from ${sources(p.methods)}):`,
          ...p.methods.map((m) => `    ${m.verb.padEnd(6)} ${m.path}  ${m.call}${lastHad(m)}`),
        ]),
    `  events: ${p.events.join(', ') || 'none'}`,
    `  expands: ${p.expands.join(', ') || 'none'}`,
    `  implies: ${p.implies.join(', ') || 'nothing'}`,
  ].join('\n')}\n`;
}

/** What the input is and needs, the manifest's verdict, what to do, then the permission in full. */
export function formatExplanation(e: Explanation): string {
  const lines: string[] = [];
  const needs = e.permission === null ? 'no app permission allows it' : `it needs ${e.permission}`;
  switch (e.kind) {
    case 'stripe-error':
      lines.push(
        e.error?.kind === 'missing-permission'
          ? `Stripe refused the key${e.error.account ? ` on account ${e.error.account}` : ''}: it lacks the scope ${e.error.scope}` +
              (e.permission ? `, which is the app permission ${e.permission}.` : '.')
          : e.error?.kind === 'app-missing-permission'
            ? "Stripe refused the app's request."
            : 'Stripe refused the key.',
      );
      break;
    case 'scope':
      lines.push(
        e.permission
          ? `${e.scope?.scope} is Stripe's name for the app permission ${e.permission}.`
          : `${e.scope?.scope}: no app permission is known to grant it.`,
      );
      break;
    case 'call':
      lines.push(
        e.method
          ? `stripe.${e.method.call}()${lastHad(e.method)} is ${e.method.verb} ${e.method.path}: ${needs}.`
          : `${e.input.replace(/\(\)$/, '')}() sends no request to Stripe: ${needs}.`,
      );
      break;
    case 'event': {
      const anyOf = e.event?.anyOf ?? [];
      lines.push(
        anyOf.length === 0
          ? `The event ${e.event?.type}: no app permission is listed for it.`
          : anyOf.length === 1
            ? `The event ${e.event?.type} needs ${anyOf[0]}${anyOf[0] === 'event_read' ? ', as every webhook event does' : ', and event_read, which every webhook event needs'}.`
            : `The event ${e.event?.type} needs ${anyOf.join(' or ')} (any one of them), and event_read, which every webhook event needs.`,
      );
      break;
    }
    case 'endpoint':
      lines.push(`${e.method?.verb} ${e.method?.path} is stripe.${e.method?.call}()${lastHad(e.method)}: ${needs}.`);
      break;
    case 'permission':
      break;
  }
  if (e.reason) lines.push(e.reason);
  const read = e.event?.eventRead;
  if (read && e.permission !== 'event_read')
    lines.push(read.granted ? `${read.file} grants event_read.` : `${read.file} does not grant event_read.`);
  if (e.manifest) {
    const m = e.manifest;
    lines.push(
      m.how === 'listed'
        ? `${m.file} grants ${e.permission}.`
        : m.how === 'missing'
          ? `${m.file} does not grant ${e.permission}.`
          : m.how === 'bare'
            ? `${m.file} lists ${e.permission} as a bare name, which Stripe does not accept: it grants nothing.`
            : m.how === 'write-implies-read'
              ? `${m.file} grants ${e.permission} through ${m.grantedBy.join(', ')}: write includes read for restricted keys, which Stripe does not confirm for app keys.`
              : `${m.file} grants ${e.permission} through ${m.grantedBy.join(', ')} (Stripe's "also implies").`,
    );
  }
  const steps = e.next.map(formatStep);
  // A permission asked about: what it is first, then what to do about it.
  if (e.kind === 'permission' && e.details) {
    lines.push(formatPermission(e.details).trimEnd());
    if (steps.length > 0) lines.push('', ...steps);
    return `${lines.join('\n')}\n`;
  }
  lines.push(...steps);
  if (e.details) {
    if (lines.length > 0) lines.push('');
    if (e.kind === 'call' || e.kind === 'endpoint' || e.kind === 'event')
      lines.push(
        `${e.permission} covers ${plural(e.details.methods.length, 'method')}; \`rak-app permissions explain ${e.permission}\` lists them.`,
      );
    else lines.push(formatPermission(e.details).trimEnd());
  }
  return `${lines.join('\n')}\n`;
}

function formatStep(step: NextStep): string {
  switch (step.do) {
    case 'grant': {
      const when =
        step.when === 'manifest-lacks-it'
          ? `If the manifest lacks ${step.permission}, add it`
          : step.when === 'still-refused'
            ? `If Stripe still refuses the key after that, grant ${step.permission} itself`
            : 'Add it';
      return `${when}: ${step.command}, then upload a new version; each account must approve it, and its key must be made after that.`;
    }
    case 'reapprove': {
      const when =
        step.when === 'manifest-has-it'
          ? 'If the manifest has it already, the key'
          : step.when === 'stripe-refuses-it'
            ? 'If Stripe refuses it all the same, the key'
            : 'So the key';
      return `${when} or its approval is stale: the account's admin approves the app's latest permissions (Apps page, Review permissions), then generates a new key on the app's settings page (View API keys).`;
    }
    case 'nothing-grants-it':
      return 'No permission in the manifest can change that.';
    case 'write-out':
      return `Write it out at ${step.at} as { "permission": "${step.permission}", "purpose": "<why the app needs it>" }, as Stripe accepts it (\`rak-app check\` reports the shape), then upload a new version; each account must approve it.`;
    case 'look-up-scope':
      return `Look ${step.scope} up in Stripe's permission reference (https://docs.stripe.com/stripe-apps/reference/permissions) and grant the app permission it names; a newer rak-app may know it.`;
    case 'grant-what-the-view-calls':
      return 'Find the call the view made that was refused (`rak-app permissions explain <its endpoint>` names its permission), add that permission to the manifest, upload a new version, and have the account approve it.';
    case 'drop-stripe-account-header':
      return 'Send no Stripe-Account header (no stripeAccount option) with this key: call the account that made it.';
    case 'check-the-key':
      return "Paste the key again, whole, from the app's settings page (View API keys); generate a new one if it was revoked.";
    case 'new-key':
      return "Generate a new key on the app's settings page (View API keys) and paste it: an expired key cannot be used again.";
  }
}

/** Below this many columns for COVERS, a row takes two lines: name and status, then what it covers. */
const NARROWEST_COVERS = 40;
/** How many lines what a permission covers may take in the two-line layout, at the least. */
const COVERS_LINES = 2;
/**
 * About as much of what a permission covers as the wider layouts show: on a narrower terminal it
 * takes more lines, not less text (at 20 columns, two lines held "documented: calls:…").
 */
const COVERS_CHARACTERS = 120;
const coversLines = (width: number): number => Math.max(COVERS_LINES, Math.ceil(COVERS_CHARACTERS / width));

/** Text wrapped at spaces to lines of at most `width`, and cut with "…" after `lines` of them. */
export function wrapText(text: string, width: number, lines: number): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line !== '' && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === '' ? word : `${line} ${word}`;
  }
  out.push(line);
  const wrapped = out.flatMap((l) => (l.length > width ? [l.slice(0, width)] : [l]));
  if (wrapped.length <= lines) return wrapped;
  const last = wrapped[lines - 1] as string;
  return [...wrapped.slice(0, lines - 1), `${last.slice(0, width - 1)}…`];
}

/**
 * The catalog as a table: a permission a line, with its status and what it covers, cut to the
 * terminal's width (`COLUMNS`, else the terminal's, else 80 columns); on a terminal too narrow to
 * leave COVERS room, each permission takes more lines, what it covers wrapped under it. `explain`
 * shows one in full.
 */
export function formatPermissionTable(infos: readonly PermissionInfo[], io: Io): string {
  // COLUMNS when set (a shell that exports it, a user who chose), else the terminal's own width.
  const columns = io.env['COLUMNS'] ? Number(io.env['COLUMNS']) : (io.columns?.() ?? Number.NaN);
  const width = Number.isInteger(columns) && columns > 0 ? Math.max(columns, 20) : 80;
  const nameWidth = Math.max(...infos.map((p) => p.name.length));
  const statusWidth = Math.max(...infos.map((p) => p.status.length));
  const covers = (p: PermissionInfo): string =>
    [
      p.resources.length > 0 ? `calls: ${p.resources.join(', ')}` : '',
      p.events.length > 0 ? `events: ${p.events.join(', ')}` : '',
      p.expands.length > 0 ? `expands: ${p.expands.join(', ')}` : '',
      p.implies.length > 0 ? `implies: ${p.implies.join(', ')}` : '',
      p.inOfficialSchema ? '' : "not in Stripe's schema",
    ]
      .filter(Boolean)
      .join('; ') || '-';
  const room = width - nameWidth - statusWidth - 4;
  let head: string;
  let rows: string[];
  if (room >= NARROWEST_COVERS) {
    const cut = (text: string): string => (text.length > room ? `${text.slice(0, room - 1)}…` : text);
    head = `${'PERMISSION'.padEnd(nameWidth)}  ${'STATUS'.padEnd(statusWidth)}  COVERS`;
    rows = infos.map((p) => `${p.name.padEnd(nameWidth)}  ${p.status.padEnd(statusWidth)}  ${cut(covers(p))}`);
  } else if (nameWidth + 2 + statusWidth <= width) {
    const indent = '    ';
    head = `${'PERMISSION'.padEnd(nameWidth)}  STATUS\n${indent}COVERS`;
    rows = infos.flatMap((p) => [
      `${p.name.padEnd(nameWidth)}  ${p.status}`,
      ...wrapText(covers(p), width - indent.length, coversLines(width - indent.length)).map(
        (line) => `${indent}${line}`,
      ),
    ]);
  } else {
    // Narrower than a name and its status: the name alone (never cut: it is what one types), its
    // status leading what it covers.
    const indent = '    ';
    head = `PERMISSION\n${indent}STATUS: COVERS`;
    rows = infos.flatMap((p) => [
      p.name,
      ...wrapText(`${p.status}: ${covers(p)}`, width - indent.length, coversLines(width - indent.length)).map(
        (line) => `${indent}${line}`,
      ),
    ]);
  }
  // Named as it runs here before it is wrapped: `npx rak-app` named after would push it past the width.
  const closing = asRunHere(
    `${plural(infos.length, 'permission')}; \`rak-app permissions explain <name>\` shows one in full.`,
    () => io.invokedAs?.() ?? 'rak-app',
  );
  return `${[head, ...rows].join('\n')}\n\n${wrapText(closing, width, Number.POSITIVE_INFINITY).join('\n')}\n`;
}

/** Where a permission's methods come from: the installed stripe package, older releases, or both. */
function sources(methods: readonly { legacy?: string }[]): string {
  const older = methods.filter((m) => m.legacy).length;
  if (older === 0) return `stripe ${STRIPE_PACKAGE_VERSION}`;
  return older === methods.length
    ? 'older stripe-node releases'
    : `stripe ${STRIPE_PACKAGE_VERSION} and older releases`;
}

/** ` (stripe-node 11.18.0 and earlier)` after a method the installed stripe package no longer has. */
const lastHad = (method: { legacy?: string } | undefined): string =>
  method?.legacy ? ` (stripe-node ${method.legacy} and earlier)` : '';
