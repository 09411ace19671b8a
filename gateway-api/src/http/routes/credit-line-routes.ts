import {
  CreditLinePageView,
  CreditLineWriteView,
  GrantCreditLineBody,
  ListCreditLinesQuery,
  NoQuery,
} from '../../api/schemas';
import { creditLineView, creditLineWriteView, pageView } from '../../api/views';
import { grantCreditLine, listCreditLines } from '../../usecases/credit-lines';
import { NoBody, NoParams, authenticatedRoute, type Route } from '../route';

/** Credit lines. */
export const creditLineRoutes: readonly Route[] = [
  authenticatedRoute(
    {
      method: 'post',
      path: '/credit-lines',
      summary: 'Grant an obligor a credit line (bank operator)',
      tag: 'credit lines',
      params: NoParams,
      query: NoQuery,
      body: GrantCreditLineBody,
      response: { status: 201, description: 'the granted credit line', schema: CreditLineWriteView },
    },
    ({ body }, context) => grantCreditLine(context, body).then(creditLineWriteView),
  ),
  authenticatedRoute(
    {
      method: 'get',
      path: '/credit-lines',
      summary: 'List the credit lines the user may see, a page at a time',
      tag: 'credit lines',
      params: NoParams,
      query: ListCreditLinesQuery,
      body: NoBody,
      response: { status: 200, description: 'a page of credit lines', schema: CreditLinePageView },
    },
    async ({ query }, context) => pageView(await listCreditLines(context, query), creditLineView),
  ),
];
