/**
 * Colour for what rak-app writes to a terminal: the few styles its reports use, whether to use them,
 * and chalk behind them. The only module that knows about colour.
 */

/** The few styles the stylish report uses. */
export interface Painter {
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  underline(s: string): string;
  bold(s: string): string;
}

/** No colour: every style is the text itself. */
export const plain: Painter = {
  red: String,
  yellow: String,
  blue: String,
  green: String,
  dim: String,
  underline: String,
  bold: String,
};

/** chalk is loaded only when colour is wanted. */
export async function createPainter(color: boolean): Promise<Painter> {
  if (!color) return plain;
  const { Chalk } = await import('chalk');
  return new Chalk({ level: 1 });
}

/**
 * Colour only on a terminal, never with NO_COLOR set (any value, per no-color.org) or TERM=dumb;
 * FORCE_COLOR forces it.
 */
export function wantsColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  // As Node reads FORCE_COLOR: '', 1, 2, 3 or true force colour on, whatever else is set; any other
  // value (0, false) turns it off.
  const force = env['FORCE_COLOR'];
  if (force !== undefined) return ['', '1', '2', '3', 'true'].includes(force);
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['TERM'] === 'dumb') return false;
  return stream.isTTY === true;
}
