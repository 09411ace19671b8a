import { z } from 'zod';
import type { CreditLineView, CreditLineWriteView, GrantCreditLineBody } from '../api/schemas';
import { creditLineView } from '../api/views';
import { CreditLineRecord } from '../domain/records';
import { requireBankWriter } from './access-policy';
import type { UseCaseContext } from './context';
import { evaluate, minorUnits, submit } from './ledger-calls';

/** A bank grants an obligor the right to issue receivables up to a limit. */
export async function grantCreditLine(
  context: UseCaseContext,
  body: z.infer<typeof GrantCreditLineBody>,
): Promise<z.infer<typeof CreditLineWriteView>> {
  requireBankWriter(context.user);
  const limit = minorUnits(body.limit, body.currency, 'body.limit');
  const { txId, value } = await submit(context, {
    fn: 'GrantCreditLine',
    args: ['', body.obligorId, body.currency, limit],
    result: CreditLineRecord,
    what: 'credit line',
  });
  return { ...creditLineView(value), txId };
}

/** The credit lines the user may see, optionally of one obligor. */
export async function listCreditLines(
  context: UseCaseContext,
  obligorId: string | undefined,
): Promise<z.infer<typeof CreditLineView>[]> {
  const lines = await evaluate(context, {
    fn: 'ListCreditLines',
    args: [obligorId ?? ''],
    result: z.array(CreditLineRecord),
    what: 'credit line list',
  });
  return lines.map(creditLineView);
}
