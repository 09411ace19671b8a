import type { ReactElement } from 'react';
import type { TreeNode } from '../api/schemas';
import { displayAmount } from '../money';
import { hrefOf } from '../routes';
import { layoutTree } from '../tree-layout';

const OPTIONS = { nodeWidth: 168, nodeHeight: 64, columnGap: 16, rowGap: 36 } as const;
const MARGIN = 4;

/**
 * The split tree drawn: root → parts, each node with holder, amount and status, a link to its
 * page; the path from the root to `focusId` highlighted.
 */
export function SplitTree(props: {
  readonly root: TreeNode;
  readonly currency: string;
  readonly focusId: string;
}): ReactElement {
  const layout = layoutTree(props.root, props.focusId, OPTIONS);
  const { nodeWidth: w, nodeHeight: h } = OPTIONS;
  return (
    <div className="tree-scroll">
      <svg
        role="group"
        aria-label="Split tree"
        width={layout.width + 2 * MARGIN}
        height={layout.height + 2 * MARGIN}
        viewBox={`${-MARGIN} ${-MARGIN} ${layout.width + 2 * MARGIN} ${layout.height + 2 * MARGIN}`}
      >
        {layout.edges.map((edge) => (
          <path
            key={`${edge.from.node.id}>${edge.to.node.id}`}
            className={edge.onPath ? 'edge on-path' : 'edge'}
            d={`M${edge.from.x + w / 2},${edge.from.y + h} V${edge.to.y - OPTIONS.rowGap / 2} H${edge.to.x + w / 2} V${edge.to.y}`}
          />
        ))}
        {layout.nodes.map(({ node, x, y, onPath }) => (
          <a
            key={node.id}
            href={hrefOf({ name: 'receivable', id: node.id })}
            aria-label={`${node.id}: ${node.holderId}, ${node.amount} ${props.currency}, ${node.status}`}
            aria-current={node.id === props.focusId ? 'page' : undefined}
            data-testid={`tree-node-${node.id}`}
          >
            <rect
              x={x}
              y={y}
              width={w}
              height={h}
              rx={6}
              className={['node', onPath ? 'on-path' : '', node.id === props.focusId ? 'focus' : '']
                .filter(Boolean)
                .join(' ')}
            />
            <text x={x + 8} y={y + 17} className="node-id">
              {node.id}
            </text>
            <text x={x + 8} y={y + 34}>
              {node.holderId}
            </text>
            <text x={x + 8} y={y + 51}>
              {displayAmount(node.amount, props.currency)} · {node.status.replace(/_/g, ' ')}
            </text>
          </a>
        ))}
      </svg>
    </div>
  );
}
