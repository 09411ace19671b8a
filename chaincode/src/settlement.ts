/** SettleReceivable: the obligor pays a root and every live part of it at once. */
import {
  ConflictError,
  LIVE_STATUSES,
  readPaymentRef,
  requireStatus,
  ValidationError,
  type Receivable,
  type Settlement,
  type SplitResult,
} from './contract';
import { CREDIT_LINES, restore, saveCreditLine } from './creditline';
import { decided, FINANCING_REQUESTS } from './financing';
import { writer } from './identity';
import { branchOf, flatten } from './lineage';
import { changed, requireParty, saveReceivable, stampOf } from './receivable';
import type { Tx } from './transaction';
import { visibleReceivable } from './visibility';

/**
 * `receivable` with `settlement` recorded: a live one becomes `SETTLED` (dropping a financing that
 * was only requested), a `SPLIT` root keeps its status.
 */
function settled(tx: Tx, receivable: Receivable, settlement: Settlement): Receivable {
  if (receivable.status === 'SPLIT') {
    return changed(tx, receivable, undefined, { settlement });
  }
  const financing = receivable.financing?.status === 'APPROVED' ? receivable.financing : undefined;
  return changed(tx, receivable, 'SETTLE', { settlement, financing });
}

/** Stages the cancellation of the financing request pending on `receivable`, if there is one. */
async function cancelPendingFinancing(tx: Tx, receivable: Receivable): Promise<void> {
  if (receivable.financing?.status === 'REQUESTED') {
    const request = await tx.state.existing(FINANCING_REQUESTS, receivable.financing.requestId);
    tx.state.put(FINANCING_REQUESTS, request.id, decided(tx, request, 'CANCEL'));
  }
}

/**
 * SettleReceivable: the obligor records payment `paymentRef` for root `rootId`, which must have been
 * accepted and not yet settled. Every live receivable of the tree (`ACTIVE`, `FINANCING_REQUESTED`,
 * `FINANCED`) becomes `SETTLED`, pending financing requests become `CANCELLED`, the root records the
 * settlement, and the credit line gets the root amount back.
 * @returns the root and the settled parts below it.
 */
export async function settleReceivable(tx: Tx, rootId: unknown, paymentRef: unknown): Promise<SplitResult> {
  const actor = await writer(tx);
  const settlement: Settlement = { paymentRef: readPaymentRef(paymentRef, 'paymentRef'), ...stampOf(tx) };
  const root = await visibleReceivable(tx.state, actor, rootId, 'rootId');
  requireParty(root, 'obligor', actor.participant, 'settle it');
  if (root.parentId !== null) {
    throw new ValidationError(`receivable ${root.id} is a part: settle its root ${root.rootId}`);
  }
  if (root.settlement !== undefined) {
    throw new ConflictError(`receivable ${root.id} is already settled`);
  }
  requireStatus(`receivable ${root.id}`, root.status, [...LIVE_STATUSES, 'SPLIT']);
  const line = await tx.state.existing(CREDIT_LINES, root.creditLineId);
  const [, ...descendants] = flatten(await branchOf(tx.state, root));
  const rootChange = { previous: root, next: settled(tx, root, settlement) };
  const partChanges = descendants
    .filter((receivable) => LIVE_STATUSES.includes(receivable.status))
    .map((previous) => ({ previous, next: settled(tx, previous, settlement) }));
  for (const change of [rootChange, ...partChanges]) {
    await cancelPendingFinancing(tx, change.previous);
    saveReceivable(tx.state, change);
  }
  saveCreditLine(tx.state, restore(line, root.amount));
  return { receivable: rootChange.next, parts: partChanges.map((change) => change.next) };
}
