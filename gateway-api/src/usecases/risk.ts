import { AccessDeniedError } from '../domain/errors';
import type { RiskProjection, RiskReport } from '../events/risk-projection';
import type { UseCaseContext } from './context';

/**
 * The risk dashboard's figures. They span every participant, so only the auditor org (which reads
 * everything on chain) may see them.
 */
export function riskReport(
  context: Pick<UseCaseContext, 'user'>,
  projection: RiskProjection,
  today: string,
): RiskReport {
  if (context.user.orgKind !== 'AUDITOR') {
    throw new AccessDeniedError('only auditors see the risk figures across participants');
  }
  return projection.report(today);
}
