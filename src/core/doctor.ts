/**
 * Whether this machine can build and upload a RAK app: decisions only, from facts the Stripe CLI
 * adapter gathered. Each check passes, warns or fails, and says how to fix what fails.
 */
import { GET_STRIPE_CLI } from './messages.js';
import { mask } from './secrets.js';
import { satisfies } from 'semver';
import { compareVersions } from './versions.js';
import { quoteForShell } from '../words.js';

export interface LocatedBinary {
  path: string;
  source: 'flag' | 'env' | 'path' | 'package';
}

export interface EnvironmentFacts {
  nodeVersion: string;
  /** The Node.js versions rak-app runs on: package.json's engines.node. */
  nodeRange: string;
  stripe: LocatedBinary | undefined;
  /** The Stripe CLI as a hint names it: `stripe`, or the path of one not on the user's PATH. */
  stripeCommand: string;
  stripeVersion: { version: string } | { error: string } | undefined;
  minimumStripeVersion: string;
  plugin: { version: string; folder: string } | undefined;
  /** Whether config.toml lists the apps plugin in installed_plugins (none: not); undefined when it cannot be read. */
  pluginListed: boolean | undefined;
  /**
   * Why the listed plugin could not start, when that can be told from disk: no metadata for it in
   * plugins.toml (the real CLI then says the plugin "is not currently available" and exits 0), or no
   * runnable stripe-cli-apps in its folder. Undefined when nothing says it cannot start.
   */
  pluginUnrunnable?: string;
  configFile: string;
  minimumPluginVersion: string;
  pluginsFolder: string;
  login:
    | {
        kind: 'found';
        profile: {
          name: string;
          file: string;
          accountId?: string;
          displayName?: string;
          testModeKeyExpiresAt?: string;
        };
      }
    /** `named`: the profile STRIPE_PROJECT_NAME names, which has no account (the CLI's `--project-name`). */
    | { kind: 'none'; file: string; named?: string }
    | { kind: 'unreadable'; file: string; detail: string };
  /** The value of STRIPE_API_KEY, if set. */
  apiKeyFromEnv: string | undefined;
  ci: { isCI: boolean; name: string | null };
  terminal: { stdin: boolean; stdout: boolean };
  /** Today, as YYYY-MM-DD, to tell an expired login. */
  today: string;
}

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'info';

export interface DoctorCheck {
  id: 'node' | 'stripe-cli' | 'apps-plugin' | 'login' | 'api-key-env' | 'environment';
  status: CheckStatus;
  summary: string;
  fix?: string;
  /** The commands the fix runs, each as the user can paste it. */
  run?: string[];
}

export interface DoctorReport {
  checks: DoctorCheck[];
  /** A check failed: `stripe apps` cannot run here. */
  blocking: boolean;
}

const SOURCES: Record<LocatedBinary['source'], string> = {
  flag: '--stripe',
  env: 'RAK_APP_STRIPE',
  path: 'PATH',
  package: 'the @stripe/cli package',
};

export function diagnose(facts: EnvironmentFacts): DoctorReport {
  const checks: DoctorCheck[] = [];
  checks.push(
    satisfies(facts.nodeVersion, facts.nodeRange)
      ? { id: 'node', status: 'pass', summary: `Node.js ${facts.nodeVersion}` }
      : {
          id: 'node',
          status: 'fail',
          summary: `Node.js ${facts.nodeVersion} is not one rak-app runs on (${facts.nodeRange})`,
          fix: `Install a Node.js ${facts.nodeRange}.`,
        },
  );

  if (!facts.stripe) {
    checks.push({
      id: 'stripe-cli',
      status: 'fail',
      summary:
        "Stripe CLI not found: none on PATH, and rak-app's optional @stripe/cli is not installed (an install with --omit=optional leaves it out)",
      fix: GET_STRIPE_CLI,
      run: ['npm install --save-dev @stripe/cli'],
    });
  } else if (!facts.stripeVersion || 'error' in facts.stripeVersion) {
    const why = facts.stripeVersion && 'error' in facts.stripeVersion ? facts.stripeVersion.error : 'no version';
    checks.push({
      id: 'stripe-cli',
      status: 'fail',
      summary: `Stripe CLI at ${facts.stripe.path} (from ${SOURCES[facts.stripe.source]}) does not run: ${why}`,
      fix: 'Reinstall the Stripe CLI, or point --stripe or RAK_APP_STRIPE at a working one.',
    });
  } else if (compareVersions(facts.stripeVersion.version, facts.minimumStripeVersion) < 0) {
    checks.push({
      id: 'stripe-cli',
      status: 'fail',
      summary: `Stripe CLI ${facts.stripeVersion.version} is older than ${facts.minimumStripeVersion}, the minimum for Stripe Apps`,
      fix: 'Upgrade the Stripe CLI (docs.stripe.com/stripe-cli/upgrade).',
    });
  } else {
    checks.push({
      id: 'stripe-cli',
      status: 'pass',
      summary: `Stripe CLI ${facts.stripeVersion.version} (${facts.stripe.path}, from ${SOURCES[facts.stripe.source]})`,
    });
  }

  // The Stripe CLI in the steps that follow: with none found, the one the step above installs, run
  // as `npx stripe`; with one that does not run, no step is given to run until it is mended.
  const stripe = facts.stripe ? facts.stripeCommand : 'npx stripe';
  const cliRuns = checks.at(-1)?.status === 'pass' || !facts.stripe;
  // What a fix's first step says: with no Stripe CLI yet, its steps follow the install above.
  const runIt = !facts.stripe
    ? 'Once the Stripe CLI above is installed, run'
    : cliRuns
      ? 'Run'
      : 'Once the Stripe CLI above runs, run';
  if (!facts.plugin) {
    checks.push({
      id: 'apps-plugin',
      status: 'fail',
      summary: `The Stripe CLI's apps plugin is not installed (looked in ${facts.pluginsFolder})`,
      fix: `${runIt} \`${stripe} login\`, then \`${stripe} plugin install apps\` (both need the internet).`,
      ...(cliRuns ? { run: [`${stripe} login`, `${stripe} plugin install apps`] } : {}),
    });
  } else if (
    facts.plugin.version !== 'local.build.dev' &&
    compareVersions(facts.plugin.version, facts.minimumPluginVersion) < 0
  ) {
    checks.push({
      id: 'apps-plugin',
      status: 'fail',
      summary: `apps plugin ${facts.plugin.version} is older than ${facts.minimumPluginVersion}, the first that knows restricted API keys`,
      fix: `${runIt} \`${stripe} plugin upgrade apps\`.`,
      ...(cliRuns ? { run: [`${stripe} plugin upgrade apps`] } : {}),
    });
  } else {
    if (facts.pluginListed === false) {
      checks.push({
        id: 'apps-plugin',
        status: 'fail',
        summary: `The apps plugin's files are in ${facts.plugin.folder}, but ${facts.configFile} does not list "apps" in installed_plugins, so the Stripe CLI would offer to install it`,
        fix: `${runIt} \`${stripe} plugin install apps\` (it needs the internet).`,
        ...(cliRuns ? { run: [`${stripe} plugin install apps`] } : {}),
      });
    } else if (facts.pluginListed === undefined) {
      // The Stripe CLI goes by config.toml's list: while it cannot be read, neither can that be told.
      checks.push({
        id: 'apps-plugin',
        status: 'warn',
        summary: `apps plugin ${facts.plugin.version}: whether ${facts.configFile} lists it in installed_plugins is not known while the file cannot be read`,
      });
    } else if (facts.pluginUnrunnable) {
      checks.push({
        id: 'apps-plugin',
        status: 'fail',
        summary: `The apps plugin ${facts.plugin.version} is listed as installed but cannot start: ${facts.pluginUnrunnable}`,
        fix: `${runIt} \`${stripe} plugin install apps\` again (it needs the internet).`,
        ...(cliRuns ? { run: [`${stripe} plugin install apps`] } : {}),
      });
    } else {
      checks.push({ id: 'apps-plugin', status: 'pass', summary: `apps plugin ${facts.plugin.version}` });
    }
  }

  // The Stripe CLI prefers STRIPE_API_KEY over any login, so with no login (or an expired one) the key
  // is the credentials every command uses: not a failure (docs/stripe-cli.md, the login).
  // Only a key the Stripe CLI takes can: a secret or restricted key of one mode, or another kind its
  // own check lets through (`rkcs_…`, `sk_org_…`: prefix sk, rk or rkcs, three parts), which it then
  // sends to Stripe (stripe-cli's validators/validate.go); a publishable key, or anything else, it refuses.
  const standardKey =
    facts.apiKeyFromEnv !== undefined && /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/.test(facts.apiKeyFromEnv);
  const otherKindCliTakes =
    !standardKey &&
    facts.apiKeyFromEnv !== undefined &&
    /^(sk|rk|rkcs)_[A-Za-z0-9]+_[A-Za-z0-9_]+$/.test(facts.apiKeyFromEnv) &&
    facts.apiKeyFromEnv.length >= 12;
  const keyStandsIn =
    facts.apiKeyFromEnv && (standardKey || otherKindCliTakes)
      ? `STRIPE_API_KEY (${mask(facts.apiKeyFromEnv)}) stands in for it, for every stripe command`
      : undefined;
  let loginUsable = false;
  if (facts.login.kind === 'found') {
    const p = facts.login.profile;
    const who = `${p.displayName ?? p.accountId} (profile "${p.name}")`;
    const expired = p.testModeKeyExpiresAt !== undefined && p.testModeKeyExpiresAt < facts.today;
    loginUsable = !expired;
    checks.push(
      expired && keyStandsIn
        ? {
            id: 'login',
            status: 'pass',
            summary: `Stripe login for ${who} expired on ${p.testModeKeyExpiresAt}; ${keyStandsIn}`,
          }
        : expired
          ? {
              id: 'login',
              status: 'fail',
              summary: `Stripe login for ${who} expired on ${p.testModeKeyExpiresAt}`,
              fix: `Run \`${stripe} login\` again (logins last 90 days).`,
              ...(cliRuns ? { run: [`${stripe} login`] } : {}),
            }
          : { id: 'login', status: 'pass', summary: `logged in to ${who}` },
    );
  } else if (facts.login.kind === 'unreadable') {
    checks.push({
      id: 'login',
      status: 'fail',
      summary: `${facts.login.file} cannot be read: ${facts.login.detail}`,
      fix: `Fix the file there, then run \`${stripe} login\` (removing it would lose its profiles and the plugins it lists).`,
    });
  } else {
    // The profile STRIPE_PROJECT_NAME names is the one the Stripe CLI uses, and the one to log in to.
    const named = facts.login.named;
    const where = named
      ? `no account for profile "${named}", which STRIPE_PROJECT_NAME names, in ${facts.login.file}`
      : `no account in ${facts.login.file}`;
    const login = named ? `${stripe} login --project-name=${quoteForShell(named)}` : `${stripe} login`;
    checks.push(
      keyStandsIn
        ? { id: 'login', status: 'pass', summary: `not logged in (${where}); ${keyStandsIn}` }
        : {
            id: 'login',
            status: 'fail',
            summary: `not logged in (${where})`,
            fix: `${runIt} \`${login}\` (it opens a browser once; the login lasts 90 days).`,
            ...(cliRuns ? { run: [login] } : {}),
          },
    );
  }

  if (facts.apiKeyFromEnv && otherKindCliTakes) {
    checks.push({
      id: 'api-key-env',
      status: 'warn',
      summary: `STRIPE_API_KEY is set (${mask(facts.apiKeyFromEnv)}), a kind of key the Stripe CLI takes, but not a secret or restricted key of one mode: whether Stripe accepts it for apps commands is not known; every stripe command uses it${loginUsable ? ', over your login' : ''}`,
      fix: 'Unless you mean it, unset it (`unset STRIPE_API_KEY`) or set it to a secret or restricted key (sk_test_…, rk_test_…).',
    });
  } else if (facts.apiKeyFromEnv && !loginUsable && keyStandsIn) {
    checks.push({
      id: 'api-key-env',
      status: 'pass',
      summary: `STRIPE_API_KEY is set (${mask(facts.apiKeyFromEnv)}): stripe uses it for every command, upload included`,
    });
  } else if (facts.apiKeyFromEnv && !keyStandsIn) {
    // The Stripe CLI takes it over any login, and Stripe refuses it for every command.
    checks.push({
      id: 'api-key-env',
      status: 'fail',
      summary: `STRIPE_API_KEY is set (${mask(facts.apiKeyFromEnv)}), but is no secret or restricted key (sk_…, rk_…): every stripe command would use it, and Stripe refuse it`,
      fix: 'Unset it (`unset STRIPE_API_KEY`), or set it to a secret or restricted key.',
    });
  } else if (facts.apiKeyFromEnv) {
    checks.push({
      id: 'api-key-env',
      status: 'warn',
      summary: `STRIPE_API_KEY is set (${mask(facts.apiKeyFromEnv)}): it silently overrides your login for every stripe command, upload included`,
      fix: 'Unset it unless you mean that account: `unset STRIPE_API_KEY`.',
    });
  } else {
    checks.push({ id: 'api-key-env', status: 'pass', summary: 'STRIPE_API_KEY is not set, so stripe uses your login' });
  }

  const where = facts.ci.isCI ? `CI (${facts.ci.name ?? 'detected from CI'})` : 'not CI';
  const tty =
    facts.terminal.stdin && facts.terminal.stdout
      ? 'a terminal: prompts can be answered'
      : 'no terminal: rak-app answers only what its flags allow';
  checks.push({ id: 'environment', status: 'info', summary: `${where}; ${tty}` });

  return { checks, blocking: checks.some((c) => c.status === 'fail') };
}
