import type { z } from 'zod';
import type {
  HistoryView,
  IssueReceivableBody,
  ListReceivablesQuery,
  ProvenanceView,
  ReceivablePageView,
  ReceivableView,
  ReceivableWriteView,
  SplitBody,
  TransferBody,
} from '../api/schemas';
import { hopView, receivableView, treeView } from '../api/views';
import {
  HistoryRecord,
  ProvenanceRecord,
  ReceivablePage,
  ReceivableRecord,
  ReceivableResult,
} from '../domain/records';
import { requireWriter } from './access-policy';
import type { UseCaseContext } from './context';
import { evaluate, minorUnits, submit } from './ledger-calls';

type ReceivableWrite = z.infer<typeof ReceivableWriteView>;

/** Submits a receivable write and presents its result. */
async function writeReceivable(
  context: UseCaseContext,
  fn: string,
  args: readonly string[],
): Promise<ReceivableWrite> {
  requireWriter(context.user);
  const { txId, value } = await submit(context, { fn, args, result: ReceivableResult, what: 'receivable' });
  return {
    ...receivableView(value.receivable),
    txId,
    ...(value.parts === undefined ? {} : { parts: value.parts.map(receivableView) }),
  };
}

function readReceivable(context: UseCaseContext, id: string): Promise<ReceivableRecord> {
  return evaluate(context, { fn: 'GetReceivable', args: [id], result: ReceivableRecord, what: 'receivable' });
}

/** The obligor issues a receivable to a creditor, within a credit line → `PENDING_ACCEPTANCE`. */
export function issueReceivable(
  context: UseCaseContext,
  body: z.infer<typeof IssueReceivableBody>,
): Promise<ReceivableWrite> {
  const request = { ...body, amount: minorUnits(body.amount, body.currency, 'body.amount') };
  return writeReceivable(context, 'IssueReceivable', [JSON.stringify(request)]);
}

/** The creditor confirms the receivable → `ACTIVE`. */
export function acceptReceivable(context: UseCaseContext, id: string): Promise<ReceivableWrite> {
  return writeReceivable(context, 'AcceptReceivable', [id]);
}

/** The creditor refuses the receivable → `REJECTED`; the credit line is restored. */
export function rejectReceivable(
  context: UseCaseContext,
  id: string,
  reason: string,
): Promise<ReceivableWrite> {
  return writeReceivable(context, 'RejectReceivable', [id, reason]);
}

/** The obligor withdraws a receivable not yet accepted → `CANCELLED`; the credit line is restored. */
export function cancelReceivable(context: UseCaseContext, id: string): Promise<ReceivableWrite> {
  return writeReceivable(context, 'CancelReceivable', [id]);
}

/** The holder transfers the whole receivable, or a part of it (which splits it). */
export async function transferReceivable(
  context: UseCaseContext,
  id: string,
  body: z.infer<typeof TransferBody>,
): Promise<ReceivableWrite> {
  requireWriter(context.user);
  const amount =
    body.amount === undefined
      ? ''
      : minorUnits(body.amount, (await readReceivable(context, id)).currency, 'body.amount');
  return writeReceivable(context, 'TransferReceivable', [id, body.toId, amount]);
}

/** The holder splits a receivable into parts adding up exactly to it. */
export async function splitReceivable(
  context: UseCaseContext,
  id: string,
  body: z.infer<typeof SplitBody>,
): Promise<ReceivableWrite> {
  requireWriter(context.user);
  const { currency } = await readReceivable(context, id);
  const amounts = body.parts.map((part, index) =>
    minorUnits(part.amount, currency, `body.parts.${index}.amount`),
  );
  return writeReceivable(context, 'SplitReceivable', [id, JSON.stringify(amounts)]);
}

/** The obligor pays a root receivable: it and every live part become `SETTLED`. */
export function settleReceivable(
  context: UseCaseContext,
  id: string,
  paymentRef: string,
): Promise<ReceivableWrite> {
  return writeReceivable(context, 'SettleReceivable', [id, paymentRef]);
}

/** One receivable the user may see. */
export async function getReceivable(
  context: UseCaseContext,
  id: string,
): Promise<z.infer<typeof ReceivableView>> {
  return receivableView(await readReceivable(context, id));
}

/** A page of the receivables the user may see. */
export async function listReceivables(
  context: UseCaseContext,
  query: z.infer<typeof ListReceivablesQuery>,
): Promise<z.infer<typeof ReceivablePageView>> {
  const request = {
    holderId: query.holderId,
    obligorId: query.obligorId,
    status: query.status,
    pageSize: query.limit,
    bookmark: query.cursor,
  };
  const page = await evaluate(context, {
    fn: 'QueryReceivables',
    args: [JSON.stringify(request)],
    result: ReceivablePage,
    what: 'receivable page',
  });
  return { items: page.items.map(receivableView), nextCursor: page.bookmark === '' ? null : page.bookmark };
}

/** Where a receivable came from: the hops from the root issuance, and the root's split tree. */
export async function getProvenance(
  context: UseCaseContext,
  id: string,
): Promise<z.infer<typeof ProvenanceView>> {
  const [provenance, receivable] = await Promise.all([
    evaluate(context, { fn: 'GetProvenance', args: [id], result: ProvenanceRecord, what: 'provenance' }),
    readReceivable(context, id),
  ]);
  const { currency } = receivable;
  return {
    currency,
    path: provenance.path.map((hop) => hopView(hop, currency)),
    tree: treeView(provenance.tree, currency),
  };
}

/** Every committed version of a receivable. */
export async function getHistory(context: UseCaseContext, id: string): Promise<z.infer<typeof HistoryView>> {
  const history = await evaluate(context, {
    fn: 'GetHistory',
    args: [id],
    result: HistoryRecord,
    what: 'history',
  });
  return history.map((entry) => ({
    ...entry,
    value: entry.value === null ? null : receivableView(entry.value),
  }));
}
