/**
 * The receivable (the digital IOU): its types, the ledger guard, and the validating factories that
 * produce every new version of one. Every status change goes through {@link transition}.
 */
import { peersOf } from './endorsement';
import { ConflictError, ForbiddenError, ValidationError } from './errors';
import { arrayOf, Fields, nullable, oneOf, text, type Reader } from './guards';
import { reindex } from './indexes';
import { readAmount } from './money';
import type { Participant } from './participant';
import type { Collection, State } from './state';
import {
  RECEIVABLE_MACHINE,
  RECEIVABLE_STATUSES,
  transition,
  type ReceivableEvent,
  type ReceivableStatus,
} from './status';
import type { Tx } from './transaction';
import {
  dateOf,
  isId,
  readCurrency,
  readDate,
  readId,
  readInvoiceHashes,
  readTimestamp,
  readTxId,
} from './values';

/** How a receivable moved: issued, transferred, split off its parent, financed by a bank. */
export type HopKind = 'ISSUE' | 'TRANSFER' | 'SPLIT' | 'FINANCE';

/** One step of a receivable's provenance. */
export type Hop = {
  readonly kind: HopKind;
  readonly txId: string;
  readonly timestamp: string;
  readonly fromId: string;
  readonly toId: string;
  readonly amount: string;
};

/** The financing of a receivable, while requested and once approved. */
export type Financing = {
  readonly requestId: string;
  readonly bankId: string;
  readonly status: 'REQUESTED' | 'APPROVED';
  readonly advanceAmount?: string;
  readonly approvedTxId?: string;
  readonly approvedAt?: string;
};

/** When something happened: the transaction and its timestamp. */
export type Stamp = { readonly txId: string; readonly timestamp: string };

/** The payment that settled a receivable. */
export type Settlement = Stamp & { readonly paymentRef: string };

/** Why and when the creditor refused a receivable. */
export type Rejection = Stamp & { readonly reason: string };

/** A receivable: a root issued by an obligor, or a part split off a parent. */
export type Receivable = {
  readonly id: string;
  readonly rootId: string;
  readonly parentId: string | null;
  readonly obligorId: string;
  readonly originalCreditorId: string;
  readonly holderId: string;
  readonly amount: string;
  readonly currency: string;
  readonly issueDate: string;
  readonly dueDate: string;
  readonly status: ReceivableStatus;
  readonly invoiceHashes: readonly string[];
  readonly creditLineId: string;
  /** The parts, `<id>.1 … <id>.N`, once `SPLIT`; empty before. */
  readonly childIds: readonly string[];
  /** The hops of this receivable itself; the provenance of a part starts with its ancestors' hops. */
  readonly hops: readonly Hop[];
  readonly financing?: Financing;
  readonly settlement?: Settlement;
  readonly rejection?: Rejection;
  readonly createdTxId: string;
  readonly updatedTxId: string;
};

/** Most parts a split produces. */
export const MAX_PARTS = 100;

/** A rejection reason: 1–512 characters. */
export const readReason: Reader<string> = text(512);

/** A settlement's payment reference: 1–128 characters. */
export const readPaymentRef: Reader<string> = text(128);

const readHop: Reader<Hop> = (value, path) => {
  const fields = Fields.of(value, path, ['kind', 'txId', 'timestamp', 'fromId', 'toId', 'amount']);
  return {
    kind: fields.required('kind', oneOf<HopKind>(['ISSUE', 'TRANSFER', 'SPLIT', 'FINANCE'])),
    txId: fields.required('txId', readTxId),
    timestamp: fields.required('timestamp', readTimestamp),
    fromId: fields.required('fromId', readId),
    toId: fields.required('toId', readId),
    amount: fields.required('amount', readAmount),
  };
};

const readFinancing: Reader<Financing> = (value, path) => {
  const fields = Fields.of(value, path, [
    'requestId',
    'bankId',
    'status',
    'advanceAmount',
    'approvedTxId',
    'approvedAt',
  ]);
  return {
    requestId: fields.required('requestId', readId),
    bankId: fields.required('bankId', readId),
    status: fields.required('status', oneOf<Financing['status']>(['REQUESTED', 'APPROVED'])),
    advanceAmount: fields.optional('advanceAmount', readAmount),
    approvedTxId: fields.optional('approvedTxId', readTxId),
    approvedAt: fields.optional('approvedAt', readTimestamp),
  };
};

function readStamp(fields: Fields): Stamp {
  return { txId: fields.required('txId', readTxId), timestamp: fields.required('timestamp', readTimestamp) };
}

const readSettlement: Reader<Settlement> = (value, path) => {
  const fields = Fields.of(value, path, ['paymentRef', 'txId', 'timestamp']);
  return { paymentRef: fields.required('paymentRef', readPaymentRef), ...readStamp(fields) };
};

const readRejection: Reader<Rejection> = (value, path) => {
  const fields = Fields.of(value, path, ['reason', 'txId', 'timestamp']);
  return { reason: fields.required('reason', readReason), ...readStamp(fields) };
};

const RECEIVABLE_FIELDS = [
  'id',
  'rootId',
  'parentId',
  'obligorId',
  'originalCreditorId',
  'holderId',
  'amount',
  'currency',
  'issueDate',
  'dueDate',
  'status',
  'invoiceHashes',
  'creditLineId',
  'childIds',
  'hops',
  'financing',
  'settlement',
  'rejection',
  'createdTxId',
  'updatedTxId',
] as const;

const readReceivable: Reader<Receivable> = (value, path) => {
  const fields = Fields.of(value, path, RECEIVABLE_FIELDS);
  return {
    id: fields.required('id', readId),
    rootId: fields.required('rootId', readId),
    parentId: fields.required('parentId', nullable(readId)),
    obligorId: fields.required('obligorId', readId),
    originalCreditorId: fields.required('originalCreditorId', readId),
    holderId: fields.required('holderId', readId),
    amount: fields.required('amount', readAmount),
    currency: fields.required('currency', readCurrency),
    issueDate: fields.required('issueDate', readDate),
    dueDate: fields.required('dueDate', readDate),
    status: fields.required('status', oneOf(RECEIVABLE_STATUSES)),
    invoiceHashes: fields.required('invoiceHashes', readInvoiceHashes),
    creditLineId: fields.required('creditLineId', readId),
    childIds: fields.required('childIds', arrayOf(readId, 0, MAX_PARTS)),
    hops: fields.required('hops', arrayOf(readHop, 1, Number.MAX_SAFE_INTEGER)),
    financing: fields.optional('financing', readFinancing),
    settlement: fields.optional('settlement', readSettlement),
    rejection: fields.optional('rejection', readRejection),
    createdTxId: fields.required('createdTxId', readTxId),
    updatedTxId: fields.required('updatedTxId', readTxId),
  };
};

/** Receivables: `receivable [id]`. */
export const RECEIVABLES: Collection<Receivable> = {
  objectType: 'receivable',
  label: 'receivable',
  read: readReceivable,
};

/** The transaction's stamp. */
export function stampOf(tx: Tx): Stamp {
  return { txId: tx.txId, timestamp: tx.timestamp };
}

/** A hop made by this transaction. */
export function hop(tx: Tx, kind: HopKind, fromId: string, toId: string, amount: string): Hop {
  return { kind, ...stampOf(tx), fromId, toId, amount };
}

/** What an issuance specifies. */
export type Issuance = {
  readonly id: string;
  readonly obligorId: string;
  readonly creditorId: string;
  readonly amount: string;
  readonly currency: string;
  readonly dueDate: string;
  readonly invoiceHashes: readonly string[];
  readonly creditLineId: string;
};

/**
 * A new root receivable, `PENDING_ACCEPTANCE`, held by the creditor; its issue date is the date of
 * the transaction (the caller has checked that `dueDate` is not before it).
 */
export function issued(tx: Tx, issuance: Issuance): Receivable {
  return {
    id: issuance.id,
    rootId: issuance.id,
    parentId: null,
    obligorId: issuance.obligorId,
    originalCreditorId: issuance.creditorId,
    holderId: issuance.creditorId,
    amount: issuance.amount,
    currency: issuance.currency,
    issueDate: dateOf(tx.timestamp),
    dueDate: issuance.dueDate,
    status: 'PENDING_ACCEPTANCE',
    invoiceHashes: issuance.invoiceHashes,
    creditLineId: issuance.creditLineId,
    childIds: [],
    hops: [hop(tx, 'ISSUE', issuance.obligorId, issuance.creditorId, issuance.amount)],
    createdTxId: tx.txId,
    updatedTxId: tx.txId,
  };
}

/** The fields a change may set besides the status. */
export type Changes = Partial<
  Pick<Receivable, 'holderId' | 'childIds' | 'hops' | 'financing' | 'settlement' | 'rejection'>
>;

/**
 * The next version of `receivable` after operation `event` (none: the status stays) with `changes`,
 * stamped with this transaction.
 * @throws ConflictError when the status machine does not allow `event` in the current status.
 */
export function changed(
  tx: Tx,
  receivable: Receivable,
  event: ReceivableEvent | undefined,
  changes: Changes = {},
): Receivable {
  const status =
    event === undefined
      ? receivable.status
      : transition(RECEIVABLE_MACHINE, `receivable ${receivable.id}`, receivable.status, event);
  return { ...receivable, ...changes, status, updatedTxId: tx.txId };
}

/** `receivable` moved to `toId` by a hop of `kind` (and operation `event`, if any), now held by `toId`. */
export function moved(
  tx: Tx,
  receivable: Receivable,
  kind: HopKind,
  toId: string,
  event?: ReceivableEvent,
  changes: Changes = {},
): Receivable {
  return changed(tx, receivable, event, {
    ...changes,
    holderId: toId,
    hops: [...receivable.hops, hop(tx, kind, receivable.holderId, toId, receivable.amount)],
  });
}

/**
 * Splits `parent` into parts of `amounts` (which the caller has checked add up to its amount):
 * the parent becomes `SPLIT`, the parts `<id>.1 … <id>.N` are `ACTIVE`, held by the same holder,
 * each starting with a `SPLIT` hop.
 * @throws ConflictError when the parent cannot become `SPLIT`.
 * @throws ValidationError when the part ids would be longer than an id may be.
 */
export function split(
  tx: Tx,
  parent: Receivable,
  amounts: readonly string[],
): { receivable: Receivable; parts: Receivable[] } {
  const parts = amounts.map((amount, index): Receivable => ({
    ...parent,
    id: `${parent.id}.${index + 1}`,
    parentId: parent.id,
    amount,
    status: 'ACTIVE',
    childIds: [],
    hops: [hop(tx, 'SPLIT', parent.holderId, parent.holderId, amount)],
    createdTxId: tx.txId,
    updatedTxId: tx.txId,
  }));
  if (!parts.every((part) => isId(part.id))) {
    throw new ValidationError(
      `receivable ${parent.id} is split too deep: part ids would exceed the id length`,
    );
  }
  return {
    receivable: changed(tx, parent, 'SPLIT', { childIds: parts.map((part) => part.id) }),
    parts,
  };
}

/** Whether `participantId` ever held `receivable`: the holder after each of its hops is the hop's `toId`. */
export function heldBefore(receivable: Receivable, participantId: string): boolean {
  return receivable.hops.some((step) => step.toId === participantId);
}

/**
 * Checks that `participant` is the receivable's `party` (holder or obligor).
 * @throws ConflictError when the holder is required and `participant` held it but no longer does:
 *   the state it acted on has changed (typically it lost a race to its own other move). It may still
 *   see the receivable, holder included, so the message names the holder now.
 * @throws ForbiddenError otherwise.
 */
export function requireParty(
  receivable: Receivable,
  party: 'holder' | 'obligor',
  participant: Participant,
  action: string,
): void {
  const partyId = party === 'holder' ? receivable.holderId : receivable.obligorId;
  if (partyId === participant.id) {
    return;
  }
  if (party === 'holder' && heldBefore(receivable, participant.id)) {
    throw new ConflictError(
      `receivable ${receivable.id} is no longer held by ${participant.id} (holder is now ${partyId})`,
    );
  }
  throw new ForbiddenError(`only the ${party} of receivable ${receivable.id} can ${action}`);
}

/**
 * A receivable to stage: its previous version (none for a new one) and, when it is new or changes
 * holder, the new holder's participant.
 */
export type Save = {
  readonly next: Receivable;
  readonly previous?: Receivable;
  readonly holder?: Participant;
};

/**
 * Stages a receivable and its index entries. The key's key-level endorsement policy is "a peer of the
 * holder's org", so only the holder's org can endorse moving it; it is staged for a new receivable
 * and on every change of holder, and {@link State.flush} writes it only where it changes: a move
 * between participants of one org leaves the key's validation parameter untouched, so that two racing
 * moves of one receivable inside an org end as an MVCC read conflict, not as an endorsement policy
 * failure ("validation parameters for key … have been changed").
 * @throws Error when a new holder is not given (a programming error).
 */
export function saveReceivable(state: State, { next, previous, holder }: Save): void {
  let policy: Uint8Array | undefined;
  if (previous?.holderId !== next.holderId) {
    if (holder?.id !== next.holderId) {
      throw new Error(`receivable ${next.id} changes holder without the new holder's participant`);
    }
    policy = peersOf(holder.mspId);
  }
  state.put(RECEIVABLES, next.id, next, policy);
  reindex(state, previous, next);
}
