/** Reading receivables: GetReceivable, QueryReceivables, GetProvenance, GetHistory. */
import {
  readJsonArgument,
  readReceivableQuery,
  type HistoryEntry,
  type Provenance,
  type ProvenanceTree,
  type Receivable,
  type ReceivablePage,
} from './contract';
import { matches, rangeFor } from './indexes';
import { reader } from './identity';
import { ancestors, branchOf, type Branch } from './lineage';
import { pageOfIds } from './paging';
import { RECEIVABLES } from './receivable';
import type { Tx } from './transaction';
import { canSee, visibleReceivable } from './visibility';

/** GetReceivable: the receivable, if the caller may see it. */
export async function getReceivable(tx: Tx, id: unknown): Promise<Receivable> {
  return visibleReceivable(tx.state, await reader(tx), id);
}

/**
 * QueryReceivables: a page of receivables by holder, obligor and/or status, read from the
 * composite-key index that covers the filter (without holder or obligor: the caller's own party
 * entries, so every entry read is one it may see) and left with what the caller may see.
 */
export async function queryReceivables(tx: Tx, queryJson: unknown): Promise<ReceivablePage> {
  const caller = await reader(tx);
  const { pageSize, bookmark, ...filter } = readReceivableQuery(
    readJsonArgument(queryJson, 'queryJson'),
    'query',
  );
  const range = rangeFor(filter, caller.kind === 'AUDITOR' ? undefined : caller.participant?.id);
  const page = await pageOfIds(tx.state, range, pageSize, bookmark);
  const items: Receivable[] = [];
  for (const id of page.ids) {
    const receivable = await tx.state.existing(RECEIVABLES, id);
    if (matches(receivable, filter) && (await canSee(tx.state, caller, receivable))) {
      items.push(receivable);
    }
  }
  return { items, bookmark: page.bookmark, fetched: page.fetched };
}

function treeOf({ receivable, parts }: Branch): ProvenanceTree {
  const { id, amount, holderId, status } = receivable;
  return { id, amount, holderId, status, children: parts.map(treeOf) };
}

/** GetProvenance: the path of hops from the root's issuance to the receivable, and the root's whole tree. */
export async function getProvenance(tx: Tx, id: unknown): Promise<Provenance> {
  const receivable = await visibleReceivable(tx.state, await reader(tx), id);
  const ancestry = await ancestors(tx.state, receivable);
  const root = ancestry[0] ?? receivable;
  return {
    path: [...ancestry, receivable].flatMap((step) => step.hops),
    tree: treeOf(await branchOf(tx.state, root)),
  };
}

/** GetHistory: every committed version of the receivable's key, newest first. */
export async function getHistory(tx: Tx, id: unknown): Promise<HistoryEntry[]> {
  const receivable = await visibleReceivable(tx.state, await reader(tx), id);
  return tx.state.history(RECEIVABLES, receivable.id);
}
