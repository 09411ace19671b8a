/**
 * What the `receivables` chaincode returns (chaincode/README.md), as zod schemas: every result
 * byte string is `unknown` until one of these says otherwise. Amounts are integer minor units.
 */
import { z } from 'zod';
import { MINOR_UNITS_PATTERN } from './money';
import { PARTICIPANT_KINDS } from './orgs';

const minorUnits = z.string().regex(MINOR_UNITS_PATTERN, 'positive minor units');
const minorUnitsOrZero = z.string().regex(/^(0|[1-9][0-9]{0,17})$/, 'minor units');
const currency = z.string().regex(/^[A-Z]{3}$/);

/** A registered participant. */
export const ParticipantRecord = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(PARTICIPANT_KINDS),
  mspId: z.string(),
  status: z.string(),
});
/** A registered participant. */
export type ParticipantRecord = z.infer<typeof ParticipantRecord>;

/** A bank's credit line to an obligor. */
export const CreditLineRecord = z.object({
  id: z.string(),
  bankId: z.string(),
  obligorId: z.string(),
  currency,
  limit: minorUnits,
  used: minorUnitsOrZero,
});
/** A bank's credit line to an obligor. */
export type CreditLineRecord = z.infer<typeof CreditLineRecord>;

/** Receivable statuses. */
export const RECEIVABLE_STATUSES = [
  'PENDING_ACCEPTANCE',
  'ACTIVE',
  'SPLIT',
  'FINANCING_REQUESTED',
  'FINANCED',
  'SETTLED',
  'REJECTED',
  'CANCELLED',
] as const;

/** One step of a receivable's provenance. */
export const HopRecord = z.object({
  kind: z.enum(['ISSUE', 'TRANSFER', 'SPLIT', 'FINANCE']),
  txId: z.string(),
  timestamp: z.string(),
  fromId: z.string().nullable(),
  toId: z.string(),
  amount: minorUnits,
});
/** One step of a receivable's provenance. */
export type HopRecord = z.infer<typeof HopRecord>;

/** Financing terms recorded on a receivable. */
const FinancingTermsRecord = z.object({
  requestId: z.string(),
  bankId: z.string(),
  status: z.enum(['REQUESTED', 'APPROVED']),
  advanceAmount: minorUnits.optional(),
  approvedTxId: z.string().optional(),
  approvedAt: z.string().optional(),
});
/** A payment recorded at settlement. */
const SettlementRecord = z.object({ paymentRef: z.string(), txId: z.string(), timestamp: z.string() });

/** A refusal recorded on a receivable (rejected acceptance). */
const RejectionRecord = z.record(z.string(), z.string());

/** A receivable (digital IOU) or part of one. */
export const ReceivableRecord = z.object({
  id: z.string(),
  rootId: z.string(),
  parentId: z.string().nullable(),
  obligorId: z.string(),
  originalCreditorId: z.string(),
  holderId: z.string(),
  amount: minorUnits,
  currency,
  issueDate: z.string(),
  dueDate: z.string(),
  status: z.enum(RECEIVABLE_STATUSES),
  invoiceHashes: z.array(z.string()),
  creditLineId: z.string(),
  childIds: z.array(z.string()).optional(),
  hops: z.array(HopRecord),
  financing: FinancingTermsRecord.nullish(),
  settlement: SettlementRecord.nullish(),
  rejection: RejectionRecord.nullish(),
  createdTxId: z.string(),
  updatedTxId: z.string(),
});
/** A receivable (digital IOU) or part of one. */
export type ReceivableRecord = z.infer<typeof ReceivableRecord>;

/** A holder's request to a bank to finance a receivable. */
export const FinancingRequestRecord = z.object({
  id: z.string(),
  receivableId: z.string(),
  requesterId: z.string(),
  bankId: z.string(),
  amount: minorUnits,
  status: z.enum(['REQUESTED', 'APPROVED', 'REJECTED', 'CANCELLED']),
  requestedTxId: z.string(),
  decidedTxId: z.string().optional(),
  advanceAmount: minorUnits.optional(),
  reason: z.string().optional(),
});
/** A holder's request to a bank to finance a receivable. */
export type FinancingRequestRecord = z.infer<typeof FinancingRequestRecord>;

/** Result of every receivable write: the receivable and, for splits and settlements, its parts. */
export const ReceivableResult = z.object({
  receivable: ReceivableRecord,
  parts: z.array(ReceivableRecord).optional(),
});
/** Result of every receivable write. */
export type ReceivableResult = z.infer<typeof ReceivableResult>;

/** Result of every financing write. */
export const FinancingResult = z.object({
  financingRequest: FinancingRequestRecord,
  receivable: ReceivableRecord,
});
/** Result of every financing write. */
export type FinancingResult = z.infer<typeof FinancingResult>;

/** One page of a chaincode list (`QueryReceivables`, `ListParticipants`, `ListCreditLines`). */
export const pageOf = <T extends z.ZodType>(
  item: T,
): z.ZodObject<{ items: z.ZodArray<T>; bookmark: z.ZodString; fetched: z.ZodNumber }> =>
  z.object({ items: z.array(item), bookmark: z.string(), fetched: z.number().int().nonnegative() });

/** One page of `QueryReceivables`. */
export const ReceivablePage = pageOf(ReceivableRecord);

/** A node of a receivable's split tree. */
export interface TreeNodeRecord {
  readonly id: string;
  readonly amount: string;
  readonly holderId: string;
  readonly status: (typeof RECEIVABLE_STATUSES)[number];
  readonly children: readonly TreeNodeRecord[];
}

/** A node of a receivable's split tree. */
export const TreeNodeRecord: z.ZodType<TreeNodeRecord> = z.object({
  id: z.string(),
  amount: minorUnits,
  holderId: z.string(),
  status: z.enum(RECEIVABLE_STATUSES),
  get children(): z.ZodArray<z.ZodType<TreeNodeRecord>> {
    return z.array(TreeNodeRecord);
  },
});

/** Result of `GetProvenance`. */
export const ProvenanceRecord = z.object({ path: z.array(HopRecord), tree: TreeNodeRecord });

/** Result of `GetHistory`. */
export const HistoryRecord = z.array(
  z.object({
    txId: z.string(),
    timestamp: z.string(),
    isDelete: z.boolean(),
    value: ReceivableRecord.nullable(),
  }),
);
/** Result of `GetHistory`. */
export type HistoryRecord = z.infer<typeof HistoryRecord>;
