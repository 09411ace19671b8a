/**
 * The transactions of the `receivables` chaincode: each one's name, its positional string arguments
 * (name and schema, in order), whether it is a write (submitted, one event) or a read (evaluated),
 * the event a write emits, and the schema of the result (which is also the event's payload).
 */
import {
  MAX_PARTS,
  PARTICIPANT_KINDS,
  readCreditLine,
  readCreditLinePage,
  readFinancingRequest,
  readFinancingResult,
  readHistoryEntry,
  readParticipant,
  readParticipantPage,
  readProvenance,
  readReceivable,
  readReceivablePage,
  readReceivableResult,
  readSplitResult,
} from './records';
import {
  arrayOf,
  integer,
  jsonArgument,
  oneOf,
  optional,
  optionalArgument,
  readString,
  record,
  type Infer,
  type Schema,
} from './schema';
import { RECEIVABLE_STATUSES } from './status';
import {
  readAmount,
  readBookmark,
  readCurrency,
  readDate,
  readId,
  readInvoiceHashes,
  readName,
  readPaymentRef,
  readReason,
  readRootId,
} from './values';

/** Most items a page of a list holds. */
export const MAX_PAGE_SIZE = 100;

/** The `requestJson` of IssueReceivable (`id` absent: derived from the transaction id). */
export const readIssueRequest = record({
  id: optional(readRootId),
  creditorId: readId,
  amount: readAmount,
  currency: readCurrency,
  /** Not before the issue date (the date of the transaction), which only the chaincode knows. */
  dueDate: readDate,
  creditLineId: optional(readId),
  invoiceHashes: optional(readInvoiceHashes),
});

/** The `requestJson` of IssueReceivable. */
export type IssueRequest = Infer<typeof readIssueRequest>;

/** How much of a list a query asks for: a page size and where to start (a previous page's bookmark). */
const PAGE = { pageSize: integer(1, MAX_PAGE_SIZE), bookmark: optional(readBookmark) };

/** The `queryJson` of QueryReceivables. */
export const readReceivableQuery = record({
  holderId: optional(readId),
  obligorId: optional(readId),
  status: optional(oneOf(RECEIVABLE_STATUSES)),
  ...PAGE,
});

/** The `queryJson` of ListParticipants. */
export const readParticipantQuery = record(PAGE);

/** The `queryJson` of ListParticipants. */
export type ParticipantQuery = Infer<typeof readParticipantQuery>;

/** The `queryJson` of ListCreditLines: one obligor's lines, or all the caller may see. */
export const readCreditLineQuery = record({ obligorId: optional(readId), ...PAGE });

/** The `queryJson` of ListCreditLines. */
export type CreditLineQuery = Infer<typeof readCreditLineQuery>;

/** The `queryJson` of QueryReceivables. */
export type ReceivableQuery = Infer<typeof readReceivableQuery>;

/** The `amountsJson` of SplitReceivable: 2 to 100 amounts. */
export const readSplitAmounts = arrayOf(readAmount, 2, MAX_PARTS);

/** The chaincode events, one per write transaction, named after what happened. */
export const EVENT_NAMES = [
  'ParticipantRegistered',
  'ParticipantSuspended',
  'ParticipantReinstated',
  'CreditLineGranted',
  'ReceivableIssued',
  'ReceivableAccepted',
  'ReceivableRejected',
  'ReceivableCancelled',
  'ReceivableTransferred',
  'ReceivableSplit',
  'ReceivableSettled',
  'FinancingRequested',
  'FinancingApproved',
  'FinancingRejected',
] as const;

/** A chaincode event name. */
export type EventName = (typeof EVENT_NAMES)[number];

/** A positional argument: its name and schema. */
export type Parameter = readonly [name: string, read: Schema<unknown>];

/** A transaction: its arguments, its result and, for a write, its event. */
export type TransactionSpec = {
  readonly params: readonly Parameter[];
  readonly result: Schema<unknown>;
  /** The event a write emits (payload: the result); absent for a read. */
  readonly event?: EventName;
  /**
   * `'caller'`: whenever the write can succeed, exactly the caller's own org must endorse it, so a
   * client may send it there without asking GetEndorsementPlan (one evaluation less per write). It
   * holds for the holder's own moves: only the holder's operator may make them, participants belong
   * to their operators' MSP, and the keys they change carry the holder's org as their policy (new
   * keys: the chaincode-level policy, which the caller's org satisfies). Absent: only the plan says.
   */
  readonly endorsement?: 'caller';
};

/** Every transaction of the contract, by function name. */
export const TRANSACTIONS = {
  RegisterParticipant: {
    params: [
      ['id', readId],
      ['name', readName],
      ['kind', oneOf(PARTICIPANT_KINDS)],
    ],
    result: readParticipant,
    event: 'ParticipantRegistered',
  },
  SuspendParticipant: { params: [['id', readId]], result: readParticipant, event: 'ParticipantSuspended' },
  ReinstateParticipant: { params: [['id', readId]], result: readParticipant, event: 'ParticipantReinstated' },
  GetParticipant: { params: [['id', readId]], result: readParticipant },
  ListParticipants: {
    params: [['queryJson', jsonArgument(readParticipantQuery)]],
    result: readParticipantPage,
  },
  GrantCreditLine: {
    params: [
      ['id', optionalArgument(readId)],
      ['obligorId', readId],
      ['currency', readCurrency],
      ['limit', readAmount],
    ],
    result: readCreditLine,
    event: 'CreditLineGranted',
  },
  GetCreditLine: { params: [['id', readId]], result: readCreditLine },
  ListCreditLines: {
    params: [['queryJson', jsonArgument(readCreditLineQuery)]],
    result: readCreditLinePage,
  },
  IssueReceivable: {
    params: [['requestJson', jsonArgument(readIssueRequest)]],
    result: readReceivableResult,
    event: 'ReceivableIssued',
  },
  AcceptReceivable: {
    params: [['id', readId]],
    result: readReceivableResult,
    event: 'ReceivableAccepted',
    endorsement: 'caller',
  },
  RejectReceivable: {
    params: [
      ['id', readId],
      ['reason', readReason],
    ],
    result: readReceivableResult,
    event: 'ReceivableRejected',
  },
  CancelReceivable: { params: [['id', readId]], result: readReceivableResult, event: 'ReceivableCancelled' },
  TransferReceivable: {
    params: [
      ['id', readId],
      ['toId', readId],
      ['amount', optionalArgument(readAmount)],
    ],
    result: readReceivableResult,
    event: 'ReceivableTransferred',
    endorsement: 'caller',
  },
  SplitReceivable: {
    params: [
      ['id', readId],
      ['amountsJson', jsonArgument(readSplitAmounts)],
    ],
    result: readSplitResult,
    event: 'ReceivableSplit',
    endorsement: 'caller',
  },
  RequestFinancing: {
    params: [
      ['id', readId],
      ['bankId', readId],
      ['requestId', optionalArgument(readId)],
    ],
    result: readFinancingResult,
    event: 'FinancingRequested',
    endorsement: 'caller',
  },
  ApproveFinancing: {
    params: [
      ['requestId', readId],
      ['advanceAmount', readAmount],
    ],
    result: readFinancingResult,
    event: 'FinancingApproved',
  },
  RejectFinancing: {
    params: [
      ['requestId', readId],
      ['reason', readReason],
    ],
    result: readFinancingResult,
    event: 'FinancingRejected',
  },
  GetFinancingRequest: { params: [['id', readId]], result: readFinancingRequest },
  SettleReceivable: {
    params: [
      ['rootId', readId],
      ['paymentRef', readPaymentRef],
    ],
    result: readSplitResult,
    event: 'ReceivableSettled',
  },
  GetReceivable: { params: [['id', readId]], result: readReceivable },
  QueryReceivables: {
    params: [['queryJson', jsonArgument(readReceivableQuery)]],
    result: readReceivablePage,
  },
  GetProvenance: { params: [['id', readId]], result: readProvenance },
  GetHistory: { params: [['id', readId]], result: arrayOf(readHistoryEntry, 0) },
  GetEndorsementPlan: {
    params: [
      ['fn', readString],
      ['argsJson', jsonArgument(arrayOf(readString, 0))],
    ],
    result: arrayOf(readString, 1),
  },
} as const satisfies Readonly<Record<string, TransactionSpec>>;

/** A transaction name. */
export type TransactionName = keyof typeof TRANSACTIONS;

/** The names of the write transactions (those with an event). */
export type WriteName = {
  [N in TransactionName]: (typeof TRANSACTIONS)[N] extends { readonly event: EventName } ? N : never;
}[TransactionName];

/**
 * The orgs that must endorse write `fn` called by a member of `callerMspId`, when the contract
 * declares them (see {@link TransactionSpec.endorsement}); `undefined` when only the chaincode's
 * GetEndorsementPlan, run against the current state, can say.
 */
export function declaredEndorsers(fn: string, callerMspId: string): string[] | undefined {
  const spec: TransactionSpec | undefined = isTransactionName(fn) ? TRANSACTIONS[fn] : undefined;
  return spec?.endorsement === 'caller' ? [callerMspId] : undefined;
}

function isTransactionName(name: string): name is TransactionName {
  return Object.hasOwn(TRANSACTIONS, name);
}

/** The result type of transaction `N`. */
export type ResultOf<N extends TransactionName> = Infer<(typeof TRANSACTIONS)[N]['result']>;
