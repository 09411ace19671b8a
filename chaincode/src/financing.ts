/**
 * Financing: the holder asks a bank to buy a receivable; the bank approves (and becomes the holder)
 * or rejects. RequestFinancing, ApproveFinancing, RejectFinancing, GetFinancingRequest.
 */
import {
  ConflictError,
  FINANCING_MACHINE,
  ForbiddenError,
  NotFoundError,
  optionalArgument,
  readAmount,
  readFinancingRequest,
  readId,
  readReason,
  transition,
  ValidationError,
  type FinancingEvent,
  type FinancingRequest,
  type FinancingResult,
} from './contract';
import { peersOf } from './endorsement';
import { reader, requireKind, writer, type Actor, type Caller } from './identity';
import { minor } from './money';
import { counterparty } from './participant';
import { changed, moved, RECEIVABLES, requireParty, saveReceivable } from './receivable';
import type { Collection } from './state';
import type { Tx } from './transaction';
import { derivedId } from './values';
import { visibleReceivable } from './visibility';

/** Financing requests: `financing [id]`. */
export const FINANCING_REQUESTS: Collection<FinancingRequest> = {
  objectType: 'financing',
  label: 'financing request',
  read: readFinancingRequest,
};

/**
 * The request decided by operation `event` in this transaction, through the status machine.
 * @throws ConflictError when it is no longer `REQUESTED`.
 */
export function decided(
  tx: Tx,
  request: FinancingRequest,
  event: FinancingEvent,
  changes: Pick<FinancingRequest, 'advanceAmount' | 'reason'> = {},
): FinancingRequest {
  return {
    ...request,
    ...changes,
    status: transition(FINANCING_MACHINE, `financing request ${request.id}`, request.status, event),
    decidedTxId: tx.txId,
  };
}

/** The request named by argument `id`, if `caller` may see it: its requester, its bank, an auditor. */
async function visibleRequest(tx: Tx, caller: Caller, id: unknown): Promise<FinancingRequest> {
  const requestId = readId(id, 'requestId');
  const request = await tx.state.get(FINANCING_REQUESTS, requestId);
  const participantId = caller.participant?.id;
  if (
    request === undefined ||
    (caller.kind !== 'AUDITOR' && participantId !== request.requesterId && participantId !== request.bankId)
  ) {
    throw new NotFoundError(`financing request ${requestId} does not exist`);
  }
  return request;
}

/**
 * RequestFinancing: the holder (not a bank) of an `ACTIVE` receivable asks bank `bankId` to finance
 * it; the receivable becomes `FINANCING_REQUESTED`. The request's key needs the endorsement of the
 * requester's and the bank's orgs.
 */
export async function requestFinancing(
  tx: Tx,
  id: unknown,
  bankId: unknown,
  requestId: unknown,
): Promise<FinancingResult> {
  const actor = await writer(tx);
  requireKind(actor.participant, ['ENTERPRISE'], 'request financing');
  const bankParticipantId = readId(bankId, 'bankId');
  const financingId = optionalArgument(readId)(requestId, 'requestId') ?? derivedId('FR', tx.txId);
  const receivable = await visibleReceivable(tx.state, actor, id);
  requireParty(receivable, 'holder', actor.participant, 'request financing for it');
  const next = changed(tx, receivable, 'REQUEST_FINANCING', {
    financing: { requestId: financingId, bankId: bankParticipantId, status: 'REQUESTED' },
  });
  const bank = await counterparty(tx.state, bankParticipantId, 'bankId', ['BANK']);
  if ((await tx.state.get(FINANCING_REQUESTS, financingId)) !== undefined) {
    throw new ConflictError(`financing request ${financingId} already exists`);
  }
  const financingRequest: FinancingRequest = {
    id: financingId,
    receivableId: receivable.id,
    requesterId: actor.participant.id,
    bankId: bank.id,
    amount: receivable.amount,
    status: 'REQUESTED',
    requestedTxId: tx.txId,
  };
  tx.state.put(FINANCING_REQUESTS, financingId, financingRequest, peersOf(actor.mspId, bank.mspId));
  saveReceivable(tx.state, { previous: receivable, next });
  return { financingRequest, receivable: next };
}

/**
 * The bank's decision on request `requestId`: the request as decided (`event`, `changes`), and the
 * receivable as it is.
 * @throws ForbiddenError when the caller is not the request's bank.
 * @throws ConflictError when the request was already decided.
 */
async function decide(
  tx: Tx,
  bank: Actor,
  requestId: unknown,
  event: FinancingEvent,
  changes: Pick<FinancingRequest, 'advanceAmount' | 'reason'>,
): Promise<FinancingResult> {
  const request = await visibleRequest(tx, bank, requestId);
  if (bank.participant.id !== request.bankId) {
    throw new ForbiddenError(`only bank ${request.bankId} decides financing request ${request.id}`);
  }
  const financingRequest = decided(tx, request, event, changes);
  const receivable = await tx.state.existing(RECEIVABLES, request.receivableId);
  return { financingRequest, receivable };
}

/**
 * ApproveFinancing: the bank finances the receivable with an advance of at most its amount; the bank
 * becomes the holder and the receivable `FINANCED`.
 */
export async function approveFinancing(
  tx: Tx,
  requestId: unknown,
  advanceAmount: unknown,
): Promise<FinancingResult> {
  const bank = await writer(tx);
  const advance = readAmount(advanceAmount, 'advanceAmount');
  const { financingRequest, receivable } = await decide(tx, bank, requestId, 'APPROVE', {
    advanceAmount: advance,
  });
  if (minor(advance) > minor(receivable.amount)) {
    throw new ValidationError(`advanceAmount ${advance} exceeds the receivable's ${receivable.amount}`);
  }
  const next = moved(tx, receivable, 'FINANCE', financingRequest.bankId, 'APPROVE_FINANCING', {
    financing: {
      requestId: financingRequest.id,
      bankId: financingRequest.bankId,
      status: 'APPROVED',
      advanceAmount: advance,
      approvedTxId: tx.txId,
      approvedAt: tx.timestamp,
    },
  });
  tx.state.put(FINANCING_REQUESTS, financingRequest.id, financingRequest);
  saveReceivable(tx.state, { previous: receivable, next, holder: bank.participant });
  return { financingRequest, receivable: next };
}

/** RejectFinancing: the bank declines, with a reason; the receivable is `ACTIVE` again. */
export async function rejectFinancing(tx: Tx, requestId: unknown, reason: unknown): Promise<FinancingResult> {
  const bank = await writer(tx);
  const { financingRequest, receivable } = await decide(tx, bank, requestId, 'REJECT', {
    reason: readReason(reason, 'reason'),
  });
  const next = changed(tx, receivable, 'REJECT_FINANCING', { financing: undefined });
  tx.state.put(FINANCING_REQUESTS, financingRequest.id, financingRequest);
  saveReceivable(tx.state, { previous: receivable, next });
  return { financingRequest, receivable: next };
}

/** GetFinancingRequest: its requester, its bank and auditors see it; anyone else gets NOT_FOUND. */
export async function getFinancingRequest(tx: Tx, id: unknown): Promise<FinancingRequest> {
  return visibleRequest(tx, await reader(tx), id);
}
