/**
 * The status machines of receivables and financing requests, and {@link transition}: the one
 * function every status change goes through. Each edge is labelled with the operation that takes it,
 * so an operation can only move a receivable along its own edges (accepting a receivable never
 * takes the "financing rejected" edge `FINANCING_REQUESTED → ACTIVE`).
 */
import { ConflictError } from './errors';
import type { ParticipantStatus } from './records';

/** Every status a receivable can have. */
export const RECEIVABLE_STATUSES = [
  'PENDING_ACCEPTANCE',
  'ACTIVE',
  'SPLIT',
  'FINANCING_REQUESTED',
  'FINANCED',
  'SETTLED',
  'REJECTED',
  'CANCELLED',
] as const;

/** A receivable's status. */
export type ReceivableStatus = (typeof RECEIVABLE_STATUSES)[number];

/** The operations that change a receivable's status. */
export type ReceivableEvent =
  | 'ACCEPT'
  | 'REJECT'
  | 'CANCEL'
  | 'SPLIT'
  | 'REQUEST_FINANCING'
  | 'APPROVE_FINANCING'
  | 'REJECT_FINANCING'
  | 'SETTLE';

/** Every status a financing request can have. */
export const FINANCING_STATUSES = ['REQUESTED', 'APPROVED', 'REJECTED', 'CANCELLED'] as const;

/** A financing request's status. */
export type FinancingStatus = (typeof FINANCING_STATUSES)[number];

/** The operations that decide a financing request. */
export type FinancingEvent = 'APPROVE' | 'REJECT' | 'CANCEL';

/** The operations that change a participant's status (its org admin's). */
export type ParticipantEvent = 'SUSPEND' | 'REINSTATE';

/** A status machine: for each status, the status each allowed operation leads to (none: terminal). */
export type Machine<S extends string, E extends string> = {
  readonly [From in S]: { readonly [On in E]?: S };
};

/**
 * `PENDING_ACCEPTANCE → ACTIVE | REJECTED | CANCELLED`; `ACTIVE → SPLIT | FINANCING_REQUESTED | SETTLED`;
 * `FINANCING_REQUESTED → FINANCED | ACTIVE (rejected) | SETTLED`; `FINANCED → SETTLED`; the rest terminal.
 */
export const RECEIVABLE_MACHINE: Machine<ReceivableStatus, ReceivableEvent> = {
  PENDING_ACCEPTANCE: { ACCEPT: 'ACTIVE', REJECT: 'REJECTED', CANCEL: 'CANCELLED' },
  ACTIVE: { SPLIT: 'SPLIT', REQUEST_FINANCING: 'FINANCING_REQUESTED', SETTLE: 'SETTLED' },
  FINANCING_REQUESTED: { APPROVE_FINANCING: 'FINANCED', REJECT_FINANCING: 'ACTIVE', SETTLE: 'SETTLED' },
  FINANCED: { SETTLE: 'SETTLED' },
  SPLIT: {},
  SETTLED: {},
  REJECTED: {},
  CANCELLED: {},
};

/** `REQUESTED → APPROVED | REJECTED | CANCELLED`; the others are terminal. */
export const FINANCING_MACHINE: Machine<FinancingStatus, FinancingEvent> = {
  REQUESTED: { APPROVE: 'APPROVED', REJECT: 'REJECTED', CANCEL: 'CANCELLED' },
  APPROVED: {},
  REJECTED: {},
  CANCELLED: {},
};

/**
 * `ACTIVE → SUSPENDED` (suspend), `SUSPENDED → ACTIVE` (reinstate). Registration creates `ACTIVE`
 * participants; a `SUSPENDED` one is refused as the caller of a write and as a counterparty.
 */
export const PARTICIPANT_MACHINE: Machine<ParticipantStatus, ParticipantEvent> = {
  ACTIVE: { SUSPEND: 'SUSPENDED' },
  SUSPENDED: { REINSTATE: 'ACTIVE' },
};

/** Receivable statuses whose amount is still owed by the obligor to the holder. */
export const LIVE_STATUSES: readonly ReceivableStatus[] = ['ACTIVE', 'FINANCING_REQUESTED', 'FINANCED'];

/**
 * The status `subject` (e.g. `receivable R1`) reaches from `from` by operation `event`.
 * @throws ConflictError when the machine does not allow `event` in `from`.
 */
export function transition<S extends string, E extends string>(
  machine: Machine<S, E>,
  subject: string,
  from: S,
  event: E,
): S {
  const to = machine[from][event];
  if (to === undefined) {
    throw new ConflictError(`${subject} is ${from}: ${event} is not allowed`);
  }
  return to;
}

/**
 * Checks that `subject` is in one of the `allowed` statuses, for operations that need a status
 * without changing it (a whole transfer keeps a receivable `ACTIVE`).
 * @throws ConflictError otherwise.
 */
export function requireStatus<S extends string>(subject: string, current: S, allowed: readonly S[]): void {
  if (!allowed.includes(current)) {
    throw new ConflictError(`${subject} is ${current}, expected ${allowed.join(' or ')}`);
  }
}
