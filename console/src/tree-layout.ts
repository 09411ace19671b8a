/**
 * Lays out a split tree for drawing: each leaf gets its own column, left to right in the order of
 * the parts; a parent sits centred over its children; each level is one row. Pure, so it is
 * tested without a browser.
 */
import type { TreeNode } from './api/schemas';

export interface LayoutOptions {
  readonly nodeWidth: number;
  readonly nodeHeight: number;
  readonly columnGap: number;
  readonly rowGap: number;
}

export interface PlacedNode {
  readonly node: TreeNode;
  /** Left and top edges. */
  readonly x: number;
  readonly y: number;
  readonly depth: number;
  /** Whether the node lies on the path from the root to the focused receivable. */
  readonly onPath: boolean;
}

export interface Edge {
  readonly from: PlacedNode;
  readonly to: PlacedNode;
  readonly onPath: boolean;
}

export interface TreeLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly Edge[];
  readonly width: number;
  readonly height: number;
}

/** The ids from the root down to `focusId`, or none when it is not in the tree. */
export function pathTo(root: TreeNode, focusId: string): readonly string[] {
  if (root.id === focusId) return [root.id];
  for (const child of root.children) {
    const below = pathTo(child, focusId);
    if (below.length > 0) return [root.id, ...below];
  }
  return [];
}

/** Places every node of the tree rooted at `root`, highlighting the path to `focusId`. */
export function layoutTree(root: TreeNode, focusId: string, options: LayoutOptions): TreeLayout {
  const onPath = new Set(pathTo(root, focusId));
  const nodes: PlacedNode[] = [];
  const edges: Edge[] = [];
  let nextColumn = 0;
  let maxDepth = 0;
  const columnWidth = options.nodeWidth + options.columnGap;

  const place = (node: TreeNode, depth: number): PlacedNode => {
    maxDepth = Math.max(maxDepth, depth);
    const y = depth * (options.nodeHeight + options.rowGap);
    if (node.children.length === 0) {
      const leaf: PlacedNode = { node, x: nextColumn * columnWidth, y, depth, onPath: onPath.has(node.id) };
      nextColumn += 1;
      nodes.push(leaf);
      return leaf;
    }
    const children = node.children.map((child) => place(child, depth + 1));
    const first = children[0]?.x ?? 0;
    const last = children[children.length - 1]?.x ?? 0;
    const placed: PlacedNode = { node, x: (first + last) / 2, y, depth, onPath: onPath.has(node.id) };
    nodes.push(placed);
    for (const child of children)
      edges.push({ from: placed, to: child, onPath: placed.onPath && child.onPath });
    return placed;
  };

  place(root, 0);
  return {
    nodes,
    edges,
    width: nextColumn * columnWidth - options.columnGap,
    height: (maxDepth + 1) * (options.nodeHeight + options.rowGap) - options.rowGap,
  };
}
