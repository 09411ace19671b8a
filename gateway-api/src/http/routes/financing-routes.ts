import {
  ApproveFinancingBody,
  FinancingRequestView,
  FinancingWriteView,
  IdParams,
  NoQuery,
  RejectBody,
} from '../../api/schemas';
import { financingRequestView, financingWriteView } from '../../api/views';
import { approveFinancing, getFinancingRequest, rejectFinancing } from '../../usecases/financing';
import { NoBody, authenticatedRoute, type Route } from '../route';

const decided = {
  status: 200,
  description: 'the decided request and its receivable',
  schema: FinancingWriteView,
} as const;

/** Financing requests. */
export const financingRoutes: readonly Route[] = [
  authenticatedRoute(
    {
      method: 'post',
      path: '/financing-requests/{id}/approve',
      summary: "Finance the receivable (that bank's operator); the bank becomes its holder",
      tag: 'financing',
      params: IdParams,
      query: NoQuery,
      body: ApproveFinancingBody,
      response: decided,
    },
    ({ params, body }, context) =>
      approveFinancing(context, params.id, body.advanceAmount).then(financingWriteView),
  ),
  authenticatedRoute(
    {
      method: 'post',
      path: '/financing-requests/{id}/reject',
      summary: "Refuse to finance (that bank's operator)",
      tag: 'financing',
      params: IdParams,
      query: NoQuery,
      body: RejectBody,
      response: decided,
    },
    ({ params, body }, context) => rejectFinancing(context, params.id, body.reason).then(financingWriteView),
  ),
  authenticatedRoute(
    {
      method: 'get',
      path: '/financing-requests/{id}',
      summary: 'Read a financing request',
      tag: 'financing',
      params: IdParams,
      query: NoQuery,
      body: NoBody,
      response: { status: 200, description: 'the financing request', schema: FinancingRequestView },
    },
    async ({ params }, context) => {
      const { request, currency } = await getFinancingRequest(context, params.id);
      return financingRequestView(request, currency);
    },
  ),
];
