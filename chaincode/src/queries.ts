/** Reading receivables: GetReceivable, QueryReceivables, GetProvenance, GetHistory. */
import {
  readJsonArgument,
  readReceivableQuery,
  ValidationError,
  type HistoryEntry,
  type Provenance,
  type ProvenanceTree,
  type Receivable,
  type ReceivablePage,
} from './contract';
import { matches, rangeFor } from './indexes';
import { reader } from './identity';
import { ancestors, branchOf, type Branch } from './lineage';
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
  const { objectType, prefix } = rangeFor(
    filter,
    caller.kind === 'AUDITOR' ? undefined : caller.participant?.id,
  );
  const start = decodeBookmark(bookmark ?? '', tx.state.key(objectType, prefix));
  const page = await tx.state.page(objectType, prefix, pageSize, start);
  const items: Receivable[] = [];
  for (const id of page.ids) {
    const receivable = await tx.state.existing(RECEIVABLES, id);
    if (matches(receivable, filter) && (await canSee(tx.state, caller, receivable))) {
      items.push(receivable);
    }
  }
  return { items, bookmark: Buffer.from(page.bookmark, 'utf8').toString('base64url'), fetched: page.fetched };
}

/**
 * The key a bookmark stands for (`""` for the first page).
 * @throws ValidationError when it is not a key of the range starting at `partialKey`.
 */
function decodeBookmark(bookmark: string, partialKey: string): string {
  const key = Buffer.from(bookmark, 'base64url').toString('utf8');
  if (
    Buffer.from(key, 'utf8').toString('base64url') !== bookmark ||
    (key !== '' && !key.startsWith(partialKey))
  ) {
    throw new ValidationError('query.bookmark does not belong to this query');
  }
  return key;
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
