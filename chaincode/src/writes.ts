/**
 * The write transactions by name: each one's logic, with its event and arguments from the contract
 * (contract/transactions.ts). The contract's write methods run through {@link write}, and the
 * endorsement plan runs the same entries without committing anything, so both always agree on what
 * a write does.
 */
import type { Context } from 'fabric-contract-api';
import { TRANSACTIONS, type EventName, type JsonValue, type WriteName } from './contract';
import { grantCreditLine } from './creditline';
import { approveFinancing, rejectFinancing, requestFinancing } from './financing';
import { acceptReceivable, cancelReceivable, issueReceivable, rejectReceivable } from './issuance';
import { changeParticipantStatus, registerParticipant } from './registration';
import { settleReceivable } from './settlement';
import { submit, type Tx } from './transaction';
import { splitReceivable, transferReceivable } from './transfer';

/** The logic of a write transaction, given its (string) arguments. */
export type WriteLogic = (tx: Tx, args: readonly string[]) => Promise<JsonValue>;

/** The logic of every write transaction of the contract, by function name. */
const LOGIC: { readonly [N in WriteName]: WriteLogic } = {
  RegisterParticipant: (tx, [id, name, kind]) => registerParticipant(tx, id, name, kind),
  SuspendParticipant: (tx, [id]) => changeParticipantStatus(tx, id, 'SUSPEND'),
  ReinstateParticipant: (tx, [id]) => changeParticipantStatus(tx, id, 'REINSTATE'),
  GrantCreditLine: (tx, [id, obligorId, currency, limit]) =>
    grantCreditLine(tx, id, obligorId, currency, limit),
  IssueReceivable: (tx, [requestJson]) => issueReceivable(tx, requestJson),
  AcceptReceivable: (tx, [id]) => acceptReceivable(tx, id),
  RejectReceivable: (tx, [id, reason]) => rejectReceivable(tx, id, reason),
  CancelReceivable: (tx, [id]) => cancelReceivable(tx, id),
  TransferReceivable: (tx, [id, toId, amount]) => transferReceivable(tx, id, toId, amount),
  SplitReceivable: (tx, [id, amountsJson]) => splitReceivable(tx, id, amountsJson),
  RequestFinancing: (tx, [id, bankId, requestId]) => requestFinancing(tx, id, bankId, requestId),
  ApproveFinancing: (tx, [requestId, advanceAmount]) => approveFinancing(tx, requestId, advanceAmount),
  RejectFinancing: (tx, [requestId, reason]) => rejectFinancing(tx, requestId, reason),
  SettleReceivable: (tx, [rootId, paymentRef]) => settleReceivable(tx, rootId, paymentRef),
};

/** A write transaction: its event and argument count (the contract's), and its logic. */
export type WriteTransaction = {
  readonly event: EventName;
  readonly arity: number;
  readonly run: WriteLogic;
};

function isWriteName(name: string): name is WriteName {
  return Object.hasOwn(LOGIC, name);
}

/** The write transaction named `name`, `undefined` for any other name (reads included). */
export function writeNamed(name: string): WriteTransaction | undefined {
  if (!isWriteName(name)) {
    return undefined;
  }
  const { event, params } = TRANSACTIONS[name];
  return { event, arity: params.length, run: LOGIC[name] };
}

/** Runs write `name` with `args` as a submitted transaction: writes, event, JSON result. */
export function write(ctx: Context, name: WriteName, args: readonly string[]): Promise<string> {
  const { event } = TRANSACTIONS[name];
  return submit(ctx, event, (tx) => LOGIC[name](tx, args));
}
