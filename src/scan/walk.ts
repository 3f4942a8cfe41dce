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

type Frame = { node: Node; parent: Node | undefined; leaving: boolean };

/** A node's children: the values of its visitor keys, in source order. */
function children(node: Node): Node[] {
  const keys = VISITOR_KEYS[node.type] ?? [];
  // Babel's node types do not index by key; VISITOR_KEYS names exactly the keys holding nodes.
  const fields = node as unknown as Record<string, Node | (Node | null)[] | null | undefined>;
  const out: Node[] = [];
  for (const key of keys) {
    const value = fields[key];
    if (Array.isArray(value)) {
      for (const child of value) if (child) out.push(child);
    } else if (value && typeof value.type === 'string') out.push(value);
  }
  return out;
}

export function walk(root: Node, visitor: Visitor): void {
  const stack: Frame[] = [{ node: root, parent: undefined, leaving: false }];
  for (let frame = stack.pop(); frame; frame = stack.pop()) {
    const { node } = frame;
    if (frame.leaving) {
      visitor.exit(node);
      continue;
    }
    visitor.enter(node, frame.parent);
    if (visitor.wantsExit(node)) stack.push({ node, parent: frame.parent, leaving: true });
    const kids = children(node);
    for (let i = kids.length - 1; i >= 0; i--) stack.push({ node: kids[i]!, parent: node, leaving: false });
  }
}
