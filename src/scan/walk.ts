/**
 * One walk over a syntax tree, child keys from @babel/types' VISITOR_KEYS (generated into
 * child-keys.generated.ts, so positions, comments and types' own bookkeeping are never visited),
 * with an explicit stack: deeply nested code must not overflow the call stack.
 */
import type { Node } from '@babel/types';
import { CHILD_KEYS } from './child-keys.generated.js';

export interface Visitor {
  /** The node types entered; a node of another type is only walked through (most are). */
  enters: ReadonlySet<string>;
  enter(node: Node, parent: Node | undefined): void;
  /** The node types left, once their children are walked. */
  exits: ReadonlySet<string>;
  exit(node: Node): void;
  /** Called for every node walked, entered or not, before it is entered. */
  each?: ((node: Node) => void) | undefined;
  /**
   * Whether a node can be passed over, neither entered nor walked into: most are names and literals
   * (nearly half of all nodes), which matter only as parts of what holds them.
   */
  inert(node: Node): boolean;
}

/** Each node type's child keys; a type with none has an empty list. */
export const CHILDREN: ReadonlyMap<string, readonly string[]> = new Map(
  Object.entries(CHILD_KEYS).map(([type, keys]) => [type, keys === '' ? [] : keys.split(' ')]),
);

// Babel's node types do not index by key; the child keys name exactly the keys holding nodes.
type Fields = Record<string, Node | (Node | null)[] | null | undefined>;

/** Marks, on the stack, that the node below it (its parent entry) is being left. */
const LEAVE = null;

/** What the walk does at a node of one type: 1 enter it, 2 leave it, with the keys of its children. */
interface Step {
  readonly does: number;
  readonly keys: readonly string[];
}
const ENTER = 1;
const EXIT = 2;
const NO_KEYS: readonly string[] = [];

/**
 * Each type's step for a visitor's sets of types entered and left, made once per pair of sets: one
 * look-up a node instead of three.
 */
const stepsFor = new WeakMap<ReadonlySet<string>, WeakMap<ReadonlySet<string>, Map<string, Step>>>();
function stepsOf(visitor: Visitor): Map<string, Step> {
  let byExits = stepsFor.get(visitor.enters);
  if (!byExits) stepsFor.set(visitor.enters, (byExits = new WeakMap()));
  let steps = byExits.get(visitor.exits);
  if (!steps) byExits.set(visitor.exits, (steps = new Map()));
  return steps;
}
function stepOf(steps: Map<string, Step>, visitor: Visitor, type: string): Step {
  let step = steps.get(type);
  if (!step) {
    const does = (visitor.enters.has(type) ? ENTER : 0) | (visitor.exits.has(type) ? EXIT : 0);
    step = { does, keys: CHILDREN.get(type) ?? NO_KEYS };
    steps.set(type, step);
  }
  return step;
}

export function walk(root: Node, visitor: Visitor): void {
  const steps = stepsOf(visitor);
  const { each, inert } = visitor;
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
    const step = stepOf(steps, visitor, node.type);
    if (each) each(node);
    if (step.does & ENTER) visitor.enter(node, parent);
    if (step.does & EXIT) {
      nodes.push(LEAVE);
      parents.push(node);
    }
    const keys = step.keys;
    const fields = node as unknown as Fields;
    // Last key and last element first, so that children are entered in source order.
    for (let k = keys.length - 1; k >= 0; k--) {
      const value = fields[keys[k]!];
      if (Array.isArray(value)) {
        for (let i = value.length - 1; i >= 0; i--) {
          const child = value[i];
          if (child && !inert(child)) {
            nodes.push(child);
            parents.push(node);
          }
        }
      } else if (value && typeof value.type === 'string' && !inert(value)) {
        nodes.push(value);
        parents.push(node);
      }
    }
  }
}
