import { NoQuery, TransactionParams, TransactionView } from '../../api/schemas';
import { transactionView } from '../../api/views';
import { getTransaction } from '../../usecases/transactions';
import { NoBody, authenticatedRoute, type Route } from '../route';

/** `GET /transactions/{txId}` */
export const transactionRoutes: readonly Route[] = [
  authenticatedRoute(
    {
      method: 'get',
      path: '/transactions/{txId}',
      summary: 'A transaction as recorded: validation code, block number, creator MSP (qscc)',
      tag: 'transactions',
      params: TransactionParams,
      query: NoQuery,
      body: NoBody,
      response: { status: 200, description: 'the transaction', schema: TransactionView },
    },
    ({ params }, context) => getTransaction(context, params.txId).then(transactionView),
  ),
];
