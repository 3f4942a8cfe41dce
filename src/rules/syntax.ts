/**
 * Rules about the manifest as text: strict JSON, no duplicate keys. One exported rule per id, each
 * with its page in docs/rules/.
 */
import type { Report } from '../core/finding.js';
import { toPointer } from '../core/json-pointer.js';
import { messages } from '../core/messages.js';
import { MAX_NESTING, positionAt, type Node } from '../core/source-file.js';
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

export const duplicateKey: FileRule = {
  id: 'duplicate-key',
  severity: 'error',
  scope: 'file',
  description: 'No key may appear twice in one object.',
  check: ({ file }) => {
    const reports: Report[] = [];
    const walk = (node: Node, path: (string | number)[]): void => {
      if (node.type === 'object') {
        const firstSeen = new Map<string, Node>();
        for (const prop of node.children ?? []) {
          const [key, value] = prop.children ?? [];
          if (!key || !value) continue;
          const name = String(key.value);
          const first = firstSeen.get(name);
          if (first) {
            reports.push({
              pointer: toPointer([...path, name]),
              message: messages.duplicateKey(name, positionAt(file, first.offset).line),
              location: { file: file.path, ...positionAt(file, key.offset) },
            });
          } else firstSeen.set(name, key);
          walk(value, [...path, name]);
        }
      } else if (node.type === 'array') {
        (node.children ?? []).forEach((child, i) => walk(child, [...path, i]));
      }
    };
    if (file.root) walk(file.root, []);
    return reports;
  },
};
