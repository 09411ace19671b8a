import { z } from 'zod';
import { NoQuery } from '../../api/schemas';
import type { RiskProjection } from '../../events/risk-projection';
import { riskReport } from '../../usecases/risk';
import { NoBody, NoParams, authenticatedRoute, type Route } from '../route';

const Amount = z.string().openapi({ example: '1250.50' });
const Share = z.string().openapi({ example: '12.5', description: 'percent of the currency total' });
const RiskReceivableView = z.object({
  id: z.string(),
  holderId: z.string(),
  obligorId: z.string(),
  amount: Amount,
  currency: z.string(),
  dueDate: z.string(),
  status: z.string(),
});

const RiskView = z
  .object({
    asOfEventId: z.number().int().describe('the last event (SSE id) folded into the figures'),
    utilization: z.array(
      z.object({
        creditLineId: z.string(),
        obligorId: z.string(),
        bankId: z.string(),
        currency: z.string(),
        limit: Amount,
        used: Amount,
      }),
    ),
    dueSoon: z.array(RiskReceivableView).describe('held receivables due within 30 days'),
    overdue: z.array(RiskReceivableView).describe('open receivables past their due date'),
    byHolder: z.array(z.object({ holderId: z.string(), currency: z.string(), amount: Amount, share: Share })),
    byBank: z
      .array(z.object({ bankId: z.string(), currency: z.string(), amount: Amount, share: Share }))
      .describe("live receivables drawn on each bank's credit lines"),
  })
  .openapi('Risk');

/** `GET /risk` */
export function riskRoutes(projection: RiskProjection): readonly Route[] {
  return [
    authenticatedRoute(
      {
        method: 'get',
        path: '/risk',
        summary: 'Early warning (auditors): credit-line use, due and overdue receivables, concentration',
        tag: 'risk',
        params: NoParams,
        query: NoQuery,
        body: NoBody,
        response: { status: 200, description: "figures from the gateway's event log", schema: RiskView },
      },
      (_input, context) =>
        Promise.resolve(riskReport(context, projection, new Date().toISOString().slice(0, 10))),
    ),
  ];
}
