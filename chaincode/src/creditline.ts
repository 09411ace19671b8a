/**
 * Credit lines: a bank lets an obligor (a core enterprise) issue receivables up to `limit`.
 * Issuing draws on the line, rejecting, cancelling and settling restore it.
 *
 * The line is read and written by every issuance against it, so concurrent issuances conflict at
 * MVCC validation and only one of them commits: the limit can never be exceeded.
 */
import {
  ConflictError,
  LimitExceededError,
  NotFoundError,
  optionalArgument,
  readAmount,
  readCreditLine,
  readCreditLineQuery,
  readCurrency,
  readId,
  readJsonArgument,
  ValidationError,
  type CreditLine,
  type CreditLinePage,
  type Participant,
} from './contract';
import { peersOf } from './endorsement';
import { CREDIT_LINES_BY_OBLIGOR } from './indexes';
import { reader, requireKind, writer, type Caller } from './identity';
import { digits, minor } from './money';
import { counterparty } from './participant';
import type { Collection, State } from './state';
import type { Tx } from './transaction';
import { pageOfIds } from './paging';
import { derivedId } from './values';

/** Credit lines: `creditline [id]`. */
export const CREDIT_LINES: Collection<CreditLine> = {
  objectType: 'creditline',
  label: 'credit line',
  read: readCreditLine,
};

/** Whether `caller` may see `line`: its bank, its obligor, or an auditor. */
function canSee(caller: Caller, line: CreditLine): boolean {
  const id = caller.participant?.id;
  return caller.kind === 'AUDITOR' || id === line.bankId || id === line.obligorId;
}

function hasRoom(line: CreditLine, amount: string): boolean {
  return minor(line.used) + minor(amount) <= minor(line.limit);
}

/** The line with `amount` more used. @throws LimitExceededError when it has no room for it. */
function draw(line: CreditLine, amount: string): CreditLine {
  if (!hasRoom(line, amount)) {
    throw new LimitExceededError(`credit line ${line.id} has no room for ${amount} ${line.currency}`);
  }
  return { ...line, used: digits(minor(line.used) + minor(amount)) };
}

/** The line with `amount` given back (a root rejected, cancelled or settled). */
export function restore(line: CreditLine, amount: string): CreditLine {
  return { ...line, used: digits(minor(line.used) - minor(amount)) };
}

/** Stages a changed line (its endorsement policy stays as granted). */
export function saveCreditLine(state: State, line: CreditLine): void {
  state.put(CREDIT_LINES, line.id, line);
}

/**
 * The line an issuance of `amount` by `obligor` draws on, already drawn: line `lineId` when given,
 * otherwise the first line (by id) of that obligor and currency with room.
 * @throws NotFoundError when line `lineId` does not exist or is another obligor's.
 * @throws ValidationError when it is in another currency.
 * @throws LimitExceededError when the line (or every line) has no room.
 */
export async function drawForIssuance(
  state: State,
  obligor: Participant,
  currency: string,
  amount: string,
  lineId: string | undefined,
): Promise<CreditLine> {
  if (lineId !== undefined) {
    const line = await state.get(CREDIT_LINES, lineId);
    if (line?.obligorId !== obligor.id) {
      throw new NotFoundError(`credit line ${lineId} does not exist`);
    }
    if (line.currency !== currency) {
      throw new ValidationError(`credit line ${lineId} is in ${line.currency}, not ${currency}`);
    }
    return draw(line, amount);
  }
  for (const id of await state.scan(CREDIT_LINES_BY_OBLIGOR, [obligor.id, currency])) {
    const line = await state.existing(CREDIT_LINES, id);
    if (hasRoom(line, amount)) {
      return draw(line, amount);
    }
  }
  throw new LimitExceededError(`no credit line of ${obligor.id} in ${currency} has room for ${amount}`);
}

/**
 * GrantCreditLine: a bank operator grants obligor `obligorId` a line of `limit` in `currency`.
 * The line's key needs the endorsement of both the bank's and the obligor's orgs.
 */
export async function grantCreditLine(
  tx: Tx,
  id: unknown,
  obligorId: unknown,
  currency: unknown,
  limit: unknown,
): Promise<CreditLine> {
  const { participant: bank } = await writer(tx);
  requireKind(bank, ['BANK'], 'grant a credit line');
  const lineId = optionalArgument(readId)(id, 'id') ?? derivedId('CL', tx.txId);
  const obligorParticipantId = readId(obligorId, 'obligorId');
  const line: CreditLine = {
    id: lineId,
    bankId: bank.id,
    obligorId: obligorParticipantId,
    currency: readCurrency(currency, 'currency'),
    limit: readAmount(limit, 'limit'),
    used: '0',
  };
  const obligor = await counterparty(tx.state, obligorParticipantId, 'obligorId', ['ENTERPRISE']);
  if ((await tx.state.get(CREDIT_LINES, lineId)) !== undefined) {
    throw new ConflictError(`credit line ${lineId} already exists`);
  }
  tx.state.put(CREDIT_LINES, lineId, line, peersOf(bank.mspId, obligor.mspId));
  tx.state.putIndex(CREDIT_LINES_BY_OBLIGOR, [line.obligorId, line.currency, line.id]);
  return line;
}

/** GetCreditLine: the line's bank and obligor and auditors see it; anyone else gets NOT_FOUND. */
export async function getCreditLine(tx: Tx, id: unknown): Promise<CreditLine> {
  const caller = await reader(tx);
  const lineId = readId(id, 'id');
  const line = await tx.state.get(CREDIT_LINES, lineId);
  if (line === undefined || !canSee(caller, line)) {
    throw new NotFoundError(`credit line ${lineId} does not exist`);
  }
  return line;
}

/**
 * ListCreditLines: a page of the lines the caller may see, of one obligor (by currency, then id) or
 * all (by id); the lines it may not see are left out of the page.
 */
export async function listCreditLines(tx: Tx, queryJson: unknown): Promise<CreditLinePage> {
  const caller = await reader(tx);
  const { obligorId, pageSize, bookmark } = readCreditLineQuery(
    readJsonArgument(queryJson, 'queryJson'),
    'query',
  );
  const range =
    obligorId === undefined
      ? { objectType: CREDIT_LINES.objectType, prefix: [] }
      : { objectType: CREDIT_LINES_BY_OBLIGOR, prefix: [obligorId] };
  const page = await pageOfIds(tx.state, range, pageSize, bookmark);
  const items: CreditLine[] = [];
  for (const id of page.ids) {
    const line = await tx.state.existing(CREDIT_LINES, id);
    if (canSee(caller, line)) {
      items.push(line);
    }
  }
  return { items, bookmark: page.bookmark, fetched: page.fetched };
}
