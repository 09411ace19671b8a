import type { RiskProjection } from '../../events/risk-projection';
import type { UserEnrollment } from '../../usecases/identities';
import type { Route } from '../route';
import { authRoutes } from './auth-routes';
import { creditLineRoutes } from './credit-line-routes';
import { financingRoutes } from './financing-routes';
import { participantRoutes } from './participant-routes';
import { receivableRoutes } from './receivable-routes';
import { riskRoutes } from './risk-routes';
import { sessionRoutes } from './session-routes';
import { transactionRoutes } from './transaction-routes';

/** Every JSON route of `/api/v1`. */
export function apiRoutes(enrollment: UserEnrollment, risk: RiskProjection): readonly Route[] {
  return [
    ...authRoutes,
    ...sessionRoutes,
    ...participantRoutes(enrollment),
    ...creditLineRoutes,
    ...receivableRoutes,
    ...financingRoutes,
    ...transactionRoutes,
    ...riskRoutes(risk),
  ];
}
