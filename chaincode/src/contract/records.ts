/**
 * The records of the contract: what the chaincode stores, returns and emits, each as a validating
 * schema (the chaincode reads every ledger value and checks every value it writes with these; a
 * client parses every result and event payload with them). Each type is inferred from its schema,
 * so the two cannot drift apart.
 */
import { ValidationError } from './errors';
import {
  arrayOf,
  integer,
  nullable,
  oneOf,
  optional,
  readBoolean,
  readString,
  record,
  refine,
  schema,
  type Infer,
  type JsonSchema,
  type Schema,
} from './schema';
import { FINANCING_STATUSES, RECEIVABLE_STATUSES, type ReceivableStatus } from './status';
import {
  readAmount,
  readBalance,
  readCurrency,
  readDate,
  readId,
  readInvoiceHashes,
  readMspId,
  readName,
  readPaymentRef,
  readReason,
  readTimestamp,
  readTxId,
} from './values';

/** What a participant is. */
export const PARTICIPANT_KINDS = ['ENTERPRISE', 'BANK', 'AUDITOR'] as const;

/** What a participant is. */
export type ParticipantKind = (typeof PARTICIPANT_KINDS)[number];

/**
 * A participant's status: registration creates `ACTIVE` participants; a `SUSPENDED` one is refused
 * as the caller of a write and as a counterparty.
 */
export const PARTICIPANT_STATUSES = ['ACTIVE', 'SUSPENDED'] as const;

/** A participant's status. */
export type ParticipantStatus = (typeof PARTICIPANT_STATUSES)[number];

/** A registered participant. */
export const readParticipant = record({
  id: readId,
  name: readName,
  kind: oneOf(PARTICIPANT_KINDS),
  mspId: readMspId,
  status: oneOf(PARTICIPANT_STATUSES),
});

/** A registered participant. */
export type Participant = Infer<typeof readParticipant>;

/** A credit line: `used` is the sum of the live issued roots drawn on it, never above `limit`. */
export const readCreditLine = refine(
  record({
    id: readId,
    bankId: readId,
    obligorId: readId,
    currency: readCurrency,
    limit: readAmount,
    used: readBalance,
  }),
  'used is at most limit',
  (line, path) => {
    if (BigInt(line.used) > BigInt(line.limit)) {
      throw new ValidationError(`${path}.used exceeds the limit`);
    }
    return line;
  },
);

/** A credit line. */
export type CreditLine = Infer<typeof readCreditLine>;

/** A page of ListParticipants. */
export const readParticipantPage = pageOf(readParticipant);

/** A page of ListParticipants. */
export type ParticipantPage = Infer<typeof readParticipantPage>;

/** A page of ListCreditLines. */
export const readCreditLinePage = pageOf(readCreditLine);

/** A page of ListCreditLines. */
export type CreditLinePage = Infer<typeof readCreditLinePage>;

/** How a receivable moved: issued, transferred, split off its parent, financed by a bank. */
export const HOP_KINDS = ['ISSUE', 'TRANSFER', 'SPLIT', 'FINANCE'] as const;

/** How a receivable moved. */
export type HopKind = (typeof HOP_KINDS)[number];

/** One step of a receivable's provenance. */
export const readHop = record({
  kind: oneOf(HOP_KINDS),
  txId: readTxId,
  timestamp: readTimestamp,
  fromId: readId,
  toId: readId,
  amount: readAmount,
});

/** One step of a receivable's provenance. */
export type Hop = Infer<typeof readHop>;

/** The statuses of the financing recorded on a receivable (a rejected one is removed). */
export const FINANCING_TERM_STATUSES = ['REQUESTED', 'APPROVED'] as const;

/** The financing of a receivable, while requested and once approved. */
export const readFinancing = record({
  requestId: readId,
  bankId: readId,
  status: oneOf(FINANCING_TERM_STATUSES),
  advanceAmount: optional(readAmount),
  approvedTxId: optional(readTxId),
  approvedAt: optional(readTimestamp),
});

/** The financing of a receivable. */
export type Financing = Infer<typeof readFinancing>;

/** The payment that settled a receivable. */
export const readSettlement = record({
  paymentRef: readPaymentRef,
  txId: readTxId,
  timestamp: readTimestamp,
});

/** The payment that settled a receivable. */
export type Settlement = Infer<typeof readSettlement>;

/** Why and when the creditor refused a receivable. */
export const readRejection = record({ reason: readReason, txId: readTxId, timestamp: readTimestamp });

/** Why and when the creditor refused a receivable. */
export type Rejection = Infer<typeof readRejection>;

/** Most parts a split produces. */
export const MAX_PARTS = 100;

/** A receivable: a root issued by an obligor (`parentId` null), or a part split off a parent. */
export const readReceivable = record({
  id: readId,
  rootId: readId,
  parentId: nullable(readId),
  obligorId: readId,
  originalCreditorId: readId,
  holderId: readId,
  amount: readAmount,
  currency: readCurrency,
  issueDate: readDate,
  dueDate: readDate,
  status: oneOf(RECEIVABLE_STATUSES),
  invoiceHashes: readInvoiceHashes,
  creditLineId: readId,
  /** The parts, `<id>.1 … <id>.N`, once `SPLIT`; empty before. */
  childIds: arrayOf(readId, 0, MAX_PARTS),
  /** The hops of this receivable itself; the provenance of a part starts with its ancestors' hops. */
  hops: arrayOf(readHop, 1),
  financing: optional(readFinancing),
  settlement: optional(readSettlement),
  rejection: optional(readRejection),
  createdTxId: readTxId,
  updatedTxId: readTxId,
});

/** A receivable. */
export type Receivable = Infer<typeof readReceivable>;

/** A request to finance (buy) a receivable. */
export const readFinancingRequest = record({
  id: readId,
  receivableId: readId,
  requesterId: readId,
  bankId: readId,
  amount: readAmount,
  status: oneOf(FINANCING_STATUSES),
  requestedTxId: readTxId,
  decidedTxId: optional(readTxId),
  advanceAmount: optional(readAmount),
  reason: optional(readReason),
});

/** A request to finance a receivable. */
export type FinancingRequest = Infer<typeof readFinancingRequest>;

/** The result of a write on one receivable; a partial transfer also returns the parts. */
export const readReceivableResult = record({
  receivable: readReceivable,
  parts: optional(arrayOf(readReceivable, 0, MAX_PARTS)),
});

/** The result of a write on one receivable. */
export type ReceivableResult = Infer<typeof readReceivableResult>;

/** The result of a split or a settlement: the receivable and its (changed) parts. */
export const readSplitResult = record({
  receivable: readReceivable,
  parts: arrayOf(readReceivable, 0),
});

/** The result of a split or a settlement. */
export type SplitResult = Infer<typeof readSplitResult>;

/** The result of a financing write. */
export const readFinancingResult = record({
  financingRequest: readFinancingRequest,
  receivable: readReceivable,
});

/** The result of a financing write. */
export type FinancingResult = Infer<typeof readFinancingResult>;

/**
 * A page of a list: its items, where the next page starts (`""`: this is the last), and how many
 * keys it read (items the caller may not see are left out, so a page may hold fewer).
 */
export function pageOf<T>(item: Schema<T>): Schema<{ items: T[]; bookmark: string; fetched: number }> {
  return record({
    items: arrayOf(item, 0),
    bookmark: readString,
    fetched: integer(0, Number.MAX_SAFE_INTEGER),
  });
}

/** A page of QueryReceivables. */
export const readReceivablePage = pageOf(readReceivable);

/** A page of QueryReceivables. */
export type ReceivablePage = Infer<typeof readReceivablePage>;

/** A receivable's split tree, for provenance. */
export type ProvenanceTree = {
  readonly id: string;
  readonly amount: string;
  readonly holderId: string;
  readonly status: ReceivableStatus;
  readonly children: readonly ProvenanceTree[];
};

/** The name of the provenance tree's JSON Schema, which refers to itself. */
export const PROVENANCE_TREE_SCHEMA_NAME = 'ProvenanceTree';

const treeReference: JsonSchema = { $ref: `#/components/schemas/${PROVENANCE_TREE_SCHEMA_NAME}` };

/** A node of the split tree and, recursively, its parts. */
export const readProvenanceTree: Schema<ProvenanceTree> = schema(
  {
    type: 'object',
    properties: {
      id: readId.jsonSchema,
      amount: readAmount.jsonSchema,
      holderId: readId.jsonSchema,
      status: oneOf(RECEIVABLE_STATUSES).jsonSchema,
      children: { type: 'array', items: treeReference },
    },
    required: ['id', 'amount', 'holderId', 'status', 'children'],
    additionalProperties: false,
  },
  (value, path) =>
    record({
      id: readId,
      amount: readAmount,
      holderId: readId,
      status: oneOf(RECEIVABLE_STATUSES),
      children: arrayOf(readProvenanceTree, 0, MAX_PARTS),
    })(value, path),
);

/** Where a receivable came from: the hops from the root's issuance to it, and the root's tree. */
export const readProvenance = record({ path: arrayOf(readHop, 1), tree: readProvenanceTree });

/** Where a receivable came from. */
export type Provenance = Infer<typeof readProvenance>;

/** One committed version of a receivable's key, newest first. */
export const readHistoryEntry = record({
  txId: readTxId,
  timestamp: readTimestamp,
  isDelete: readBoolean,
  value: nullable(readReceivable),
});

/** One committed version of a receivable's key. */
export type HistoryEntry = Infer<typeof readHistoryEntry>;
