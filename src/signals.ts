/**
 * Marks a signal listener that passes the signal on to a child process and lets the command end
 * itself. src/cli.ts leaves such signals to it; others (a library's) do not count. Symbol.for, as
 * each command's bundle has its own copy of this module.
 */
export const PASSES_SIGNAL_ON = Symbol.for('rak-app.passes-signal-on');

export const passesSignalOn = (listener: unknown): boolean =>
  typeof listener === 'function' && (listener as { [PASSES_SIGNAL_ON]?: boolean })[PASSES_SIGNAL_ON] === true;
