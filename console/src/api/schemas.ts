/**
 * What the console reads from `/api/v1`, validated before use. The answers made of ledger records
 * are validated with the JSON Schemas the chaincode's contract derives for them
 * (`receivables-chaincode/contract` `VIEW_SCHEMAS`, the same the gateway's OpenAPI document states);
 * the gateway's own answers (token, session, transaction, risk, problem) are declared here.
 */
import {
  RECEIVABLE_STATUSES,
  standaloneViewSchema,
  type ReceivableStatus,
  type ViewName,
  type Views,
} from 'receivables-chaincode/contract';
import { z } from 'zod';

export { RECEIVABLE_STATUSES, type ReceivableStatus };

/**
 * The validator of view `name`, typed as the contract types it (the JSON Schema says what the
 * type says; the gateway's OpenAPI test holds the two together).
 */
function view<N extends ViewName>(name: N): z.ZodType<Views[N]> {
  const validator = z.fromJSONSchema(standaloneViewSchema(name) as z.core.JSONSchema.JSONSchema);
  return z.custom<Views[N]>((value) => validator.safeParse(value).success, `not a ${name}`);
}

export const AccessToken = z.object({ accessToken: z.string(), expiresIn: z.number() });

export const Me = z.object({
  username: z.string(),
  org: z.string(),
  mspId: z.string(),
  participantId: z.string().nullable(),
  role: z.enum(['admin', 'operator', 'viewer']),
});
export type Me = z.infer<typeof Me>;

export const Receivable = view('Receivable');
export type Receivable = Views['Receivable'];
export const ReceivablePage = view('ReceivablePage');
export const ReceivableWrite = view('ReceivableWrite');
export const FinancingRequest = view('FinancingRequest');
export type FinancingRequest = Views['FinancingRequest'];
export const FinancingWrite = view('FinancingWrite');
/** A node of the split tree. */
export type TreeNode = Views['ProvenanceTree'];
export const Provenance = view('Provenance');
export type Provenance = Views['Provenance'];
export const History = view('History');
export type History = Views['History'];
export const CreditLine = view('CreditLine');
export type CreditLine = Views['CreditLine'];
export const CreditLinePage = view('CreditLinePage');
export const Participant = view('Participant');
export type Participant = Views['Participant'];
export const ParticipantPage = view('ParticipantPage');

export const Transaction = z.object({
  txId: z.string(),
  validationCode: z.string(),
  blockNumber: z.string(),
  creatorMspId: z.string(),
  timestamp: z.string().optional(),
});
export type Transaction = z.infer<typeof Transaction>;

const Amounts = z.object({ currency: z.string(), amount: z.string() });

const RiskReceivable = z.object({
  id: z.string(),
  holderId: z.string(),
  obligorId: z.string(),
  amount: z.string(),
  currency: z.string(),
  dueDate: z.string(),
  status: z.enum(RECEIVABLE_STATUSES),
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
