/**
 * Who may see a receivable. Auditors see all. Anyone else sees a receivable when it is the obligor,
 * the original creditor, a holder (current, or past: a party of a hop) or the financing bank of a
 * receivable on the path from its root to it or in its subtree, or the bank of its credit line; and
 * once a participant may see a receivable it always may (a bank whose financing request was rejected
 * keeps seeing the receivable it was asked to finance).
 *
 * This is an index lookup, not a walk of the lineage: every write that makes a participant a party of
 * a receivable adds the entry `rcv~party [participant, id]` for it and for its ancestors (whose ids
 * are prefixes of its id), and a new part starts with the parties of its parent's path. A receivable
 * the caller may not see is answered with NOT_FOUND, exactly as a missing one.
 */
import { NotFoundError, readId, type Receivable } from './contract';
import { CREDIT_LINES } from './creditline';
import type { Caller } from './identity';
import { RECEIVABLES_BY_PARTY } from './indexes';
import { ancestors } from './lineage';
import { namedParties, RECEIVABLES } from './receivable';
import type { State } from './state';

/**
 * The parties a new part of `parent` starts with: those named by `parent` and its ancestors, and the
 * bank of its credit line.
 */
export async function inheritedParties(state: State, parent: Receivable): Promise<Set<string>> {
  const parties = new Set([(await state.existing(CREDIT_LINES, parent.creditLineId)).bankId]);
  for (const receivable of [...(await ancestors(state, parent)), parent]) {
    namedParties(receivable).forEach((party) => parties.add(party));
  }
  return parties;
}

/** Whether `caller` may see `receivable`: its own record first, then one index entry. */
export async function canSee(state: State, caller: Caller, receivable: Receivable): Promise<boolean> {
  if (caller.kind === 'AUDITOR') {
    return true;
  }
  const participantId = caller.participant?.id;
  if (participantId === undefined) {
    return false;
  }
  return (
    namedParties(receivable).has(participantId) ||
    (await state.hasIndex(RECEIVABLES_BY_PARTY, [participantId, receivable.id]))
  );
}

/**
 * The receivable named by argument `id`, if `caller` may see it.
 * @throws ValidationError when `id` is not an id.
 * @throws NotFoundError when it does not exist or `caller` may not see it.
 */
export async function visibleReceivable(
  state: State,
  caller: Caller,
  id: unknown,
  path = 'id',
): Promise<Receivable> {
  const receivableId = readId(id, path);
  const receivable = await state.get(RECEIVABLES, receivableId);
  if (receivable === undefined || !(await canSee(state, caller, receivable))) {
    throw new NotFoundError(`receivable ${receivableId} does not exist`);
  }
  return receivable;
}
