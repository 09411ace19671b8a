import type { z } from 'zod';
import type { TransactionView } from '../api/schemas';
import type { UseCaseContext } from './context';

/** A transaction as recorded in the blocks: validation code, block number, creator's MSP. */
export async function getTransaction(
  context: UseCaseContext,
  transactionId: string,
): Promise<z.infer<typeof TransactionView>> {
  const info = await context.ledger.getTransaction({
    caller: context.user.caller,
    transactionId,
    deadline: context.deadline,
  });
  return {
    txId: info.transactionId,
    validationCode: info.validationCode,
    blockNumber: info.blockNumber.toString(),
    creatorMspId: info.creatorMspId,
    ...(info.timestamp === undefined ? {} : { timestamp: info.timestamp }),
  };
}
