import type { CreditLine } from 'receivables-chaincode/contract';
import { requireBankWriter } from './access-policy';
import type { UseCaseContext } from './context';
import { evaluate, minorUnits, submit } from './ledger-calls';

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

/** The credit lines the user may see, optionally of one obligor. */
export function listCreditLines(
  context: UseCaseContext,
  obligorId: string | undefined,
): Promise<CreditLine[]> {
  return evaluate(context, {
    fn: 'ListCreditLines',
    args: [obligorId ?? ''],
    what: 'credit line list',
  });
}
