import type { TreeNode } from './api/schemas';
import { layoutTree, pathTo, type PlacedNode } from './tree-layout';

const node = (id: string, children: readonly TreeNode[] = []): TreeNode => ({
  id,
  amount: '1.00',
  holderId: 'SUP1',
  status: children.length > 0 ? 'SPLIT' : 'ACTIVE',
  children,
});

// R → R.1 (→ R.1.1, R.1.2), R.2
const tree = node('R', [node('R.1', [node('R.1.1'), node('R.1.2')]), node('R.2')]);
const options = { nodeWidth: 100, nodeHeight: 40, columnGap: 10, rowGap: 20 };
const placed = (id: string): PlacedNode => {
  const found = layoutTree(tree, 'R.1.2', options).nodes.find((entry) => entry.node.id === id);
  if (found === undefined) throw new Error(`${id} not placed`);
  return found;
};

test('leaves take one column each, left to right in the order of the parts', () => {
  expect([placed('R.1.1').x, placed('R.1.2').x, placed('R.2').x]).toEqual([0, 110, 220]);
});

test('a parent sits centred over its first and last child, one row above them', () => {
  expect(placed('R.1')).toMatchObject({ x: 55, y: 60, depth: 1 });
  expect(placed('R')).toMatchObject({ x: (55 + 220) / 2, y: 0, depth: 0 });
  expect(placed('R.1.1').y).toBe(120);
});

test('no two nodes of a row overlap', () => {
  const { nodes } = layoutTree(tree, 'R', options);
  for (const a of nodes) {
    for (const b of nodes) {
      if (a !== b && a.depth === b.depth)
        expect(Math.abs(a.x - b.x)).toBeGreaterThanOrEqual(options.nodeWidth);
    }
  }
});

test('the path from the root to the focused receivable is highlighted, nodes and edges', () => {
  const layout = layoutTree(tree, 'R.1.2', options);
  expect(layout.nodes.filter((entry) => entry.onPath).map((entry) => entry.node.id)).toEqual([
    'R.1.2',
    'R.1',
    'R',
  ]);
  expect(
    layout.edges.filter((edge) => edge.onPath).map((edge) => `${edge.from.node.id}>${edge.to.node.id}`),
  ).toEqual(['R.1>R.1.2', 'R>R.1']);
});

test('the drawing is as wide as its leaves and as tall as its levels', () => {
  expect(layoutTree(tree, 'R', options)).toMatchObject({ width: 320, height: 160 });
  expect(layoutTree(node('R'), 'R', options)).toMatchObject({ width: 100, height: 40 });
});

test('a receivable outside the tree highlights nothing', () => {
  expect(pathTo(tree, 'X')).toEqual([]);
  expect(layoutTree(tree, 'X', options).nodes.some((entry) => entry.onPath)).toBe(false);
});
