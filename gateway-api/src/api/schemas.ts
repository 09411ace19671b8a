/**
 * The REST contract as zod schemas: they validate every request and describe every response, and
 * the OpenAPI document is generated from them. Amounts are decimal strings with exactly the
 * currency's minor digits; request objects are strict (unknown fields are refused).
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { isKnownCurrency } from '../domain/money';
import { ORG_KEY_PATTERN, PARTICIPANT_KINDS, ROLES } from '../domain/orgs';
import { RECEIVABLE_STATUSES } from '../domain/records';
import { PROBLEM_CODES } from '../domain/errors';

extendZodWithOpenApi(z);

/** The largest page a list answers. */
const MAX_PAGE_SIZE = 100;
/** The page size when none is asked for. */
const DEFAULT_PAGE_SIZE = 20;

// ---- values ---------------------------------------------------------------------------------------

/** A ledger identifier: `^[A-Za-z0-9]+([._-][A-Za-z0-9]+)*$`, at most 128 characters. */
export const Id = z
  .string()
  .max(128)
  .regex(/^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/, 'must be letters and digits separated by single . _ -')
  .openapi({ example: 'SUP1' });

/** A Fabric transaction id (64 lowercase hex digits). */
const TransactionId = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'must be 64 lowercase hex digits')
  .openapi({ example: 'a'.repeat(64) });

/** An ISO 4217 currency code with defined minor units. */
const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code')
  .refine(isKnownCurrency, 'unknown ISO 4217 currency')
  .openapi({ example: 'EUR' });

/** A positive decimal amount; its minor digits are checked against the currency. */
const DecimalAmount = z
  .string()
  .max(40)
  .regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, 'must be a decimal string such as "1250.50"')
  .openapi({
    example: '1250.50',
    description: 'decimal string with exactly the currency minor digits ("1250.50" EUR, "1250" JPY)',
  });

/** A calendar date `YYYY-MM-DD`. */
const CalendarDate = z.iso.date().openapi({ example: '2030-06-30' });

const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'must be a lowercase hex SHA-256 digest');

const Reason = z.string().trim().min(1).max(512);

// ---- requests --------------------------------------------------------------------------------------

/** `POST /auth/token` */
export const LoginBody = z
  .strictObject({ username: z.string().min(1).max(128), password: z.string().min(1).max(256) })
  .openapi('LoginRequest');

/** `POST /participants` */
export const CreateParticipantBody = z
  .strictObject({ id: Id, name: z.string().trim().min(1).max(200), kind: z.enum(PARTICIPANT_KINDS) })
  .openapi('CreateParticipantRequest');

/** `POST /participants/{id}/users` */
export const CreateUserBody = z
  .strictObject({
    username: z
      .string()
      .regex(
        new RegExp(`^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?@${ORG_KEY_PATTERN.source.slice(1, -1)}$`),
        "must be <name>@<org> in lower case, <org> the administrator's own, e.g. ops@enterprise",
      )
      .openapi({ example: 'ops@enterprise' }),
    password: z.string().min(12, 'must be at least 12 characters').max(256),
    role: z.enum(ROLES),
  })
  .openapi('CreateUserRequest');

/** `POST /credit-lines` */
export const GrantCreditLineBody = z
  .strictObject({ obligorId: Id, currency: Currency, limit: DecimalAmount })
  .openapi('GrantCreditLineRequest');

/** `POST /receivables` */
export const IssueReceivableBody = z
  .strictObject({
    id: Id.optional(),
    creditorId: Id,
    amount: DecimalAmount,
    currency: Currency,
    dueDate: CalendarDate,
    creditLineId: Id.optional(),
    invoiceHashes: z
      .array(Sha256Hex)
      .max(50)
      .refine((hashes) => new Set(hashes).size === hashes.length, 'must not repeat a hash')
      .optional(),
  })
  .openapi('IssueReceivableRequest');

/** A body-less action (`accept`, `cancel`): nothing or `{}`. */
export const EmptyBody = z.strictObject({}).openapi('EmptyRequest');

/** `POST …/reject` */
export const RejectBody = z.strictObject({ reason: Reason }).openapi('RejectRequest');

/** `POST /receivables/{id}/transfer` */
export const TransferBody = z
  .strictObject({ toId: Id, amount: DecimalAmount.optional() })
  .openapi('TransferRequest');

/** `POST /receivables/{id}/split` */
export const SplitBody = z
  .strictObject({
    parts: z
      .array(z.strictObject({ amount: DecimalAmount }))
      .min(2)
      .max(100),
  })
  .openapi('SplitRequest');

/** `POST /receivables/{id}/financing-requests` */
export const RequestFinancingBody = z.strictObject({ bankId: Id }).openapi('FinancingRequestRequest');

/** `POST /financing-requests/{id}/approve` */
export const ApproveFinancingBody = z
  .strictObject({ advanceAmount: DecimalAmount })
  .openapi('ApproveFinancingRequest');

/** `POST /receivables/{id}/settle` */
export const SettleBody = z
  .strictObject({
    paymentRef: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[\x20-\x7E]+$/, 'must be printable ASCII'),
  })
  .openapi('SettleRequest');

/** `{id}` path parameter. */
export const IdParams = z.strictObject({ id: Id });

/** `{txId}` path parameter. */
export const TransactionParams = z.strictObject({ txId: TransactionId });

/** Which page of a list: `limit` items from `cursor` (a previous page's `nextCursor`). */
const PageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: z.string().min(1).max(2048).optional(),
};

/** `GET /receivables` query. */
export const ListReceivablesQuery = z.strictObject({
  holderId: Id.optional(),
  obligorId: Id.optional(),
  status: z.enum(RECEIVABLE_STATUSES).optional(),
  ...PageQuery,
});

/** `GET /participants` query. */
export const ListParticipantsQuery = z.strictObject(PageQuery);

/** `GET /credit-lines` query. */
export const ListCreditLinesQuery = z.strictObject({ obligorId: Id.optional(), ...PageQuery });

/** No query parameters. */
export const NoQuery = z.strictObject({});

// ---- responses -------------------------------------------------------------------------------------

/** RFC 7807 problem document. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.enum(PROBLEM_CODES),
    detail: z.string(),
    instance: z.string(),
    requestId: z.string().optional(),
    transactionId: z.string().optional(),
    validationCode: z.string().optional(),
    outcome: z.enum(['PENDING', 'COMMITTED']).optional().openapi({
      description:
        'a retried Idempotency-Key whose transaction (transactionId) is still pending, or committed without a recorded response',
    }),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi('Problem');

/** `POST /auth/token` answer. */
export const AccessTokenView = z
  .object({ accessToken: z.string(), tokenType: z.literal('Bearer'), expiresIn: z.number().int() })
  .openapi('AccessToken');

/** A participant. */
export const ParticipantView = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(PARTICIPANT_KINDS),
    mspId: z.string(),
    status: z.string(),
  })
  .openapi('Participant');

const txId = { txId: z.string().describe('the committed transaction') };

/** A participant just registered. */
export const ParticipantWriteView = ParticipantView.extend(txId).openapi('ParticipantWrite');

/** A user just enrolled. */
export const UserView = z
  .object({
    username: z.string(),
    org: z.string().regex(ORG_KEY_PATTERN),
    mspId: z.string(),
    participantId: z.string(),
    role: z.enum(ROLES),
  })
  .openapi('User');

/** A credit line. */
export const CreditLineView = z
  .object({
    id: z.string(),
    bankId: z.string(),
    obligorId: z.string(),
    currency: z.string(),
    limit: z.string(),
    used: z.string(),
  })
  .openapi('CreditLine');

/** A credit line just granted. */
export const CreditLineWriteView = CreditLineView.extend(txId).openapi('CreditLineWrite');

/** One step of a receivable's provenance. */
export const HopView = z
  .object({
    kind: z.enum(['ISSUE', 'TRANSFER', 'SPLIT', 'FINANCE']),
    txId: z.string(),
    timestamp: z.string(),
    fromId: z.string().nullable(),
    toId: z.string(),
    amount: z.string(),
  })
  .openapi('Hop');

/** A receivable. */
export const ReceivableView = z
  .object({
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
    invoiceHashes: z.array(z.string()),
    creditLineId: z.string(),
    childIds: z.array(z.string()).optional(),
    hops: z.array(HopView),
    financing: z
      .object({
        requestId: z.string(),
        bankId: z.string(),
        status: z.enum(['REQUESTED', 'APPROVED']),
        advanceAmount: z.string().optional(),
        approvedTxId: z.string().optional(),
        approvedAt: z.string().optional(),
      })
      .optional(),
    settlement: z.object({ paymentRef: z.string(), txId: z.string(), timestamp: z.string() }).optional(),
    rejection: z.record(z.string(), z.string()).optional(),
    createdTxId: z.string(),
    updatedTxId: z.string(),
  })
  .openapi('Receivable');

/** A receivable after a write, with the new or settled parts when there are some. */
export const ReceivableWriteView = ReceivableView.extend({
  ...txId,
  parts: z.array(ReceivableView).optional(),
}).openapi('ReceivableWrite');

/** A financing request. */
export const FinancingRequestView = z
  .object({
    id: z.string(),
    receivableId: z.string(),
    requesterId: z.string(),
    bankId: z.string(),
    amount: z.string(),
    currency: z.string(),
    status: z.enum(['REQUESTED', 'APPROVED', 'REJECTED', 'CANCELLED']),
    requestedTxId: z.string(),
    decidedTxId: z.string().optional(),
    advanceAmount: z.string().optional(),
    reason: z.string().optional(),
  })
  .openapi('FinancingRequest');

/** A financing request after a write, with the receivable it concerns. */
export const FinancingWriteView = FinancingRequestView.extend({
  ...txId,
  receivable: ReceivableView,
}).openapi('FinancingWrite');

/** A page of a list, named `name` in the document; `nextCursor` is null on the last page. */
const pageViewOf = <T extends z.ZodType>(
  item: T,
  name: string,
): z.ZodObject<{ items: z.ZodArray<T>; nextCursor: z.ZodNullable<z.ZodString> }> =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() }).openapi(name);

/** A page of receivables. */
export const ReceivablePageView = pageViewOf(ReceivableView, 'ReceivablePage');

/** A page of participants. */
export const ParticipantPageView = pageViewOf(ParticipantView, 'ParticipantPage');

/** A page of credit lines. */
export const CreditLinePageView = pageViewOf(CreditLineView, 'CreditLinePage');

/** A node of the split tree. */
export interface TreeNodeView {
  readonly id: string;
  readonly amount: string;
  readonly holderId: string;
  readonly status: (typeof RECEIVABLE_STATUSES)[number];
  readonly children: readonly TreeNodeView[];
}

/** A node of the split tree. */
export const TreeNodeView: z.ZodType<TreeNodeView> = z
  .object({
    id: z.string(),
    amount: z.string(),
    holderId: z.string(),
    status: z.enum(RECEIVABLE_STATUSES),
    get children(): z.ZodArray<z.ZodType<TreeNodeView>> {
      return z.array(TreeNodeView);
    },
  })
  .openapi('TreeNode');

/** `GET /receivables/{id}/provenance` */
export const ProvenanceView = z
  .object({ currency: z.string(), path: z.array(HopView), tree: TreeNodeView })
  .openapi('Provenance');

/** `GET /receivables/{id}/history` */
export const HistoryView = z
  .array(
    z.object({
      txId: z.string(),
      timestamp: z.string(),
      isDelete: z.boolean(),
      value: ReceivableView.nullable(),
    }),
  )
  .openapi('History');

/** `GET /transactions/{txId}` */
export const TransactionView = z
  .object({
    txId: z.string(),
    validationCode: z.string(),
    blockNumber: z.string(),
    creatorMspId: z.string(),
    timestamp: z.string().optional(),
  })
  .openapi('Transaction');
