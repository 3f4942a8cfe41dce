/**
 * jsonc-parser, loaded with require: it ships only CommonJS (UMD), and importing CommonJS from an
 * ES module makes Node scan its source for exports first, which doubled its load time (bench/).
 */
import { createRequire } from 'node:module';

export type { Node, ParseError } from 'jsonc-parser';

export const jsonc = createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
