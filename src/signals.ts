/**
 * Marks a signal listener that passes the signal on to a child process and lets the command end
 * itself. src/cli.ts leaves such signals to it; others (a library's) do not count. Symbol.for, as
 * each command's bundle has its own copy of this module.
 */
export const PASSES_SIGNAL_ON = Symbol.for('rak-app.passes-signal-on');

export const passesSignalOn = (listener: unknown): boolean =>
  typeof listener === 'function' && (listener as { [PASSES_SIGNAL_ON]?: boolean })[PASSES_SIGNAL_ON] === true;

/**
 * The signals that stop a run: Ctrl-C, SIGTERM, and SIGHUP (the terminal closed, an SSH session
 * dropped). Each ends it as Ctrl-C does: what Stripe did is recorded, a manifest being changed is
 * restored, and the exit code is 130.
 */
export const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];
