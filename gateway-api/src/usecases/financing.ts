import type { FinancingRequest, FinancingResult } from 'receivables-chaincode/contract';
import { requireBankWriter, requireWriter } from './access-policy';
import type { UseCaseContext } from './context';
import { currencyOf } from './currencies';
import { evaluate, minorUnits, submit } from './ledger-calls';

/** A committed financing write: the request and the receivable it concerns. */
export interface FinancingWrite extends FinancingResult {
  readonly txId: string;
}

/** A financing request with the currency of its receivable (the unit of its amounts). */
export interface FinancingRequestInCurrency {
  readonly request: FinancingRequest;
  readonly currency: string;
}

async function writeFinancing(
  context: UseCaseContext,
  fn: 'RequestFinancing' | 'ApproveFinancing' | 'RejectFinancing',
  args: readonly string[],
): Promise<FinancingWrite> {
  const { txId, value } = await submit(context, {
    fn,
    args,
    what: 'financing request',
  });
  context.currencies.remember([value.receivable]);
  return { ...value, txId };
}

/** The request and the currency of its receivable. */
async function readRequest(context: UseCaseContext, requestId: string): Promise<FinancingRequestInCurrency> {
  const request = await evaluate(context, {
    fn: 'GetFinancingRequest',
    args: [requestId],
    what: 'financing request',
  });
  return { request, currency: await currencyOf(context, request.receivableId) };
}

/** The holder asks a bank to finance its receivable → `FINANCING_REQUESTED`. */
export function requestFinancing(
  context: UseCaseContext,
  receivableId: string,
  bankId: string,
): Promise<FinancingWrite> {
  requireWriter(context.user);
  return writeFinancing(context, 'RequestFinancing', [receivableId, bankId, '']);
}

/** The bank finances the receivable: it becomes the holder → `FINANCED`. */
export async function approveFinancing(
  context: UseCaseContext,
  requestId: string,
  advanceAmount: string,
): Promise<FinancingWrite> {
  requireBankWriter(context.user);
  const { currency } = await readRequest(context, requestId);
  const advance = minorUnits(advanceAmount, currency, 'advanceAmount');
  return writeFinancing(context, 'ApproveFinancing', [requestId, advance]);
}

/** The bank refuses; the receivable is `ACTIVE` again. */
export function rejectFinancing(
  context: UseCaseContext,
  requestId: string,
  reason: string,
): Promise<FinancingWrite> {
  requireBankWriter(context.user);
  return writeFinancing(context, 'RejectFinancing', [requestId, reason]);
}

/** One financing request the user may see. */
export function getFinancingRequest(
  context: UseCaseContext,
  requestId: string,
): Promise<FinancingRequestInCurrency> {
  return readRequest(context, requestId);
}
