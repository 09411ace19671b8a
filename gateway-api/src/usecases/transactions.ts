import type { TransactionInfo } from '../ledger/ledger';
import type { UseCaseContext } from './context';

/** A transaction as recorded in the blocks: validation code, block number, creator's MSP. */
export function getTransaction(context: UseCaseContext, transactionId: string): Promise<TransactionInfo> {
  return context.ledger.getTransaction({
    caller: context.user.caller,
    transactionId,
    deadline: context.deadline,
  });
}
