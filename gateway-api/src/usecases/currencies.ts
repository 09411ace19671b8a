import { InvalidCommandError } from '../domain/errors';
import type { Receivable } from 'receivables-chaincode/contract';
import type { UseCaseContext } from './context';
import { evaluate, minorUnits } from './ledger-calls';

/** Reads a receivable as the context's user, and remembers its currency. */
export async function readReceivable(context: UseCaseContext, id: string): Promise<Receivable> {
  const receivable = await evaluate(context, {
    fn: 'GetReceivable',
    args: [id],
    what: 'receivable',
  });
  context.currencies.remember([receivable]);
  return receivable;
}

/** The currency of a receivable: remembered, or read as the context's user. */
export async function currencyOf(context: UseCaseContext, receivableId: string): Promise<string> {
  return context.currencies.get(receivableId) ?? (await readReceivable(context, receivableId)).currency;
}

/** A decimal amount of a command and where it is in the command (`amount`, `parts.0.amount`). */
export interface CommandAmount {
  readonly decimal: string;
  readonly field: string;
}

/**
 * Converts amounts of a command about a receivable to minor units of its currency. An amount
 * refused with a remembered currency is refused only after the user has been shown to read the
 * receivable: the refusal names the currency's minor digits, which a stranger must not learn.
 *
 * @throws InvalidCommandError when an amount does not fit the currency
 */
export async function amountsOf(
  context: UseCaseContext,
  receivableId: string,
  amounts: readonly CommandAmount[],
): Promise<string[]> {
  const remembered = context.currencies.get(receivableId);
  const currency = remembered ?? (await readReceivable(context, receivableId)).currency;
  try {
    return amounts.map(({ decimal, field }) => minorUnits(decimal, currency, field));
  } catch (error) {
    if (error instanceof InvalidCommandError && remembered !== undefined) {
      await readReceivable(context, receivableId);
    }
    throw error;
  }
}
