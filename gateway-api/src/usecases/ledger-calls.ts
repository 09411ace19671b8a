import type { z } from 'zod';
import { InvalidCommandError, LedgerResultError } from '../domain/errors';
import { readAmount } from '../domain/money';
import type { UseCaseContext } from './context';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses chaincode result bytes as JSON matching `schema`. */
function decode<T>(bytes: Uint8Array, schema: z.ZodType<T>, what: string, transactionId?: string): T {
  let document: unknown;
  try {
    document = JSON.parse(utf8.decode(bytes));
  } catch (error) {
    throw new LedgerResultError(what, error, transactionId);
  }
  const result = schema.safeParse(document);
  if (!result.success) {
    throw new LedgerResultError(what, result.error, transactionId);
  }
  return result.data;
}

/** A chaincode function call. */
export interface ChaincodeCall<T> {
  readonly fn: string;
  readonly args: readonly string[];
  /** The schema of the result. */
  readonly result: z.ZodType<T>;
  /** What the result is, for error messages. */
  readonly what: string;
}

/** Submits a transaction as the context's user and decodes its result; resolves after the commit. */
export async function submit<T>(
  context: UseCaseContext,
  call: Readonly<ChaincodeCall<T>>,
): Promise<{ readonly txId: string; readonly value: T }> {
  const committed = await context.ledger.submit({
    caller: context.user.caller,
    fn: call.fn,
    args: call.args,
    deadline: context.deadline,
  });
  return {
    txId: committed.transactionId,
    value: decode(committed.result, call.result, call.what, committed.transactionId),
  };
}

/** Which page of a list: at most `limit` items, from `cursor` (a previous page's `nextCursor`). */
export interface PageRequest {
  readonly limit: number;
  readonly cursor?: string;
}

/** A page of a list; `nextCursor` asks for the next one (null: this is the last). */
export interface Page<T> {
  readonly items: readonly T[];
  readonly nextCursor: string | null;
}

/**
 * Evaluates a chaincode list `fn` (one `queryJson` argument: `filter`, `pageSize`, `bookmark`) and
 * answers its page, the chaincode's bookmark as the cursor.
 */
export async function evaluatePage<T>(
  context: UseCaseContext,
  call: Readonly<{
    fn: string;
    filter: Readonly<Record<string, string | undefined>>;
    page: PageRequest;
    result: z.ZodType<{ items: T[]; bookmark: string }>;
    what: string;
  }>,
): Promise<Page<T>> {
  const query = { ...call.filter, pageSize: call.page.limit, bookmark: call.page.cursor };
  const { items, bookmark } = await evaluate(context, {
    fn: call.fn,
    args: [JSON.stringify(query)],
    result: call.result,
    what: call.what,
  });
  return { items, nextCursor: bookmark === '' ? null : bookmark };
}

/** Evaluates a query as the context's user and decodes its result. */
export async function evaluate<T>(context: UseCaseContext, call: Readonly<ChaincodeCall<T>>): Promise<T> {
  const bytes = await context.ledger.evaluate({
    caller: context.user.caller,
    fn: call.fn,
    args: call.args,
    deadline: context.deadline,
  });
  return decode(bytes, call.result, call.what);
}

/**
 * Converts a decimal amount of a command to integer minor units of `currency`.
 *
 * @param field - where the amount is in the command, for the problem document (`amount`)
 * @throws InvalidCommandError when the amount does not have exactly the currency's minor digits,
 *   is not positive or has more than 18 digits
 */
export function minorUnits(decimal: string, currency: string, field: string): string {
  const reading = readAmount(decimal, currency);
  if (!reading.ok) {
    throw new InvalidCommandError([{ field, message: reading.message }]);
  }
  return reading.minorUnits;
}
