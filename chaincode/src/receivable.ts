/**
 * The receivable (the digital IOU): the ledger collection and the factories that produce every new
 * version of one (its record and schema are the contract's). Every status change goes through
 * {@link transition}.
 */
import {
  ConflictError,
  ForbiddenError,
  isId,
  readReceivable,
  RECEIVABLE_MACHINE,
  transition,
  ValidationError,
  type Hop,
  type HopKind,
  type Participant,
  type Receivable,
  type ReceivableEvent,
  type Settlement,
} from './contract';
import { peersOf } from './endorsement';
import { addParties, reindex } from './indexes';
import type { Collection, State } from './state';
import type { Tx } from './transaction';
import { dateOf } from './values';

/** Receivables: `receivable [id]`. */
export const RECEIVABLES: Collection<Receivable> = {
  objectType: 'receivable',
  label: 'receivable',
  read: readReceivable,
};

/** When something happened: the transaction and its timestamp. */
export type Stamp = Pick<Settlement, 'txId' | 'timestamp'>;

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
    invoiceHashes: [...issuance.invoiceHashes],
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

/** The participants a receivable's own record names: obligor, original creditor, holders, financing bank. */
export function namedParties(receivable: Receivable): Set<string> {
  const parties = new Set([receivable.obligorId, receivable.originalCreditorId, receivable.holderId]);
  if (receivable.financing !== undefined) {
    parties.add(receivable.financing.bankId);
  }
  for (const step of receivable.hops) {
    parties.add(step.fromId);
    parties.add(step.toId);
  }
  return parties;
}

/** The ids of the ancestors of `receivable`: a part's id is its parent's id and `.<n>`. */
function ancestorIds({ id, rootId }: Receivable): string[] {
  const ids: string[] = [];
  for (let current = id; current !== rootId;) {
    current = current.slice(0, current.lastIndexOf('.'));
    ids.push(current);
  }
  return ids;
}

/**
 * A receivable to stage: its previous version (none for a new one), when it is new or changes
 * holder the new holder's participant, and for a new one the parties it starts with besides those
 * its record names (visibility.ts).
 */
export type Save = {
  readonly next: Receivable;
  readonly previous?: Receivable;
  readonly holder?: Participant;
  readonly parties?: Iterable<string>;
};

/**
 * Stages a receivable and its index entries, the party entries of the participants it makes
 * parties of it and of its ancestors (visibility.ts) included. The key's key-level endorsement policy is "a peer of the
 * holder's org", so only the holder's org can endorse moving it; it is staged for a new receivable
 * and on every change of holder, and {@link State.flush} writes it only where it changes: a move
 * between participants of one org leaves the key's validation parameter untouched, so that two racing
 * moves of one receivable inside an org end as an MVCC read conflict, not as an endorsement policy
 * failure ("validation parameters for key … have been changed").
 * @throws Error when a new holder is not given (a programming error).
 */
export function saveReceivable(state: State, { next, previous, holder, parties = [] }: Save): void {
  let policy: Uint8Array | undefined;
  if (previous?.holderId !== next.holderId) {
    if (holder?.id !== next.holderId) {
      throw new Error(`receivable ${next.id} changes holder without the new holder's participant`);
    }
    policy = peersOf(holder.mspId);
  }
  state.put(RECEIVABLES, next.id, next, policy);
  reindex(state, previous, next);
  const before = previous === undefined ? new Set<string>() : namedParties(previous);
  const added = [...namedParties(next), ...parties].filter((party) => !before.has(party));
  addParties(state, [next.id, ...ancestorIds(next)], new Set(added));
}
