/**
 * Issuing a receivable and the creditor's answer: IssueReceivable, AcceptReceivable,
 * RejectReceivable, CancelReceivable.
 */
import {
  ConflictError,
  readIssueRequest,
  readJsonArgument,
  readReason,
  ValidationError,
  type ReceivableResult,
} from './contract';
import { CREDIT_LINES, drawForIssuance, restore, saveCreditLine } from './creditline';
import { requireKind, writer, type Actor } from './identity';
import { counterparty } from './participant';
import {
  changed,
  issued,
  RECEIVABLES,
  requireParty,
  saveReceivable,
  stampOf,
  type Changes,
} from './receivable';
import type { Tx } from './transaction';
import { dateFrom, dateOf, derivedId } from './values';
import { visibleReceivable } from './visibility';

/**
 * IssueReceivable: the obligor (an enterprise operator) issues a receivable to a creditor within a
 * credit line; the line's `used` grows by the amount. The receivable is `PENDING_ACCEPTANCE`.
 */
export async function issueReceivable(tx: Tx, requestJson: unknown): Promise<ReceivableResult> {
  const { participant: obligor } = await writer(tx);
  requireKind(obligor, ['ENTERPRISE'], 'issue a receivable');
  const request = readIssueRequest(readJsonArgument(requestJson, 'requestJson'), 'request');
  const id = request.id ?? derivedId('R', tx.txId);
  const { creditorId, amount, currency, creditLineId: lineId } = request;
  const dueDate = dateFrom(dateOf(tx.timestamp))(request.dueDate, 'request.dueDate');
  const invoiceHashes = request.invoiceHashes ?? [];
  if (creditorId === obligor.id) {
    throw new ValidationError('request.creditorId must not be the obligor');
  }
  const creditor = await counterparty(tx.state, creditorId, 'request.creditorId', ['ENTERPRISE', 'BANK']);
  if ((await tx.state.get(RECEIVABLES, id)) !== undefined) {
    throw new ConflictError(`receivable ${id} already exists`);
  }
  const line = await drawForIssuance(tx.state, obligor, currency, amount, lineId);
  const receivable = issued(tx, {
    id,
    obligorId: obligor.id,
    creditorId,
    amount,
    currency,
    dueDate,
    invoiceHashes,
    creditLineId: line.id,
  });
  saveReceivable(tx.state, { next: receivable, holder: creditor, parties: [line.bankId] });
  saveCreditLine(tx.state, line);
  return { receivable };
}

/** AcceptReceivable: the creditor (holder) confirms a `PENDING_ACCEPTANCE` receivable: `ACTIVE`. */
export async function acceptReceivable(tx: Tx, id: unknown): Promise<ReceivableResult> {
  const actor = await writer(tx);
  const receivable = await visibleReceivable(tx.state, actor, id);
  requireParty(receivable, 'holder', actor.participant, 'accept it');
  const next = changed(tx, receivable, 'ACCEPT');
  saveReceivable(tx.state, { previous: receivable, next });
  return { receivable: next };
}

/**
 * Ends a pending receivable (`REJECT` by its creditor, `CANCEL` by its obligor) and gives its amount
 * back to the credit line.
 */
async function close(
  tx: Tx,
  actor: Actor,
  id: unknown,
  party: 'holder' | 'obligor',
  event: 'REJECT' | 'CANCEL',
  changes: Changes = {},
): Promise<ReceivableResult> {
  const receivable = await visibleReceivable(tx.state, actor, id);
  requireParty(receivable, party, actor.participant, `${event.toLowerCase()} it`);
  const next = changed(tx, receivable, event, changes);
  const line = await tx.state.existing(CREDIT_LINES, receivable.creditLineId);
  saveReceivable(tx.state, { previous: receivable, next });
  saveCreditLine(tx.state, restore(line, receivable.amount));
  return { receivable: next };
}

/** RejectReceivable: the creditor refuses a `PENDING_ACCEPTANCE` receivable, with a reason. */
export async function rejectReceivable(tx: Tx, id: unknown, reason: unknown): Promise<ReceivableResult> {
  const actor = await writer(tx);
  const rejection = { reason: readReason(reason, 'reason'), ...stampOf(tx) };
  return close(tx, actor, id, 'holder', 'REJECT', { rejection });
}

/** CancelReceivable: the obligor withdraws a `PENDING_ACCEPTANCE` receivable. */
export async function cancelReceivable(tx: Tx, id: unknown): Promise<ReceivableResult> {
  return close(tx, await writer(tx), id, 'obligor', 'CANCEL');
}
