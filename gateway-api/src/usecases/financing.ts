import type { z } from 'zod';
import type { FinancingRequestView, FinancingWriteView } from '../api/schemas';
import { financingRequestView, receivableView } from '../api/views';
import { FinancingRequestRecord, FinancingResult, ReceivableRecord } from '../domain/records';
import { requireBankWriter, requireWriter } from './access-policy';
import type { UseCaseContext } from './context';
import { evaluate, minorUnits, submit } from './ledger-calls';

type FinancingWrite = z.infer<typeof FinancingWriteView>;

async function writeFinancing(
  context: UseCaseContext,
  fn: string,
  args: readonly string[],
): Promise<FinancingWrite> {
  const { txId, value } = await submit(context, {
    fn,
    args,
    result: FinancingResult,
    what: 'financing request',
  });
  return {
    ...financingRequestView(value.financingRequest, value.receivable.currency),
    receivable: receivableView(value.receivable),
    txId,
  };
}

/** The request and the currency of its receivable. */
async function readRequest(
  context: UseCaseContext,
  requestId: string,
): Promise<{ request: FinancingRequestRecord; currency: string }> {
  const request = await evaluate(context, {
    fn: 'GetFinancingRequest',
    args: [requestId],
    result: FinancingRequestRecord,
    what: 'financing request',
  });
  const receivable = await evaluate(context, {
    fn: 'GetReceivable',
    args: [request.receivableId],
    result: ReceivableRecord,
    what: 'receivable',
  });
  return { request, currency: receivable.currency };
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
  const advance = minorUnits(advanceAmount, currency, 'body.advanceAmount');
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
export async function getFinancingRequest(
  context: UseCaseContext,
  requestId: string,
): Promise<z.infer<typeof FinancingRequestView>> {
  const { request, currency } = await readRequest(context, requestId);
  return financingRequestView(request, currency);
}
