import {
  parseJson,
  TRANSACTIONS,
  type Reader,
  type ResultOf,
  type TransactionName,
} from 'receivables-chaincode/contract';
import { InvalidCommandError, LedgerResultError } from '../domain/errors';
import { readAmount } from '../domain/money';
import type { UseCaseContext } from './context';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The contract's reader of each transaction's result, indexed so a generic `fn` keeps its type. */
const RESULT_READERS: { readonly [N in TransactionName]: { readonly result: Reader<ResultOf<N>> } } =
  TRANSACTIONS;

/** Parses `fn`'s result bytes with the contract's reader of that result. */
function decode<N extends TransactionName>(
  bytes: Uint8Array,
  call: Readonly<ChaincodeCall<N>>,
  transactionId?: string,
): ResultOf<N> {
  try {
    return RESULT_READERS[call.fn].result(parseJson(utf8.decode(bytes)), call.what);
  } catch (error) {
    throw new LedgerResultError(call.what, error, transactionId);
  }
}

/** A chaincode function call; its result is read with the contract's schema of `fn`'s result. */
export interface ChaincodeCall<N extends TransactionName> {
  readonly fn: N;
  readonly args: readonly string[];
  /** What the result is, for error messages. */
  readonly what: string;
}

/** Submits a transaction as the context's user and decodes its result; resolves after the commit. */
export async function submit<N extends TransactionName>(
  context: UseCaseContext,
  call: Readonly<ChaincodeCall<N>>,
): Promise<{ readonly txId: string; readonly value: ResultOf<N> }> {
  const committed = await context.ledger.submit({
    caller: context.user.caller,
    fn: call.fn,
    args: call.args,
    deadline: context.deadline,
  });
  return {
    txId: committed.transactionId,
    value: decode(committed.result, call, committed.transactionId),
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

/** The list transactions: one `queryJson` argument (filter, `pageSize`, `bookmark`), a page as result. */
type ListTransaction = 'QueryReceivables' | 'ListParticipants' | 'ListCreditLines';

/** An item of `fn`'s page. */
type ItemOf<N extends ListTransaction> = ResultOf<N>['items'][number];

/** Evaluates a chaincode list `fn` and answers its page, the chaincode's bookmark as the cursor. */
export async function evaluatePage<N extends ListTransaction>(
  context: UseCaseContext,
  call: Readonly<{
    fn: N;
    filter: Readonly<Record<string, string | undefined>>;
    page: PageRequest;
    what: string;
  }>,
): Promise<Page<ItemOf<N>>> {
  const query = { ...call.filter, pageSize: call.page.limit, bookmark: call.page.cursor };
  const { items, bookmark } = await evaluate(context, {
    fn: call.fn,
    args: [JSON.stringify(query)],
    what: call.what,
  });
  return { items, nextCursor: bookmark === '' ? null : bookmark };
}

/** Evaluates a query as the context's user and decodes its result. */
export async function evaluate<N extends TransactionName>(
  context: UseCaseContext,
  call: Readonly<ChaincodeCall<N>>,
): Promise<ResultOf<N>> {
  const bytes = await context.ledger.evaluate({
    caller: context.user.caller,
    fn: call.fn,
    args: call.args,
    deadline: context.deadline,
  });
  return decode(bytes, call);
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
