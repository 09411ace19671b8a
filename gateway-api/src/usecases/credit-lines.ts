import type { CreditLine } from 'receivables-chaincode/contract';
import { requireBankWriter } from './access-policy';
import type { UseCaseContext } from './context';
import { evaluatePage, minorUnits, submit, type Page, type PageRequest } from './ledger-calls';

/** What a bank grants (decimal limit in `currency`). */
export interface GrantCreditLineCommand {
  readonly obligorId: string;
  readonly currency: string;
  readonly limit: string;
}

/** A committed credit line grant. */
export interface CreditLineWrite {
  readonly txId: string;
  readonly creditLine: CreditLine;
}

/** A bank grants an obligor the right to issue receivables up to a limit. */
export async function grantCreditLine(
  context: UseCaseContext,
  command: GrantCreditLineCommand,
): Promise<CreditLineWrite> {
  requireBankWriter(context.user);
  const limit = minorUnits(command.limit, command.currency, 'limit');
  const { txId, value } = await submit(context, {
    fn: 'GrantCreditLine',
    args: ['', command.obligorId, command.currency, limit],
    what: 'credit line',
  });
  return { txId, creditLine: value };
}

/** Which credit lines: one obligor's or all, and which page of them. */
export interface CreditLineQuery extends PageRequest {
  readonly obligorId?: string;
}

/** A page of the credit lines the user may see, optionally of one obligor. */
export function listCreditLines(context: UseCaseContext, query: CreditLineQuery): Promise<Page<CreditLine>> {
  return evaluatePage(context, {
    fn: 'ListCreditLines',
    filter: { obligorId: query.obligorId },
    page: query,
    what: 'credit line page',
  });
}
