/**
 * Ctrl-C, SIGTERM and SIGHUP for a command that ends itself (a server): the listeners are marked so that
 * src/cli.ts leaves the signal to the command, which stops, reports and returns; the run's exit
 * code is then 130.
 */
import { PASSES_SIGNAL_ON, STOP_SIGNALS } from '../signals.js';

/** Calls onSignal on each SIGINT, SIGTERM or SIGHUP until the returned function removes the listeners. */
export function onInterrupt(onSignal: (signal: NodeJS.Signals) => void): () => void {
  const listener = (signal: NodeJS.Signals): void => onSignal(signal);
  Object.assign(listener, { [PASSES_SIGNAL_ON]: true });
  for (const signal of STOP_SIGNALS) process.on(signal, listener);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, listener);
  };
}

/**
 * Lets a signal that came while synchronous work held the event loop (a scan of many files) reach
 * its listener: node runs signal listeners only between turns of the loop. Awaited before a
 * command acts on what that work found (a report, a change to a file), so Ctrl-C during the work
 * ends the run with 130 before anything is written.
 */
export function letSignalsIn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
