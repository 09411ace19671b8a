import {
  EmptyBody,
  FinancingWriteView,
  HistoryView,
  IdParams,
  IssueReceivableBody,
  ListReceivablesQuery,
  NoQuery,
  ProvenanceView,
  ReceivablePageView,
  ReceivableView,
  ReceivableWriteView,
  RejectBody,
  RequestFinancingBody,
  SettleBody,
  SplitBody,
  TransferBody,
} from '../../api/schemas';
import {
  financingWriteView,
  historyView,
  provenanceView,
  receivablePageView,
  receivableView,
  receivableWriteView,
} from '../../api/views';
import { requestFinancing } from '../../usecases/financing';
import {
  acceptReceivable,
  cancelReceivable,
  getHistory,
  getProvenance,
  getReceivable,
  issueReceivable,
  listReceivables,
  rejectReceivable,
  settleReceivable,
  splitReceivable,
  transferReceivable,
} from '../../usecases/receivables';
import { NoBody, NoParams, authenticatedRoute, type Route } from '../route';

const action = (
  path: string,
  summary: string,
): { method: 'post'; path: string; summary: string; tag: string } => ({
  method: 'post',
  path: `/receivables/{id}/${path}`,
  summary,
  tag: 'receivables',
});

const resultingState = {
  status: 200,
  description: 'the resulting state (with the new parts, if any)',
  schema: ReceivableWriteView,
} as const;

const read = (
  path: string,
  summary: string,
): { method: 'get'; path: string; summary: string; tag: string } => ({
  method: 'get',
  path: `/receivables/{id}${path}`,
  summary,
  tag: 'receivables',
});

/** Receivables. */
export const receivableRoutes: readonly Route[] = [
  authenticatedRoute(
    {
      method: 'post',
      path: '/receivables',
      summary: 'Issue a receivable to a creditor (obligor operator) → PENDING_ACCEPTANCE',
      tag: 'receivables',
      params: NoParams,
      query: NoQuery,
      body: IssueReceivableBody,
      response: { status: 201, description: 'the issued receivable', schema: ReceivableWriteView },
    },
    ({ body }, context) => issueReceivable(context, body).then(receivableWriteView),
  ),
  authenticatedRoute(
    {
      ...action('accept', 'Accept a receivable (creditor)'),
      params: IdParams,
      query: NoQuery,
      body: EmptyBody,
      response: resultingState,
    },
    ({ params }, context) => acceptReceivable(context, params.id).then(receivableWriteView),
  ),
  authenticatedRoute(
    {
      ...action('reject', 'Refuse a receivable (creditor)'),
      params: IdParams,
      query: NoQuery,
      body: RejectBody,
      response: resultingState,
    },
    ({ params, body }, context) =>
      rejectReceivable(context, params.id, body.reason).then(receivableWriteView),
  ),
  authenticatedRoute(
    {
      ...action('cancel', 'Withdraw a receivable not yet accepted (obligor)'),
      params: IdParams,
      query: NoQuery,
      body: EmptyBody,
      response: resultingState,
    },
    ({ params }, context) => cancelReceivable(context, params.id).then(receivableWriteView),
  ),
  authenticatedRoute(
    {
      ...action('transfer', 'Transfer the whole receivable or a part (holder)'),
      params: IdParams,
      query: NoQuery,
      body: TransferBody,
      response: resultingState,
    },
    ({ params, body }, context) => transferReceivable(context, params.id, body).then(receivableWriteView),
  ),
  authenticatedRoute(
    {
      ...action('split', 'Split into parts adding up to the receivable (holder)'),
      params: IdParams,
      query: NoQuery,
      body: SplitBody,
      response: resultingState,
    },
    ({ params, body }, context) => splitReceivable(context, params.id, body).then(receivableWriteView),
  ),
  authenticatedRoute(
    {
      ...action('financing-requests', 'Ask a bank to finance the receivable (holder)'),
      params: IdParams,
      query: NoQuery,
      body: RequestFinancingBody,
      response: { status: 201, description: 'the financing request', schema: FinancingWriteView },
    },
    ({ params, body }, context) => requestFinancing(context, params.id, body.bankId).then(financingWriteView),
  ),
  authenticatedRoute(
    {
      ...action('settle', 'Settle a root receivable and all its live parts (obligor)'),
      params: IdParams,
      query: NoQuery,
      body: SettleBody,
      response: resultingState,
    },
    ({ params, body }, context) =>
      settleReceivable(context, params.id, body.paymentRef).then(receivableWriteView),
  ),
  authenticatedRoute(
    {
      method: 'get',
      path: '/receivables',
      summary: 'List the receivables the user may see, a page at a time',
      tag: 'receivables',
      params: NoParams,
      query: ListReceivablesQuery,
      body: NoBody,
      response: { status: 200, description: 'a page of receivables', schema: ReceivablePageView },
    },
    ({ query }, context) => listReceivables(context, query).then(receivablePageView),
  ),
  authenticatedRoute(
    {
      ...read('', 'Read a receivable'),
      params: IdParams,
      query: NoQuery,
      body: NoBody,
      response: { status: 200, description: 'the receivable', schema: ReceivableView },
    },
    ({ params }, context) => getReceivable(context, params.id).then(receivableView),
  ),
  authenticatedRoute(
    {
      ...read('/provenance', 'Where the receivable came from: hops from the root and the split tree'),
      params: IdParams,
      query: NoQuery,
      body: NoBody,
      response: { status: 200, description: 'the provenance', schema: ProvenanceView },
    },
    ({ params }, context) => getProvenance(context, params.id).then(provenanceView),
  ),
  authenticatedRoute(
    {
      ...read('/history', 'Every committed version of the receivable'),
      params: IdParams,
      query: NoQuery,
      body: NoBody,
      response: { status: 200, description: 'the key history', schema: HistoryView },
    },
    ({ params }, context) => getHistory(context, params.id).then(historyView),
  ),
];
