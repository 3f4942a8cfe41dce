/**
 * Planning `rak-app upload`: what it will upload, with which credentials, what becomes permanent,
 * and whether the ledger allows it. Decisions only; the command runs them.
 */
import { createHash } from 'node:crypto';
import { RAK_ACCESS_TYPE } from '../catalog/manifest.js';
import type { LedgerEntry } from './ledger.js';
import type { MessageId } from './messages.js';
import { mask } from './secrets.js';

/** Bumped when what the plan means changes, so old digests stop matching. */
export const PLAN_FORMAT = 'rak-app upload plan 2';

export const UPLOAD_ARGS = ['apps', 'upload'] as const;

export interface UploadPlan {
  appId: string;
  name: string;
  version: string;
  accessType: string;
  distribution: 'public' | 'private';
  permissions: string[];
  command: string;
  /** The Stripe CLI as the user can run it: `stripe`, or the path of the one rak-app uses. */
  stripe: string;
  credentials:
    | { kind: 'login'; profile: string; account: string }
    | { kind: 'api-key'; masked: string }
    | { kind: 'none' };
  /** In plain words, what this upload fixes for good. */
  permanent: string[];
  /** What `check` warns about in the manifest uploaded: uploaded all the same, and shown first. */
  warnings: PlanWarning[];
  /**
   * The permissions added and removed since the last upload the ledger recorded with its permissions
   * (undefined when there is none): every installed account must approve the added ones again.
   */
  permissionChanges?: { added: string[]; removed: string[]; since: string };
  /** sha256 over the plan format, the credentials Stripe will use and the manifest's bytes. */
  digest: string;
  firstUpload: boolean;
}

/**
 * The digest a user consents to: the manifest and who uploads it. A digest approved against one
 * account does not pass after a login to another, or with another API key.
 */
export function digestOf(manifestBytes: Uint8Array, credentials: string, shown: readonly string[] = []): string {
  return createHash('sha256')
    .update(`${PLAN_FORMAT}\n${credentials}\n${shown.join('\n')}\n`)
    .update(manifestBytes)
    .digest('hex');
}

/** A warning of `check` on the uploaded manifest, as the plan lists it. */
export interface PlanWarning {
  ruleId: string;
  messageId?: MessageId;
  message: string;
  line: number;
  column: number;
}

/** Who Stripe will take the upload from, as the digest covers it: a key by its hash, never itself. */
export function credentialsIdentity(
  apiKey: string | undefined,
  login: { profile: string; accountId: string } | undefined,
): string {
  if (apiKey) return `api-key ${createHash('sha256').update(apiKey).digest('hex')}`;
  if (login) return `login ${login.profile} ${login.accountId}`;
  return 'none';
}

export function planUpload(
  manifest: Record<string, unknown>,
  manifestBytes: Uint8Array,
  ledger: LedgerEntry[],
  credentials: UploadPlan['credentials'],
  identity: string,
  warnings: PlanWarning[] = [],
  /** The Stripe CLI as the user can run it (doctor's name for it). */
  stripe = 'stripe',
): UploadPlan {
  const str = (k: string, fallback: string): string =>
    typeof manifest[k] === 'string' ? (manifest[k] as string) : fallback;
  const appId = str('id', '');
  const accessType = str('stripe_api_access_type', 'platform');
  const distribution = manifest['distribution_type'] === 'public' ? 'public' : 'private';
  const permissions = Array.isArray(manifest['permissions'])
    ? (manifest['permissions'] as unknown[]).flatMap((p) =>
        p && typeof p === 'object' && typeof (p as Record<string, unknown>)['permission'] === 'string'
          ? [(p as Record<string, string>)['permission']!]
          : [],
      )
    : [];
  const firstUpload = !ledger.some((e) => e.appId === appId);
  const previous = [...ledger].reverse().find((e) => e.appId === appId && e.permissions !== undefined);
  const permissionChanges = previous?.permissions
    ? {
        added: permissions.filter((p) => !previous.permissions?.includes(p)),
        removed: previous.permissions.filter((p) => !permissions.includes(p)),
        since: previous.version,
      }
    : undefined;
  // Consent covers what the plan shows: the warnings and the permission change are in the digest.
  const shown = [
    ...warnings.map((w) => `${w.ruleId} ${w.line}:${w.column} ${w.message}`),
    ...(permissionChanges ? [`+${permissionChanges.added.join(',')} -${permissionChanges.removed.join(',')}`] : []),
  ];
  const permanent = [
    ...(accessType === RAK_ACCESS_TYPE
      ? [
          `The app ${appId} authenticates with restricted API keys for good: its method can never change after this upload.`,
        ]
      : []),
    ...(firstUpload ? [`The app id ${appId} is claimed, and Stripe creates the app's signing secret.`] : []),
    `Version ${str('version', '?')} is taken: an uploaded version can be neither changed nor uploaded again.`,
    ...(distribution === 'public' ? ["This is the account's one public app: no other app in it can be public."] : []),
    ...(permissionChanges && permissionChanges.added.length > 0
      ? [
          `Permissions added since version ${permissionChanges.since} (${permissionChanges.added.join(', ')}) must be approved again on every account that installed the app; until then its key is refused for them.`,
        ]
      : []),
  ];
  return {
    appId,
    name: str('name', ''),
    version: str('version', ''),
    accessType,
    distribution,
    permissions,
    command: `${stripe} ${UPLOAD_ARGS.join(' ')}`,
    stripe,
    credentials,
    permanent,
    warnings,
    ...(permissionChanges ? { permissionChanges } : {}),
    digest: digestOf(manifestBytes, identity, shown),
    firstUpload,
  };
}

export type LedgerVerdict =
  | { kind: 'allowed' }
  /** `changed`: the manifest is no longer the one uploaded as this version (a change never uploaded). */
  | { kind: 'duplicate'; entry: LedgerEntry; changed: boolean }
  | { kind: 'access-type-changed'; entry: LedgerEntry };

/**
 * What the ledger says of this upload: a version uploaded before, or a RAK app changing method.
 * `content` is the manifest's contentDigest(), to tell a re-run from a change made without a new version.
 */
export function judgeAgainstLedger(plan: UploadPlan, ledger: LedgerEntry[], content: string): LedgerVerdict {
  const mine = ledger.filter((e) => e.appId === plan.appId);
  const rak = mine.find((e) => e.accessType === RAK_ACCESS_TYPE);
  if (rak && plan.accessType !== RAK_ACCESS_TYPE) return { kind: 'access-type-changed', entry: rak };
  const same = mine.find((e) => e.version === plan.version);
  if (!same) return { kind: 'allowed' };
  // An entry written before contentDigest was recorded: what it holds of the manifest, compared.
  const changed =
    same.contentDigest !== undefined
      ? same.contentDigest !== content
      : same.accessType !== plan.accessType ||
        (same.permissions !== undefined && [...same.permissions].sort().join() !== [...plan.permissions].sort().join());
  return { kind: 'duplicate', entry: same, changed };
}

/**
 * A manifest's content as a digest: the same for the same manifest however the Stripe CLI left it
 * (manifestContent), unlike the plan's digest, which covers the bytes, the credentials and the warnings.
 */
export const contentDigest = (text: string): string => createHash('sha256').update(manifestContent(text)).digest('hex');

export function credentialsFor(
  apiKey: string | undefined,
  login: { profile: string; account: string } | undefined,
): UploadPlan['credentials'] {
  if (apiKey) return { kind: 'api-key', masked: mask(apiKey) };
  if (login) return { kind: 'login', ...login };
  return { kind: 'none' };
}

/**
 * Keys the Stripe CLI writes into manifests with nothing in them: `"extensions": null` on every run
 * (stripe-apps#1029), `"connect_permissions": null`, `"app_backend": {"webhooks": null}` (manifests
 * the CLI built, ../shared/reference §2.7).
 */
const CLI_WRITTEN = ['extensions', 'connect_permissions', 'app_backend'] as const;

/** null, an empty list, or an object holding only those (`{"webhooks": null}`). */
const isEmpty = (value: unknown): boolean =>
  value === null ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.values(value).every(isEmpty));

/**
 * The manifest's content as the Stripe CLI leaves it alone: keys sorted, and the keys it writes
 * with nothing in them dropped (CLI_WRITTEN), since the CLI re-sorts keys and writes them on its
 * runs. Two texts with the same content are the manifest the user consented to; anything else changed it.
 */
export function manifestContent(text: string): string {
  const sorted = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(sorted)
      : value !== null && typeof value === 'object'
        ? Object.fromEntries(
            Object.keys(value)
              .sort()
              .map((k) => [k, sorted((value as Record<string, unknown>)[k])]),
          )
        : value;
  const parsed = JSON.parse(text) as Record<string, unknown>;
  if (parsed !== null && typeof parsed === 'object')
    for (const key of CLI_WRITTEN) if (isEmpty(parsed[key])) delete parsed[key];
  return JSON.stringify(sorted(parsed));
}
