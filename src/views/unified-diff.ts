/** A file's change as `diff -u` shows it, with git's a/ and b/ prefixes. */
import { createTwoFilesPatch } from 'diff';

/** `name` as rak-app shows it (absolute when outside the current folder: `a/tmp/app/…`, as git writes it). */
export function unifiedDiff(name: string, before: string, after: string, context: number): string {
  const path = name.replace(/^\/+/, '');
  return createTwoFilesPatch(`a/${path}`, `b/${path}`, before, after, undefined, undefined, { context }).replace(
    /^=+\n/m,
    '',
  );
}
