/**
 * Who may see a receivable. Auditors see all. Anyone else sees a receivable when it is the obligor,
 * the original creditor, a holder (current, or past: a party of a hop) or the financing bank of a
 * receivable on the path from its root to it or in its subtree, or the bank of its credit line.
 * A receivable the caller may not see is answered with NOT_FOUND, exactly as a missing one.
 */
import { CREDIT_LINES } from './creditline';
import { NotFoundError, readId, type Receivable } from './contract';
import type { Caller } from './identity';
import { ancestors, branchOf, flatten } from './lineage';
import { RECEIVABLES } from './receivable';
import type { State } from './state';

function involves(receivable: Receivable, participantId: string): boolean {
  return (
    receivable.obligorId === participantId ||
    receivable.originalCreditorId === participantId ||
    receivable.holderId === participantId ||
    receivable.financing?.bankId === participantId ||
    receivable.hops.some((hop) => hop.fromId === participantId || hop.toId === participantId)
  );
}

/** Whether `caller` may see `receivable` (see the module comment); reads lineage only as needed. */
export async function canSee(state: State, caller: Caller, receivable: Receivable): Promise<boolean> {
  if (caller.kind === 'AUDITOR') {
    return true;
  }
  const participantId = caller.participant?.id;
  if (participantId === undefined) {
    return false;
  }
  const involved = (candidate: Receivable): boolean => involves(candidate, participantId);
  return (
    involved(receivable) ||
    (await ancestors(state, receivable)).some(involved) ||
    (await state.existing(CREDIT_LINES, receivable.creditLineId)).bankId === participantId ||
    flatten(await branchOf(state, receivable)).some(involved)
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
