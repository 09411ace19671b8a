/**
 * The write transactions by name: each one's event, argument names and logic. The contract's
 * write methods run through {@link write}, and the endorsement plan runs the same entries without
 * committing anything, so both always agree on what a write does.
 */
import type { Context } from 'fabric-contract-api';
import { grantCreditLine } from './creditline';
import { approveFinancing, rejectFinancing, requestFinancing } from './financing';
import { acceptReceivable, cancelReceivable, issueReceivable, rejectReceivable } from './issuance';
import { registerParticipant } from './registration';
import type { JsonValue } from './serializer';
import { settleReceivable } from './settlement';
import { submit, type EventName, type Tx } from './transaction';
import { splitReceivable, transferReceivable } from './transfer';

/** A write transaction: its event, the names of its (string) arguments, and its logic. */
export type WriteTransaction = {
  readonly event: EventName;
  readonly params: readonly string[];
  readonly run: (tx: Tx, args: readonly string[]) => Promise<JsonValue>;
};

/** Every write transaction of the contract, by function name. */
export const WRITES = {
  RegisterParticipant: {
    event: 'ParticipantRegistered',
    params: ['id', 'name', 'kind'],
    run: (tx, [id, name, kind]) => registerParticipant(tx, id, name, kind),
  },
  GrantCreditLine: {
    event: 'CreditLineGranted',
    params: ['id', 'obligorId', 'currency', 'limit'],
    run: (tx, [id, obligorId, currency, limit]) => grantCreditLine(tx, id, obligorId, currency, limit),
  },
  IssueReceivable: {
    event: 'ReceivableIssued',
    params: ['requestJson'],
    run: (tx, [requestJson]) => issueReceivable(tx, requestJson),
  },
  AcceptReceivable: {
    event: 'ReceivableAccepted',
    params: ['id'],
    run: (tx, [id]) => acceptReceivable(tx, id),
  },
  RejectReceivable: {
    event: 'ReceivableRejected',
    params: ['id', 'reason'],
    run: (tx, [id, reason]) => rejectReceivable(tx, id, reason),
  },
  CancelReceivable: {
    event: 'ReceivableCancelled',
    params: ['id'],
    run: (tx, [id]) => cancelReceivable(tx, id),
  },
  TransferReceivable: {
    event: 'ReceivableTransferred',
    params: ['id', 'toId', 'amount'],
    run: (tx, [id, toId, amount]) => transferReceivable(tx, id, toId, amount),
  },
  SplitReceivable: {
    event: 'ReceivableSplit',
    params: ['id', 'amountsJson'],
    run: (tx, [id, amountsJson]) => splitReceivable(tx, id, amountsJson),
  },
  RequestFinancing: {
    event: 'FinancingRequested',
    params: ['id', 'bankId', 'requestId'],
    run: (tx, [id, bankId, requestId]) => requestFinancing(tx, id, bankId, requestId),
  },
  ApproveFinancing: {
    event: 'FinancingApproved',
    params: ['requestId', 'advanceAmount'],
    run: (tx, [requestId, advanceAmount]) => approveFinancing(tx, requestId, advanceAmount),
  },
  RejectFinancing: {
    event: 'FinancingRejected',
    params: ['requestId', 'reason'],
    run: (tx, [requestId, reason]) => rejectFinancing(tx, requestId, reason),
  },
  SettleReceivable: {
    event: 'ReceivableSettled',
    params: ['rootId', 'paymentRef'],
    run: (tx, [rootId, paymentRef]) => settleReceivable(tx, rootId, paymentRef),
  },
} as const satisfies Readonly<Record<string, WriteTransaction>>;

/** The name of a write transaction. */
export type WriteName = keyof typeof WRITES;

/** The write transaction named `name`, `undefined` for any other name (reads included). */
export function writeNamed(name: string): WriteTransaction | undefined {
  return Object.hasOwn(WRITES, name) ? WRITES[name as WriteName] : undefined;
}

/** Runs write `name` with `args` as a submitted transaction: writes, event, JSON result. */
export function write(ctx: Context, name: WriteName, args: readonly string[]): Promise<string> {
  const { event, run } = WRITES[name];
  return submit(ctx, event, (tx) => run(tx, args));
}
