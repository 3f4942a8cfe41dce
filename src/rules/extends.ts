import { messages } from '../core/messages.js';
import type { Report } from '../core/finding.js';
import type { ExtendsProblem, ManifestRule } from './rule.js';

export const extendsRule: ManifestRule = {
  id: 'extends',
  severity: 'error',
  scope: 'manifest',
  description: 'A local manifest must extend an existing manifest, by a valid name, without loops.',
  check: ({ extendsProblem }) => (extendsProblem ? [describe(extendsProblem)] : []),
};

function describe(problem: ExtendsProblem): Report {
  switch (problem.kind) {
    case 'missing-field':
      return { pointer: '', message: messages.extendsMissingField() };
    case 'not-a-string':
      return { pointer: '/extends', message: messages.extendsNotString() };
    case 'misnamed':
      return { pointer: '/extends', message: messages.extendsMisnamed(problem.value) };
    case 'not-found':
      return { pointer: '/extends', message: messages.extendsNotFound(problem.value, problem.resolved) };
    case 'unreadable':
      return { pointer: '/extends', message: messages.extendsUnreadable(problem.value, problem.resolved) };
    case 'loop':
      return { pointer: '/extends', message: messages.extendsLoop(problem.chain) };
    case 'base-invalid':
      return { pointer: '/extends', message: messages.extendsBaseInvalid(problem.value, problem.resolved) };
  }
}
