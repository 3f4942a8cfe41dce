/** Words the reports and commands share. */

/** "1 file", "2 files". */
export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
