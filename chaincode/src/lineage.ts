/** Walking a receivable's lineage: its ancestors up to the root, and its parts down to the leaves. */
import type { Receivable } from './contract';
import { RECEIVABLES } from './receivable';
import type { State } from './state';

/** A receivable and, recursively, its parts (none unless it is `SPLIT`). */
export type Branch = { readonly receivable: Receivable; readonly parts: readonly Branch[] };

/** The ancestors of `receivable`, root first, itself excluded. */
export async function ancestors(state: State, receivable: Receivable): Promise<Receivable[]> {
  const found: Receivable[] = [];
  for (let parentId = receivable.parentId; parentId !== null;) {
    const parent = await state.existing(RECEIVABLES, parentId);
    found.unshift(parent);
    parentId = parent.parentId;
  }
  return found;
}

/** `receivable` and its parts, recursively, in part order. */
export async function branchOf(state: State, receivable: Receivable): Promise<Branch> {
  const parts: Branch[] = [];
  for (const childId of receivable.childIds) {
    parts.push(await branchOf(state, await state.existing(RECEIVABLES, childId)));
  }
  return { receivable, parts };
}

/** Every receivable of `branch`, each before its parts (pre-order). */
export function flatten(branch: Branch): Receivable[] {
  return [branch.receivable, ...branch.parts.flatMap(flatten)];
}
