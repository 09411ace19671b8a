/**
 * Which actions a user may take on a receivable, by the chaincode's rules (README "Reference"): the
 * console offers only these; the gateway decides anyway.
 */
import type { Me, Receivable } from './api/schemas';
import { canWrite } from './session';

export type Action =
  | 'accept'
  | 'reject'
  | 'cancel'
  | 'transfer'
  | 'split'
  | 'request-financing'
  | 'approve-financing'
  | 'reject-financing'
  | 'settle';

const SETTLEABLE = new Set(['ACTIVE', 'SPLIT', 'FINANCING_REQUESTED', 'FINANCED']);

/** The actions `me` may take on `receivable`, in the order they are offered. */
export function actionsFor(receivable: Receivable, me: Me): readonly Action[] {
  if (!canWrite(me)) return [];
  const self = me.participantId;
  const { status } = receivable;
  const actions: Action[] = [];
  if (status === 'PENDING_ACCEPTANCE' && receivable.holderId === self) actions.push('accept', 'reject');
  if (status === 'PENDING_ACCEPTANCE' && receivable.obligorId === self) actions.push('cancel');
  if (status === 'ACTIVE' && receivable.holderId === self)
    actions.push('transfer', 'split', 'request-financing');
  if (status === 'FINANCING_REQUESTED' && receivable.financing?.bankId === self) {
    actions.push('approve-financing', 'reject-financing');
  }
  if (receivable.parentId === null && receivable.obligorId === self && SETTLEABLE.has(status)) {
    actions.push('settle');
  }
  return actions;
}
