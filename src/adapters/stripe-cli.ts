/**
 * The Stripe CLI: the only module that runs `stripe`. It finds the binary, reads its version, finds
 * the `apps` plugin and the login profile on disk (without the network and without Stripe's own
 * install or login prompts), and runs commands with argv arrays, watching for the prompts that
 * would hang a job without a terminal. Every failure is a typed outcome, never a throw.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, sep } from 'node:path';
import { compareVersions } from '../core/versions.js';
import { MAX_MANIFEST_BYTES, readTextFile } from './files.js';
import { CONTROL_SEQUENCES, keepEnd, keepStart, streamMasker } from '../core/secrets.js';
import { PASSES_SIGNAL_ON, STOP_SIGNALS, type StopSignal } from '../signals.js';
import { isExecutableFile } from './stripe-locate.js';
import { quoteForShell } from '../words.js';

export {
  type LocatedStripe,
  locateStripe,
  type StripeSetup,
  stripeCommandFor,
} from './stripe-locate.js';
import type { StripeOutcome } from '../core/stripe-outcome.js';

/** The oldest Stripe CLI whose `stripe apps create` Stripe's current docs describe. */
export const MINIMUM_STRIPE_VERSION = '1.25.0';
/** The oldest apps plugin that knows restricted API keys (docs.stripe.com/stripe-apps/plugins/rak). */
export const MINIMUM_APPS_PLUGIN_VERSION = '1.5.12';

/**
 * execa, loaded when a stripe is run. Its cleanup hooks (signal-exit) catch SIGXFSZ and raise it
 * again when no one else listens, and that signal kills: a write over a file-size limit would end
 * rak-app mid-write instead of failing with EFBIG, which rak-app reports (node itself ignores the
 * signal). A listener of rak-app's own keeps it ignored.
 */
async function loadExeca(): Promise<typeof import('execa')> {
  if (!process.listeners('SIGXFSZ').includes(ignoreSignal)) process.on('SIGXFSZ', ignoreSignal);
  return import('execa');
}
const ignoreSignal = (): void => undefined;

const VERSION_TIMEOUT_MS = 15_000;

/** Stops a process group; one already gone is no failure. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing left to stop.
  }
}

/** `stripe --version` prints `stripe version 1.52.0` (unlike `stripe version`, it skips the update check). */
export async function readStripeVersion(
  path: string,
  env: NodeJS.ProcessEnv,
): Promise<{ version: string } | { error: string }> {
  // A path that is no program: said plainly, rather than as spawn's EACCES or ENOENT.
  const stats = path.includes('/') || path.includes(sep) ? statSync(path, { throwIfNoEntry: false }) : undefined;
  if (stats?.isDirectory()) return { error: 'a folder, not a program' };
  if (stats && !isExecutableFile(path)) return { error: 'not executable (chmod +x it)' };
  const { execa } = await loadExeca();
  // A group of its own (not on Windows), so that a wrapper's child (asdf's, volta's shims) holding
  // the output open is stopped with it at the deadline; else the output would never end.
  const group = process.platform !== 'win32';
  const subprocess = execa(path, ['--version'], {
    env,
    extendEnv: false,
    reject: false,
    timeout: VERSION_TIMEOUT_MS,
    stdin: 'ignore',
    detached: group,
  });
  // A group of its own is out of reach of a terminal's Ctrl-C, and of execa's clean-up: a run that
  // ends before it (at a signal) stops it, rather than leave a hung wrapper behind.
  const orphaned = (): void => {
    if (group && subprocess.pid !== undefined) killGroup(subprocess.pid);
  };
  const stop = (): void => {
    orphaned();
    subprocess.stdout?.destroy();
    subprocess.stderr?.destroy();
  };
  process.once('exit', orphaned);
  const deadline = setTimeout(stop, VERSION_TIMEOUT_MS);
  // Once it has exited, what it printed is all there is: a child left holding the output is stopped.
  let drained: NodeJS.Timeout | undefined;
  subprocess.once('exit', () => {
    drained = setTimeout(stop, DRAIN_AFTER_EXIT_MS);
  });
  const result = await subprocess.finally(() => {
    clearTimeout(deadline);
    clearTimeout(drained);
    process.off('exit', orphaned);
  });
  if (result.failed && result.exitCode === undefined) {
    if (result.timedOut)
      return { error: `\`--version\` gave no answer in ${VERSION_TIMEOUT_MS / 1000} s (it hangs, or waits for input)` };
    if (result.code !== 'ENOENT') return { error: result.shortMessage ?? 'could not run' };
    // `--stripe mystripe`: a name without a folder is looked up on PATH, as a shell does.
    const bare = !path.includes('/') && !path.includes(sep);
    return { error: bare ? `not found on PATH (for one in the current folder, write ./${path})` : 'not found' };
  }
  const match = /version\s+v?(\d+\.\d+\.\d+\S*)/i.exec(`${result.stdout}\n${result.stderr}`);
  if (match?.[1]) return { version: match[1] };
  const said = keepStart((result.stderr || result.stdout).trim().split('\n')[0] ?? '', 200);
  return {
    error: result.exitCode
      ? `exited with code ${result.exitCode}${said ? `: ${said}` : ''}`
      : `printed no version${said ? `: ${said}` : ''}`,
  };
}

/** The Stripe CLI's config folder: $XDG_CONFIG_HOME/stripe, else ~/.config/stripe. */
export function stripeConfigFolder(env: NodeJS.ProcessEnv): string {
  return join(env['XDG_CONFIG_HOME'] || join(env['HOME'] || homedir(), '.config'), 'stripe');
}

export interface InstalledPlugin {
  version: string;
  folder: string;
}

/** The newest installed `apps` plugin: plugins/apps/<version>/ under $STRIPE_PLUGINS_PATH or the config folder. */
export function findAppsPlugin(env: NodeJS.ProcessEnv): InstalledPlugin | undefined {
  const root = env['STRIPE_PLUGINS_PATH'] || join(stripeConfigFolder(env), 'plugins');
  const dir = join(root, 'apps');
  let versions: string[];
  try {
    versions = readdirSync(dir).filter((v) => {
      try {
        return statSync(join(dir, v)).isDirectory();
      } catch {
        return false;
      }
    });
  } catch {
    return undefined;
  }
  // A local development build is named local.build.dev; it counts as installed, newest of all.
  const sorted = versions.sort((a, b) =>
    a === 'local.build.dev' ? 1 : b === 'local.build.dev' ? -1 : compareVersions(a, b),
  );
  const version = sorted[sorted.length - 1];
  return version ? { version, folder: join(dir, version) } : undefined;
}

/**
 * Why the installed apps plugin could not start, as far as the disk tells: the Stripe CLI runs a
 * plugin from the metadata it caches in plugins.toml (without an "apps" entry it says the plugin "is
 * not currently available" and exits 0), and runs the binary stripe-cli-apps in its version folder.
 */
export async function whyPluginCannotStart(
  env: NodeJS.ProcessEnv,
  plugin: InstalledPlugin,
): Promise<string | undefined> {
  const binary = join(plugin.folder, 'stripe-cli-apps');
  if (!isExecutableFile(binary)) return `${binary} is missing or not executable`;
  const file = join(stripeConfigFolder(env), 'plugins.toml');
  const read = readTextFile(file, MAX_MANIFEST_BYTES);
  if (!read.ok)
    return `${file} ${read.reason === 'not-found' ? 'does not exist' : read.detail.replace('{what}', 'a config file')}, so the Stripe CLI has no metadata for it`;
  try {
    const { parse } = await import('smol-toml');
    const plugins = (parse(read.text) as { Plugin?: unknown })['Plugin'];
    const listed =
      Array.isArray(plugins) &&
      plugins.some(
        (p) => typeof p === 'object' && p !== null && (p as Record<string, unknown>)['Shortname'] === 'apps',
      );
    return listed ? undefined : `${file} has no [[Plugin]] entry for "apps", so the Stripe CLI has no metadata for it`;
  } catch {
    return `${file} is not valid TOML, so the Stripe CLI has no metadata for it`;
  }
}

export interface LoginProfile {
  /** The profile's name: STRIPE_PROJECT_NAME, else `project-name` in config.toml, else "default". */
  name: string;
  /** Where the profile was read. */
  file: string;
  /** Set by `stripe login`: a profile with an account id is logged in. */
  accountId?: string;
  displayName?: string;
  /** When the login's test-mode key stops working (logins last 90 days). */
  testModeKeyExpiresAt?: string;
}

export type LoginLookup =
  | { kind: 'found'; profile: LoginProfile }
  /** `named`: the profile STRIPE_PROJECT_NAME names, which has no account. */
  | { kind: 'none'; file: string; named?: string }
  | { kind: 'unreadable'; file: string; detail: string };

/**
 * The plugins config.toml lists as installed (`installed_plugins`), which is what the Stripe CLI
 * goes by: a plugin's folder alone does not make `stripe apps` run it (it offers to install it
 * instead). None when there is no config.toml (a login writes it, listing none); undefined when
 * one cannot be read.
 */
export async function readInstalledPlugins(env: NodeJS.ProcessEnv): Promise<string[] | undefined> {
  try {
    const { parse } = await import('smol-toml');
    const file = join(stripeConfigFolder(env), 'config.toml');
    const read = readTextFile(file, MAX_MANIFEST_BYTES);
    if (!read.ok) return existsSync(file) ? undefined : [];
    const config = parse(read.text) as Record<string, unknown>;
    const listed = config['installed_plugins'];
    return Array.isArray(listed) ? listed.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return undefined;
  }
}

/** The login profile in config.toml, read without running `stripe` (which would prompt to log in). */
export async function readLoginProfile(env: NodeJS.ProcessEnv): Promise<LoginLookup> {
  const file = join(stripeConfigFolder(env), 'config.toml');
  // Regular files only: a FIFO named config.toml would block the read for ever.
  const read = readTextFile(file, MAX_MANIFEST_BYTES);
  if (!read.ok)
    return read.reason === 'not-found' ? { kind: 'none', file } : { kind: 'unreadable', file, detail: read.detail };
  const text = read.text;
  let config: Record<string, unknown>;
  try {
    const { parse } = await import('smol-toml');
    config = parse(text) as Record<string, unknown>;
  } catch (e) {
    // smol-toml's error says where: named file:line:column, as rak-app names a place in a file.
    const at = e as Error & { line?: unknown; column?: unknown };
    const place = typeof at.line === 'number' && typeof at.column === 'number' ? `:${at.line}:${at.column}` : '';
    return { kind: 'unreadable', file: `${file}${place}`, detail: at.message.split('\n')[0] ?? 'not TOML' };
  }
  // As the Stripe CLI picks it: STRIPE_PROJECT_NAME over config.toml's `project-name` (its settings
  // are read from the environment first, the real CLI 1.52.0 shown to use that profile's key).
  const name =
    env['STRIPE_PROJECT_NAME'] ||
    (typeof config['project-name'] === 'string' && config['project-name'] ? config['project-name'] : 'default');
  const none = env['STRIPE_PROJECT_NAME']
    ? { kind: 'none' as const, file, named: name }
    : { kind: 'none' as const, file };
  const table = config[name];
  if (typeof table !== 'object' || table === null) return none;
  const t = table as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof t[k] === 'string' && t[k] ? (t[k] as string) : undefined);
  const accountId = str('account_id');
  if (!accountId) return none;
  const displayName = str('display_name');
  const expires = str('test_mode_key_expires_at');
  return {
    kind: 'found',
    profile: {
      name,
      file,
      accountId,
      ...(displayName ? { displayName } : {}),
      ...(expires ? { testModeKeyExpiresAt: expires } : {}),
    },
  };
}

export type { StripeOutcome } from '../core/stripe-outcome.js';

/** A prompt rak-app may answer for the user when there is no terminal. */
export interface PromptAnswer {
  /** What it is, for messages. */
  label: string;
  /** Matched against the text of the pending prompt (the output since the last newline). */
  prompt: RegExp;
  /** The answer, or a function that decides it when the prompt comes. */
  answer: string | (() => string);
  /**
   * The answer once the run is ending (rak-app stopped it, or passed a signal on), when Stripe, slow
   * to stop, still asks: a question that goes on to something irreversible is refused (`n`), since a
   * stop withdraws the consent the answer stood for. Unset: the question is left unanswered.
   */
  refusal?: string;
}

export interface RunOptions {
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** At a terminal `stripe` inherits it and the user answers its prompts. */
  interactive: boolean;
  /** Without a terminal: prompts rak-app answers itself, each at most once. */
  answers?: PromptAnswer[];
  /** Without a terminal: a prompt left unanswered this long stops the run. */
  promptTimeoutMs?: number;
  /** Without a terminal: the whole run is stopped after this long, however much it prints. */
  maxRunMs?: number;
  /** Without a terminal: the line Stripe prints when it has done the work (reported as sawSuccess). */
  successLine?: RegExp;
  /**
   * Without a terminal: a line by which Stripe says a step failed (`× Failed to register …`). One
   * after the last answer makes the run no success, with the success line or without it, exit 0 or
   * not (WorkLines).
   */
  failureLine?: RegExp;
  /** Streams Stripe's output through as it comes (without a terminal). */
  write?: (fd: 1 | 2, text: string) => void;
  /** Told the command line, quoted as a shell would need it (for --verbose). */
  onCommand?: (escaped: string) => void;
}

/**
 * Stripe's own lines that stop a run at once, since what the user must do instead is known. Each is
 * anchored at the start of a line, as Stripe prints it, so that an app named "Accept Terms Faster"
 * in Stripe's other lines stops nothing.
 */
const BLOCKING_LINES: { pattern: RegExp; outcome: (prompt: string, output: string) => StripeOutcome }[] = [
  { pattern: /^Press Enter to run 'stripe login'/i, outcome: (_p, output) => ({ kind: 'not-logged-in', output }) },
  { pattern: /^The "apps" plugin is required/i, outcome: (_p, output) => ({ kind: 'plugin-missing', output }) },
  // The real CLI says this, and exits 0, when the plugin is listed as installed but cannot be run.
  {
    pattern: /^The "apps" plugin is not currently available/i,
    outcome: (line, output) => ({ kind: 'plugin-missing', output, said: line }),
  },
  {
    pattern: /^(?:[^\w\s]\s*)?(?:accept (?:the )?(?:stripe apps )?terms\b|Waiting for confirmation\.*\s*$)/i,
    outcome: (prompt, output) => ({ kind: 'prompt-blocked', prompt, reason: 'terms', output }),
  },
];

/** What is kept of Stripe's output for messages: its end. */
const MAX_OUTPUT_KEPT = 256 * 1024;
/** A prompt is one short line: past this, the start of a line without a newline is dropped. */
const MAX_PENDING = 4096;
/** After Stripe has exited, how long a child it left holding its output may keep rak-app waiting. */
const DRAIN_AFTER_EXIT_MS = 250;

/** A pending line that reads like a question waiting for an answer. */
const LOOKS_LIKE_PROMPT = /(\?|:|›|>|\[[yY]\/[nN]\]|\([yY]\/[nN]\))\s*\S*\s*$/;

/**
 * What Stripe's lines since rak-app's last answer say of the work: whether its success line came,
 * and the first line by which it says a step failed. Two pipes keep no order between them, so a
 * failure on the other stream is known to follow the answer only once the answered stream has
 * written again (`unordered` until then). Of a line begun before the answer, only what came after
 * it is the answer's. A failure once rak-app has stopped the run, or passed a signal on, may be of
 * that stop's making: it leaves the work unknown (`unordered` too), never done.
 */
class WorkLines {
  success = false;
  reported: string | undefined;
  unordered = false;
  private answeredOn: 1 | 2 | undefined;
  private readonly wroteSince = { 1: false, 2: false };
  /** Of each stream's line being written at the answer, how much came before it. */
  private readonly before = { 1: 0, 2: 0 };
  private closed = false;

  constructor(
    private readonly successLine: RegExp | undefined,
    private readonly failureLine: RegExp | undefined,
  ) {}

  /** rak-app answered a prompt on `fd`; `pending` is each stream's unfinished line then. */
  answered(fd: 1 | 2, pending: Readonly<Record<1 | 2, string>>): void {
    this.success = false;
    this.reported = undefined;
    this.unordered = false;
    this.answeredOn = fd;
    for (const s of [1, 2] as const) {
      this.wroteSince[s] = false;
      this.before[s] = s === fd ? 0 : pending[s].length;
    }
  }

  /** Text came on `fd`. */
  wrote(fd: 1 | 2): void {
    this.wroteSince[fd] = true;
  }

  /** A whole line on `fd`. */
  line(text: string, fd: 1 | 2): void {
    const after = text.slice(this.before[fd]);
    this.before[fd] = 0;
    const shown = asShown(after);
    if (this.successLine?.test(shown)) this.success = true;
    else if (this.reported === undefined && this.failureLine?.test(shown)) {
      // The first says what failed; what follows (`Request failed, status=404, body={`) says why.
      this.reported = shown.trim();
      const on = this.answeredOn;
      this.unordered = this.closed || (on !== undefined && fd !== on && !this.wroteSince[on]);
    }
  }

  /** The start of `fd`'s unfinished line was dropped (it grew too long to keep whole). */
  cut(fd: 1 | 2, dropped: number): void {
    this.before[fd] = Math.max(0, this.before[fd] - dropped);
  }

  close(): void {
    this.closed = true;
  }
}

export async function runStripe(path: string, options: RunOptions): Promise<StripeOutcome> {
  const { execa } = await loadExeca();
  const child = execa(path, options.args, {
    cwd: options.cwd,
    env: options.env,
    extendEnv: false,
    reject: false,
    stdio: options.interactive ? 'inherit' : 'pipe',
    // Stripe's plugin can be slow to stop; after this it is killed for good.
    forceKillAfterDelay: 5_000,
    // Ctrl-C at a terminal already reached the child (same process group): rak-app must not send
    // it again, only wait. SIGTERM, which only rak-app received, is passed on.
    cleanup: true,
  });
  options.onCommand?.(child.spawnargs.map(quoteForShell).join(' '));

  let interrupted: StopSignal | undefined;
  const work = new WorkLines(options.successLine, options.failureLine);
  let ctrlCs = 0;
  const onSignal = (signal: StopSignal): void => {
    interrupted = signal;
    work.close();
    // A hang-up is passed on as SIGTERM: stripe may take SIGHUP for a reason to keep going.
    if (signal !== 'SIGINT') child.kill('SIGTERM');
    else if (!options.interactive) child.kill('SIGINT');
    // At a terminal the first Ctrl-C reached stripe itself; a second says it did not stop: rak-app
    // stops it, as it stops one that runs too long (killed for good after 5 s).
    else if (++ctrlCs >= 2) child.kill('SIGTERM');
    else options.write?.(2, '\nrak-app: waiting for stripe to stop; press Ctrl-C again to stop it.\n');
  };
  // src/cli.ts leaves these signals to this run, which passes them on and ends itself.
  Object.assign(onSignal, { [PASSES_SIGNAL_ON]: true });
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

  // The end of the output (for messages), and the line being written (for prompts): each kept
  // bounded, so that megabytes without a newline cost time in proportion to their size.
  let output = '';
  // The line being written on each stream: stderr's unfinished `Uploading...` is no part of the
  // success line stdout writes next.
  const pending: Record<1 | 2, string> = { 1: '', 2: '' };
  let stopped: StripeOutcome | undefined;
  let quietTimer: NodeJS.Timeout | undefined;
  /** The stream Stripe wrote to last. */
  let lastFd: 1 | 2 = 1;
  const answeredPrompts = new Set<PromptAnswer>();
  const answered: { label: string; answer: string }[] = [];
  const stop = (outcome: StripeOutcome): void => {
    if (stopped) return;
    stopped = outcome;
    work.close();
    child.kill('SIGTERM');
  };
  const blockedBy = (line: string): boolean => {
    const shown = asShown(line);
    const blocking = BLOCKING_LINES.find((b) => b.pattern.test(shown));
    if (blocking) stop(blocking.outcome(shown.trim() || lastLine(output), output));
    return blocking !== undefined;
  };
  const inspect = (lines: readonly string[], fd: 1 | 2 = lastFd): void => {
    for (const line of lines) {
      if (blockedBy(line)) return;
      work.line(line, fd);
    }
    if (blockedBy(pending[fd])) return;
    const answer = options.answers?.find((a) => !answeredPrompts.has(a) && a.prompt.test(pending[fd]));
    const text =
      answer === undefined
        ? undefined
        : stopped || interrupted
          ? answer.refusal
          : typeof answer.answer === 'function'
            ? answer.answer()
            : answer.answer;
    if (answer) answeredPrompts.add(answer);
    if (answer && text !== undefined) {
      answered.push({ label: answer.label, answer: text });
      work.answered(fd, pending);
      child.stdin?.write(`${text}\n`);
      // Shown as if typed, so the log reads like the terminal session it replaces.
      options.write?.(1, `${text}\n`);
      output += `${text}\n`;
      pending[fd] = '';
      // An answer is output too: the silence allowed is counted again from it (the quiet before the
      // question must not be taken from the work the answer starts).
    }
    if (quietTimer) clearTimeout(quietTimer);
    const timeout = options.promptTimeoutMs ?? 30_000;
    quietTimer = setTimeout(() => {
      const still = pending[lastFd];
      stop({
        kind: 'prompt-blocked',
        prompt: still || lastLine(output),
        reason: still && LOOKS_LIKE_PROMPT.test(still) ? 'unknown-prompt' : 'silent',
        output,
      });
    }, timeout);
  };
  // Stripe's output passes through rak-app, which never prints a key whole: each stream through a
  // masker that holds back a key cut at the end of one read until it ends.
  const maskers = {
    1: streamMasker((text) => options.write?.(1, text)),
    2: streamMasker((text) => options.write?.(2, text)),
  };
  if (!options.interactive) {
    const listen =
      (fd: 1 | 2) =>
      (text: string): void => {
        lastFd = fd;
        work.wrote(fd);
        output += text;
        if (output.length > 2 * MAX_OUTPUT_KEPT) output = keepEnd(output, MAX_OUTPUT_KEPT);
        maskers[fd].push(text);
        const lines = (pending[fd] + text).split('\n');
        pending[fd] = lines.pop() ?? '';
        if (pending[fd].length > MAX_PENDING) {
          const length = pending[fd].length;
          pending[fd] = keepEnd(pending[fd], MAX_PENDING);
          work.cut(fd, length - pending[fd].length);
        }
        inspect(lines, fd);
      };
    // As text, decoded across reads: a character split between two reads stays whole.
    child.stdout?.setEncoding('utf8').on('data', listen(1));
    child.stderr?.setEncoding('utf8').on('data', listen(2));
    inspect([]);
  }
  // Stripe has exited, but a child it started may hold its output open: once what Stripe wrote has
  // been read, the streams are closed, so that the run ends when Stripe does.
  let drainTimer: NodeJS.Timeout | undefined;
  child.on('exit', () => {
    drainTimer = setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, DRAIN_AFTER_EXIT_MS);
  });

  // A stripe that keeps printing (a spinner) and never ends would run for ever: the run has a limit.
  const runTimer =
    !options.interactive && options.maxRunMs !== undefined
      ? setTimeout(() => {
          stop({
            kind: 'prompt-blocked',
            prompt: lastLine(output),
            reason: 'too-long',
            output,
            seconds: options.maxRunMs! / 1000,
          });
        }, options.maxRunMs)
      : undefined;
  const result = await child;
  if (runTimer) clearTimeout(runTimer);
  if (drainTimer) clearTimeout(drainTimer);
  // Stripe's last line on each stream may end without a newline: it is a line all the same.
  for (const fd of [2, 1] as const) if (pending[fd] !== '') work.line(pending[fd], fd);
  maskers[1].end();
  maskers[2].end();
  // What rak-app says next starts on a line of its own, not after a prompt or spinner Stripe left open.
  if (!options.interactive && output !== '' && !output.endsWith('\n')) options.write?.(lastFd, '\n');
  if (quietTimer) clearTimeout(quietTimer);
  for (const signal of STOP_SIGNALS) process.off(signal, onSignal);

  // The terminal sends Ctrl-C to stripe and to rak-app at once, and stripe's exit may be seen
  // before rak-app's own signal: a child ended by one of the signals that stop a run means the same.
  const signal = (result as { signal?: string }).signal;
  const stoppedBy = STOP_SIGNALS.find((s) => s === signal);
  if (!interrupted && !stopped && stoppedBy) {
    interrupted = stoppedBy;
    // The same Ctrl-C may still be on its way to rak-app: it must not cut the explanation short.
    process.once(stoppedBy, () => undefined);
  }
  // How far it had gone, for a run that stopped after rak-app answered it (an upload Stripe confirmed
  // and then did not finish is still an upload).
  // A success line and a failure (`✔ Uploaded x`, `× Failed to register x`: stripe-apps#69), in
  // whichever order two streams bring them, is no success: whether the work stands is not known.
  const { reported } = work;
  const sawSuccess = work.success && reported === undefined;
  const progress = answered.length > 0 || sawSuccess ? { progress: { answered, sawSuccess } } : {};
  // A failure the success line came with, or that may have come before the answer, leaves the work unknown.
  const said =
    reported !== undefined ? { reported, ...(work.success || work.unordered ? { uncertain: true as const } : {}) } : {};
  // A login or plugin prompt after the success line stops a run that did its work all the same.
  if (stopped) return stopped.kind === 'missing' ? stopped : { ...stopped, ...progress };
  // Stripe finished its work despite the signal: what it did is reported, and the run ends after.
  if (interrupted && result.exitCode === 0 && signal === undefined && reported === undefined)
    return { kind: 'ok', output, answered, sawSuccess, interrupted };
  if (interrupted) return { kind: 'interrupted', signal: interrupted, output, ...progress };
  if (result.failed && result.exitCode === undefined && (result as { code?: string }).code === 'ENOENT')
    return { kind: 'missing', path };
  // Stripe said a step failed: exit 0 or not, the run failed.
  if (result.exitCode === 0 && reported === undefined) return { kind: 'ok', output, answered, sawSuccess };
  return { kind: 'failed', exitCode: result.exitCode, output, ...said, ...progress };
}

const lastLine = (text: string): string => asShown(text.trimEnd().split('\n').pop() ?? '');

/**
 * A line as a terminal shows it: without colour codes and the other control sequences a terminal
 * acts on rather than shows (CONTROL_SEQUENCES), and only what was written after its last
 * carriage return (a spinner redrawn in place, then `✔ Uploaded …`).
 */
function asShown(line: string): string {
  const plain = line.includes('\u001b') ? line.replace(CONTROL_SEQUENCES, '') : line;
  const at = plain.lastIndexOf('\r', plain.length - 2);
  return at < 0 ? plain : plain.slice(at + 1);
}
