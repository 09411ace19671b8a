import type {
  HistoryEntry,
  Hop,
  ProvenanceTree,
  Receivable,
  ReceivableResult,
  ReceivableStatus,
} from 'receivables-chaincode/contract';
import { requireWriter } from './access-policy';
import type { UseCaseContext } from './context';
import { amountsOf, currencyOf, readReceivable } from './currencies';
import { evaluate, evaluatePage, minorUnits, submit, type Page, type PageRequest } from './ledger-calls';

/** A committed receivable write: the receivable and, for splits and settlements, its parts. */
export interface ReceivableWrite extends ReceivableResult {
  readonly txId: string;
}

/** Submits a receivable write; remembers the currencies of what it returns. */
async function writeReceivable(
  context: UseCaseContext,
  fn:
    | 'IssueReceivable'
    | 'AcceptReceivable'
    | 'RejectReceivable'
    | 'CancelReceivable'
    | 'TransferReceivable'
    | 'SplitReceivable'
    | 'SettleReceivable',
  args: readonly string[],
): Promise<ReceivableWrite> {
  requireWriter(context.user);
  const { txId, value } = await submit(context, { fn, args, what: 'receivable' });
  context.currencies.remember([value.receivable, ...(value.parts ?? [])]);
  return { ...value, txId };
}

/** What the obligor issues (decimal amount in `currency`). */
export interface IssueReceivableCommand {
  readonly id?: string;
  readonly creditorId: string;
  readonly amount: string;
  readonly currency: string;
  readonly dueDate: string;
  readonly creditLineId?: string;
  readonly invoiceHashes?: readonly string[];
}

/** The obligor issues a receivable to a creditor, within a credit line → `PENDING_ACCEPTANCE`. */
export function issueReceivable(
  context: UseCaseContext,
  command: IssueReceivableCommand,
): Promise<ReceivableWrite> {
  const request = { ...command, amount: minorUnits(command.amount, command.currency, 'amount') };
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

/** To whom, and how much (decimal; the whole receivable when absent). */
export interface TransferCommand {
  readonly toId: string;
  readonly amount?: string;
}

/** The holder transfers the whole receivable, or a part of it (which splits it). */
export async function transferReceivable(
  context: UseCaseContext,
  id: string,
  command: TransferCommand,
): Promise<ReceivableWrite> {
  requireWriter(context.user);
  const [amount = ''] =
    command.amount === undefined
      ? []
      : await amountsOf(context, id, [{ decimal: command.amount, field: 'amount' }]);
  return writeReceivable(context, 'TransferReceivable', [id, command.toId, amount]);
}

/** The parts to split into (decimal amounts). */
export interface SplitCommand {
  readonly parts: readonly { readonly amount: string }[];
}

/** The holder splits a receivable into parts adding up exactly to it. */
export async function splitReceivable(
  context: UseCaseContext,
  id: string,
  command: SplitCommand,
): Promise<ReceivableWrite> {
  requireWriter(context.user);
  const amounts = await amountsOf(
    context,
    id,
    command.parts.map((part, index) => ({ decimal: part.amount, field: `parts.${index}.amount` })),
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
export function getReceivable(context: UseCaseContext, id: string): Promise<Receivable> {
  return readReceivable(context, id);
}

/** Which receivables, and which page of them. */
export interface ReceivableQuery extends PageRequest {
  readonly holderId?: string;
  readonly obligorId?: string;
  readonly status?: ReceivableStatus;
}

/** A page of receivables. */
export type ReceivableList = Page<Receivable>;

/** A page of the receivables the user may see. */
export async function listReceivables(
  context: UseCaseContext,
  query: ReceivableQuery,
): Promise<ReceivableList> {
  const { holderId, obligorId, status } = query;
  const page = await evaluatePage(context, {
    fn: 'QueryReceivables',
    filter: { holderId, obligorId, status },
    page: query,
    what: 'receivable page',
  });
  context.currencies.remember(page.items);
  return page;
}

/** Where a receivable came from, with the currency of its amounts. */
export interface Provenance {
  readonly currency: string;
  readonly path: readonly Hop[];
  readonly tree: ProvenanceTree;
}

/** Where a receivable came from: the hops from the root issuance, and the root's split tree. */
export async function getProvenance(context: UseCaseContext, id: string): Promise<Provenance> {
  const [provenance, currency] = await Promise.all([
    evaluate(context, { fn: 'GetProvenance', args: [id], what: 'provenance' }),
    currencyOf(context, id),
  ]);
  return { ...provenance, currency };
}

/** Every committed version of a receivable. */
export async function getHistory(context: UseCaseContext, id: string): Promise<HistoryEntry[]> {
  const history = await evaluate(context, {
    fn: 'GetHistory',
    args: [id],
    what: 'history',
  });
  context.currencies.remember(history.flatMap((entry) => (entry.value === null ? [] : [entry.value])));
  return history;
}
