/** `rak-app key check`: whether the restricted key a user pasted holds the manifest's permissions. */
import type { Command } from '@commander-js/extra-typings';
import type { Io } from '../adapters/io.js';
import { readStdin } from '../adapters/files.js';
import type { CommandContext } from '../command.js';
import type { Outcome } from '../exit-codes.js';
import { loadWholeGrants } from '../app-manifest.js';
import { UserError } from '../errors.js';
import { parseSeconds } from '../flags.js';
import { resultDocument } from '../result-document.js';
import { formatKeyCheck } from '../views/key-check.js';
import {
  checkApiBase,
  checkKey,
  DEFAULT_API_BASE,
  DEFAULT_TIMEOUT_MS,
  KeyCheckOptionError,
  type KeyCheckResult,
} from '../partner/key-check.js';

/** The environment variable a key is read from first. */
export const KEY_VARIABLE = 'RAK_APP_KEY';
/** More than any key: what standard input may hold. */
const MAX_KEY_INPUT = 8 * 1024;

export function register(command: Command, { io, finish }: CommandContext): void {
  command.description("Check the restricted key a user pasted against the app's permissions.");
  command
    .command('check')
    .description(
      `Check a restricted key against the manifest's permissions, one request per permission that cannot change anything. The key is read from ${KEY_VARIABLE}, else standard input, else a prompt that does not echo it; never from the command line.`,
    )
    .option('--manifest <path>', 'the app folder or stripe-app.json whose permissions to check (default: .)')
    .option('--api-base <url>', `the Stripe API to ask (default: ${DEFAULT_API_BASE}); plain http only to this machine`)
    .option(
      '--timeout <seconds>',
      `the longest the whole check may take (default: ${DEFAULT_TIMEOUT_MS / 1000})`,
      parseSeconds('--timeout'),
    )
    .option('--json', 'print the result as JSON')
    // An argument is refused with a reason, not with commander's "too many arguments".
    .allowExcessArguments(true)
    .action(async (options, self) => {
      if (self.args.length > 0) {
        throw new UserError(
          'key check takes no key on the command line: it would stay in the shell history and show in `ps`.',
          `Set ${KEY_VARIABLE}, pipe the key (\`pbpaste | rak-app key check\`), or run it at a terminal to be asked.`,
        );
      }
      let apiBase: string;
      try {
        apiBase = checkApiBase(options.apiBase ?? DEFAULT_API_BASE);
      } catch (error) {
        throw asUserError(error, '--api-base');
      }
      const permissions = readManifestPermissions(options.manifest, io.cwd);
      const key = await readKey(io);
      if (key === undefined) {
        const reason = 'Cancelled; nothing was checked.';
        io.stderr.write(`${reason}\n`);
        // --json promises a document whatever ends the run: a cancel at the prompt too.
        if (options.json)
          io.stdout.write(
            resultDocument({ command: 'key check', outcome: 'interrupted', status: 'interrupted', reason }),
          );
        finish('interrupted');
        return;
      }
      const result = await checkKey({
        key,
        permissions,
        apiBase,
        timeout: (options.timeout ?? DEFAULT_TIMEOUT_MS / 1000) * 1000,
      }).catch((error: unknown) => {
        throw asUserError(error);
      });
      const outcome = outcomeOf(result);
      io.stdout.write(
        options.json
          ? resultDocument(
              {
                command: 'key check',
                outcome,
                status: result.verdict,
                // Absent when there is nothing to say, as README's envelope has it.
                ...(result.advice.length > 0 ? { reason: result.advice.join(' ') } : {}),
              },
              { ...result },
            )
          : formatKeyCheck(result),
      );
      finish(outcome);
    });
}

function asUserError(error: unknown, flag?: string): unknown {
  if (!(error instanceof KeyCheckOptionError)) return error;
  return new UserError(flag ? `${flag}: ${error.message}` : error.message, error.hint);
}

/**
 * 0 when every checked permission is granted; 1 when one is missing or the key is not valid; 4 when
 * nothing is known yet (Stripe did not answer, or no permission could be checked).
 */
export function outcomeOf(result: KeyCheckResult): Outcome {
  switch (result.verdict) {
    case 'valid':
      return 'ok';
    case 'unreachable':
    case 'unchecked':
      return 'stripe';
    default:
      return 'failure';
  }
}

/** The permissions the manifest asks for; --manifest takes the app folder or the file. */
export function readManifestPermissions(manifest: string | undefined, cwd: string): string[] {
  const { manifestName, grants } = loadWholeGrants(cwd, manifest);
  const permissions = [...new Set(grants.granted.map((g) => g.name))];
  if (permissions.length === 0)
    throw new UserError(`${manifestName} asks for no permission, so there is nothing to check the key against.`);
  return permissions;
}

/**
 * The key: from RAK_APP_KEY as it is; from standard input without the one line break `echo` and
 * most pipes add; else asked for at a terminal without echoing it. Undefined when the prompt was
 * cancelled. Any other whitespace stays, so that the shape check names it.
 */
export async function readKey(io: Io): Promise<string | undefined> {
  const fromEnv = io.env[KEY_VARIABLE];
  if (fromEnv !== undefined) {
    if (fromEnv === '')
      throw new UserError(
        `${KEY_VARIABLE} is set but empty.`,
        `Set it to the key, or unset it to pipe the key or be asked.`,
      );
    return fromEnv;
  }
  if (!io.stdinIsTTY) {
    const text = await readStdin(io.stdin(), { bytes: MAX_KEY_INPUT, what: 'a key' }).catch((error: Error) => {
      throw new UserError(error.message, 'Pipe the key alone.');
    });
    // `echo "" | …` is as empty as no input at all.
    if (text.replace(/\r?\n$/, '') === '')
      throw new UserError(
        'No key: standard input is empty.',
        `Set ${KEY_VARIABLE}, pipe the key (\`pbpaste | rak-app key check\`), or run it at a terminal to be asked.`,
      );
    return text.replace(/\r?\n$/, '');
  }
  if (io.ci.isCI || !io.stderr.isTTY)
    throw new UserError(
      io.ci.isCI
        ? 'No key: this is CI (CI is set), where rak-app asks nothing.'
        : 'No key: standard error is no terminal, so nothing can ask for it here.',
      `Set ${KEY_VARIABLE}, or pipe the key.`,
    );
  const { askSecret } = await import('../adapters/prompts.js');
  const typed = await askSecret(
    "The restricted key (rk_…) from the app's settings page (it is not shown as you paste):",
  );
  // As an empty variable or empty input is: no key given (exit 2), not a key that is wrong (exit 1).
  if (typed === '')
    throw new UserError('No key: nothing was pasted at the prompt.', 'Paste the key, then press Enter.');
  return typed;
}
