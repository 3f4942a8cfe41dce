import { messages } from '../core/messages.js';
import { MAX_NESTING, positionAt } from '../core/source-file.js';
import type { FileRule } from './rule.js';

export const jsonSyntax: FileRule = {
  id: 'json-syntax',
  severity: 'error',
  scope: 'file',
  description: 'The manifest must be strict JSON: no comments, no trailing commas.',
  check: ({ file, syntaxProblems }) =>
    syntaxProblems.map((problem) => ({
      pointer: '',
      message: messages.jsonSyntax(problem, MAX_NESTING),
      location: { file: file.path, ...positionAt(file, problem.offset) },
    })),
};
