/**
 * What the console reads from `/api/v1`, as zod schemas: every answer is parsed before use (the
 * gateway's OpenAPI document, `/api/openapi.json`, is the contract; only the fields shown are kept).
 */
import { z } from 'zod';

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
export type ReceivableStatus = (typeof RECEIVABLE_STATUSES)[number];

export const AccessToken = z.object({ accessToken: z.string(), expiresIn: z.number() });

export const Me = z.object({
  username: z.string(),
  org: z.string(),
  mspId: z.string(),
  participantId: z.string().nullable(),
  role: z.enum(['admin', 'operator', 'viewer']),
});
export type Me = z.infer<typeof Me>;

export const Hop = z.object({
  kind: z.enum(['ISSUE', 'TRANSFER', 'SPLIT', 'FINANCE']),
  txId: z.string(),
  timestamp: z.string(),
  fromId: z.string().nullable(),
  toId: z.string(),
  amount: z.string(),
});
export type Hop = z.infer<typeof Hop>;

export const Receivable = z.object({
  id: z.string(),
  rootId: z.string(),
  parentId: z.string().nullable(),
  obligorId: z.string(),
  originalCreditorId: z.string(),
  holderId: z.string(),
  amount: z.string(),
  currency: z.string(),
  issueDate: z.string(),
  dueDate: z.string(),
  status: z.enum(RECEIVABLE_STATUSES),
  creditLineId: z.string(),
  childIds: z.array(z.string()).optional(),
  hops: z.array(Hop),
  financing: z
    .object({
      requestId: z.string(),
      bankId: z.string(),
      status: z.enum(['REQUESTED', 'APPROVED']),
      advanceAmount: z.string().optional(),
    })
    .optional(),
  settlement: z.object({ paymentRef: z.string(), txId: z.string(), timestamp: z.string() }).optional(),
  createdTxId: z.string(),
  updatedTxId: z.string(),
});
export type Receivable = z.infer<typeof Receivable>;

/** A page of a list; `nextCursor` asks for the next one (null: this is the last). */
export const pageOf = <T extends z.ZodType>(
  item: T,
): z.ZodObject<{ items: z.ZodArray<T>; nextCursor: z.ZodNullable<z.ZodString> }> =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });

export const ReceivablePage = pageOf(Receivable);

export const ReceivableWrite = Receivable.extend({ txId: z.string() });

export const FinancingRequest = z.object({
  id: z.string(),
  receivableId: z.string(),
  requesterId: z.string(),
  bankId: z.string(),
  amount: z.string(),
  currency: z.string(),
  status: z.enum(['REQUESTED', 'APPROVED', 'REJECTED', 'CANCELLED']),
  advanceAmount: z.string().optional(),
});
export type FinancingRequest = z.infer<typeof FinancingRequest>;

export const FinancingWrite = FinancingRequest.extend({ txId: z.string() });

/** A node of the split tree. */
export interface TreeNode {
  readonly id: string;
  readonly amount: string;
  readonly holderId: string;
  readonly status: ReceivableStatus;
  readonly children: readonly TreeNode[];
}
export const TreeNode: z.ZodType<TreeNode> = z.object({
  id: z.string(),
  amount: z.string(),
  holderId: z.string(),
  status: z.enum(RECEIVABLE_STATUSES),
  get children(): z.ZodArray<z.ZodType<TreeNode>> {
    return z.array(TreeNode);
  },
});

export const Provenance = z.object({ currency: z.string(), path: z.array(Hop), tree: TreeNode });
export type Provenance = z.infer<typeof Provenance>;

export const History = z.array(
  z.object({
    txId: z.string(),
    timestamp: z.string(),
    isDelete: z.boolean(),
    value: Receivable.nullable(),
  }),
);
export type History = z.infer<typeof History>;

export const CreditLine = z.object({
  id: z.string(),
  bankId: z.string(),
  obligorId: z.string(),
  currency: z.string(),
  limit: z.string(),
  used: z.string(),
});
export type CreditLine = z.infer<typeof CreditLine>;

export const Participant = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['ENTERPRISE', 'BANK', 'AUDITOR']),
});
export type Participant = z.infer<typeof Participant>;

export const Transaction = z.object({
  txId: z.string(),
  validationCode: z.string(),
  blockNumber: z.string(),
  creatorMspId: z.string(),
  timestamp: z.string().optional(),
});
export type Transaction = z.infer<typeof Transaction>;

const Amounts = z.object({ currency: z.string(), amount: z.string() });

const RiskReceivable = Receivable.pick({
  id: true,
  holderId: true,
  obligorId: true,
  amount: true,
  currency: true,
  dueDate: true,
  status: true,
});

export const RiskReport = z.object({
  asOfEventId: z.number(),
  utilization: z.array(
    z.object({
      creditLineId: z.string(),
      obligorId: z.string(),
      bankId: z.string(),
      currency: z.string(),
      limit: z.string(),
      used: z.string(),
    }),
  ),
  dueSoon: z.array(RiskReceivable),
  overdue: z.array(RiskReceivable),
  byHolder: z.array(Amounts.extend({ holderId: z.string(), share: z.string() })),
  byBank: z.array(Amounts.extend({ bankId: z.string(), share: z.string() })),
});
export type RiskReport = z.infer<typeof RiskReport>;

/** An RFC 7807 problem document as the gateway answers it. */
export const Problem = z.object({
  status: z.number(),
  code: z.string(),
  title: z.string().optional(),
  detail: z.string().optional(),
  transactionId: z.string().optional(),
  validationCode: z.string().optional(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof Problem>;
