/**
 * One walk over a syntax tree, child keys from @babel/types' VISITOR_KEYS (so positions, comments
 * and types' own bookkeeping are never visited), with an explicit stack: deeply nested code must
 * not overflow the call stack.
 */
import { type Node, VISITOR_KEYS } from '@babel/types';

export interface Visitor {
  enter(node: Node, parent: Node | undefined): void;
  /** Called after a node's children, for the nodes `wantsExit` accepts. */
  exit(node: Node): void;
  wantsExit(node: Node): boolean;
}

// Babel's node types do not index by key; VISITOR_KEYS names exactly the keys holding nodes.
type Fields = Record<string, Node | (Node | null)[] | null | undefined>;

/** Marks, on the stack, that the node below it (its parent entry) is being left. */
const LEAVE = null;

export function walk(root: Node, visitor: Visitor): void {
  // Parallel stacks of nodes and their parents, kept flat so the walk allocates nothing per node.
  const nodes: (Node | typeof LEAVE)[] = [root];
  const parents: (Node | undefined)[] = [undefined];
  while (nodes.length > 0) {
    const node = nodes.pop();
    const parent = parents.pop();
    if (node === LEAVE) {
      if (parent) visitor.exit(parent);
      continue;
    }
    if (!node) continue;
    visitor.enter(node, parent);
    if (visitor.wantsExit(node)) {
      nodes.push(LEAVE);
      parents.push(node);
    }
    const keys = VISITOR_KEYS[node.type];
    if (!keys) continue;
    const fields = node as unknown as Fields;
    // Last key and last element first, so that children are entered in source order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = fields[keys[k]!];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child = value[i];
          if (child) {
            nodes.push(child);
            parents.push(node);
          }
        }
      } else if (value && typeof value.type === 'string') {
        nodes.push(value);
        parents.push(node);
      }
    }
  }
}
