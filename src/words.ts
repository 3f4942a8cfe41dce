/** Words the reports and commands share. */

/** "1 file", "2 files". */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A word as a POSIX shell takes it back, quoted where it must be: for commands the user can paste. */
export function quoteForShell(arg: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}
