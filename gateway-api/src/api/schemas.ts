/**
 * The REST contract as zod schemas: they validate every request and describe every response, and
 * the OpenAPI document is generated from them. Amounts are decimal strings with exactly the
 * currency's minor digits; request objects are strict (unknown fields are refused).
 */
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import type { SchemaObject } from 'openapi3-ts/oas31';
import { z } from 'zod';
import { isKnownCurrency, KNOWN_CURRENCIES } from '../domain/money';
import {
  DECIMAL_AMOUNT_PATTERN,
  MAX_INVOICE_HASHES,
  MAX_PAGE_SIZE,
  MAX_PARTS,
  PARTICIPANT_KINDS,
  RECEIVABLE_STATUSES,
  readBookmark,
  readDate,
  readId,
  readDigest,
  readInvoiceHashes,
  readName,
  readPaymentRef,
  readReason,
  standaloneViewSchema,
  VIEW_SCHEMAS,
  type JsonSchema,
  type Reader,
  type ViewName,
  type Views,
} from 'receivables-chaincode/contract';
import { ORG_KEY_PATTERN, ROLES } from '../domain/orgs';
import { PROBLEM_CODES } from '../domain/errors';

extendZodWithOpenApi(z);

/** The page size when none is asked for. */
const DEFAULT_PAGE_SIZE = 20;

// ---- values ---------------------------------------------------------------------------------------

/**
 * The contract's JSON Schema as the OpenAPI generator and zod type it: the same JSON, with mutable
 * arrays (the contract's are readonly).
 */
function documented(schema: JsonSchema): SchemaObject & z.core.JSONSchema.JSONSchema {
  return structuredClone(schema) as SchemaObject & z.core.JSONSchema.JSONSchema;
}

/** Whether the contract's `read` accepts `value`. */
function accepts(read: Reader<unknown>): (value: unknown) => boolean {
  return (value) => {
    try {
      read(value, 'value');
      return true;
    } catch {
      return false;
    }
  };
}

/**
 * A string the contract's `read` accepts: its length and pattern as zod checks (so the OpenAPI
 * document states them), the reader's further checks (a date that exists) as a refinement.
 */
function contractString(read: Reader<string> & { readonly jsonSchema: JsonSchema }): z.ZodString {
  const { pattern, minLength, maxLength, description = 'valid' } = read.jsonSchema;
  const message = `must be ${description}`;
  const lengths = z
    .string()
    .min(minLength ?? 0, message)
    .max(maxLength ?? Number.MAX_SAFE_INTEGER, message);
  const patterned = pattern === undefined ? lengths : lengths.regex(new RegExp(pattern), message);
  return patterned.refine(accepts(read), message).openapi({ description });
}

/** A ledger identifier, as the contract reads it (at most 128 characters). */
export const Id = contractString(readId).openapi({ example: 'SUP1' });

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
  .openapi({ example: 'EUR', enum: [...KNOWN_CURRENCIES] });

/** A positive decimal amount; its minor digits are checked against the currency. */
const DecimalAmount = z
  .string()
  .max(40)
  .regex(DECIMAL_AMOUNT_PATTERN, 'must be a decimal string such as "1250.50"')
  .openapi({
    example: '1250.50',
    description: 'decimal string with exactly the currency minor digits ("1250.50" EUR, "1250" JPY)',
  });

/** A calendar date `YYYY-MM-DD` that exists. */
const CalendarDate = contractString(readDate).openapi({ example: '2030-06-30', format: 'date' });

/** Up to {@link MAX_INVOICE_HASHES} distinct lowercase hex SHA-256 digests. */
const InvoiceHashes = z
  .array(contractString(readDigest))
  .max(MAX_INVOICE_HASHES)
  .refine(accepts(readInvoiceHashes), 'must not repeat a digest')
  .openapi({ uniqueItems: true });

/** Leading and trailing blanks are not kept. */
const Reason = contractString(readReason).trim();

// ---- requests --------------------------------------------------------------------------------------

/** `POST /auth/token` */
export const LoginBody = z
  .strictObject({ username: z.string().min(1).max(128), password: z.string().min(1).max(256) })
  .openapi('LoginRequest');

/** `POST /participants` */
export const CreateParticipantBody = z
  .strictObject({ id: Id, name: contractString(readName).trim(), kind: z.enum(PARTICIPANT_KINDS) })
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
    invoiceHashes: InvoiceHashes.optional(),
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
      .max(MAX_PARTS),
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
    paymentRef: contractString(readPaymentRef),
  })
  .openapi('SettleRequest');

/** `{id}` path parameter. */
export const IdParams = z.strictObject({ id: Id });

/** `{txId}` path parameter. */
export const TransactionParams = z.strictObject({ txId: TransactionId });

/** Which page of a list: `limit` items from `cursor` (a previous page's `nextCursor`). */
const PageQuery = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
  cursor: contractString(readBookmark).optional(),
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

/**
 * An answer derived from a contract record (`VIEW_SCHEMAS`): documented with the contract's JSON
 * Schema and validated against it when a client parses it (the demo story does).
 */
function contractView<N extends ViewName>(name: N): z.ZodType<Views[N]> {
  const validator = z.fromJSONSchema(documented(standaloneViewSchema(name)));
  return z
    .custom<Views[N]>((value) => validator.safeParse(value).success, `must be a ${name}`)
    .openapi(name, documented(VIEW_SCHEMAS[name]));
}

/** A participant. */
export const ParticipantView = contractView('Participant');
/** A participant just registered. */
export const ParticipantWriteView = contractView('ParticipantWrite');
/** A page of participants. */
export const ParticipantPageView = contractView('ParticipantPage');
/** A credit line. */
export const CreditLineView = contractView('CreditLine');
/** A credit line just granted. */
export const CreditLineWriteView = contractView('CreditLineWrite');
/** A page of credit lines. */
export const CreditLinePageView = contractView('CreditLinePage');
/** A receivable. */
export const ReceivableView = contractView('Receivable');
/** A receivable after a write, with the new or settled parts when there are some. */
export const ReceivableWriteView = contractView('ReceivableWrite');
/** A page of receivables. */
export const ReceivablePageView = contractView('ReceivablePage');
/** A financing request. */
export const FinancingRequestView = contractView('FinancingRequest');
/** A financing request after a write, with the receivable it concerns. */
export const FinancingWriteView = contractView('FinancingWrite');
/** A node of the split tree (the provenance refers to it by name). */
export const ProvenanceTreeView = contractView('ProvenanceTree');
/** `GET /receivables/{id}/provenance` */
export const ProvenanceView = contractView('Provenance');
/** `GET /receivables/{id}/history` */
export const HistoryView = contractView('History');

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
