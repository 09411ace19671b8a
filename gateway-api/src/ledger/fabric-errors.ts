/**
 * Translates what fabric-gateway throws, stage by stage, into the gateway's failures. Only the
 * stable prefix of a chaincode refusal (`NOT_FOUND: …`) and gRPC status codes are interpreted.
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { GatewayError } from '@hyperledger/fabric-gateway';
import { peer } from '@hyperledger/fabric-protos';
import {
  CHAINCODE_CODES,
  CommitRejectedError,
  CommitUnknownError,
  EndorsementError,
  EvaluationError,
  SubmissionError,
  type ChaincodeCode,
  type FailureOptions,
} from '../domain/errors';

/** Seconds a client should wait before retrying when the network is unavailable. */
const UNAVAILABLE_RETRY_AFTER_SECONDS = 2;

const UNAVAILABLE_STATUSES: ReadonlySet<number> = new Set([
  GrpcStatus.UNAVAILABLE,
  GrpcStatus.DEADLINE_EXCEEDED,
  GrpcStatus.RESOURCE_EXHAUSTED,
  GrpcStatus.CANCELLED,
]);

const CHAINCODE_REFUSAL = new RegExp(`\\b(${CHAINCODE_CODES.join('|')}): ?([^]*)$`);

const TRANSIENT_ENDORSEMENT = 'ProposalResponsePayloads do not match';

const CONFLICT_VALIDATION_CODES: ReadonlySet<string> = new Set([
  'MVCC_READ_CONFLICT',
  'PHANTOM_READ_CONFLICT',
]);

const VALIDATION_CODE_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(peer.TxValidationCode).map(([name, code]) => [code, name] as const),
);

/** The name of a Fabric transaction validation code (`11` → `MVCC_READ_CONFLICT`). */
export function validationCodeName(code: number): string {
  return VALIDATION_CODE_NAMES.get(code) ?? `UNKNOWN_${code}`;
}

function messages(error: GatewayError): string[] {
  return [...error.details.map((detail) => detail.message), error.message];
}

/** The chaincode's refusal carried by an endorse or evaluate error, when it is one. */
function chaincodeRefusal(error: unknown): { code: ChaincodeCode; message: string } | undefined {
  if (!(error instanceof GatewayError)) {
    return undefined;
  }
  for (const text of messages(error)) {
    const match = CHAINCODE_REFUSAL.exec(text);
    const code = CHAINCODE_CODES.find((candidate) => candidate === match?.[1]);
    if (code !== undefined) {
      return { code, message: match?.[2]?.trim() || code };
    }
  }
  return undefined;
}

/** Whether an error means the peer or orderer could not be reached in time. */
function isUnavailable(error: unknown): boolean {
  return error instanceof GatewayError && UNAVAILABLE_STATUSES.has(error.code);
}

/** Whether an endorse failure is the transient "ProposalResponsePayloads do not match". */
export function isTransientEndorsementFailure(error: unknown): boolean {
  return (
    error instanceof GatewayError && messages(error).some((text) => text.includes(TRANSIENT_ENDORSEMENT))
  );
}

/** Whether an evaluate error says the transaction id is unknown to qscc. */
export function isUnknownTransaction(error: unknown): boolean {
  return (
    error instanceof GatewayError && messages(error).some((text) => text.includes('no such transaction ID'))
  );
}

function ledgerFailure(error: unknown, what: string, transactionId?: string): FailureOptions {
  const refusal = chaincodeRefusal(error);
  if (refusal !== undefined) {
    return { code: refusal.code, message: refusal.message, transactionId, cause: error };
  }
  if (isUnavailable(error) || isTransientEndorsementFailure(error)) {
    return {
      code: 'UPSTREAM_UNAVAILABLE',
      message: `the ledger is unavailable (${what})`,
      transactionId,
      retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
      cause: error,
    };
  }
  return {
    code: 'UPSTREAM_FAILED',
    message: `the ledger refused the request (${what})`,
    transactionId,
    cause: error,
  };
}

/** Translates a failed evaluation. */
export function evaluationFailure(error: unknown): EvaluationError {
  return new EvaluationError(ledgerFailure(error, 'evaluate'));
}

/** Translates a failed endorsement. */
export function endorsementFailure(error: unknown, transactionId: string): EndorsementError {
  return new EndorsementError(ledgerFailure(error, 'endorse', transactionId));
}

/** Translates a failed submission to the orderer. */
export function submissionFailure(error: unknown, transactionId: string): SubmissionError {
  return new SubmissionError(ledgerFailure(error, 'submit', transactionId));
}

/** The outcome of a submitted transaction could not be learnt. */
export function commitUnknown(error: unknown, transactionId: string): CommitUnknownError {
  return new CommitUnknownError({
    code: 'UPSTREAM_UNAVAILABLE',
    message: `transaction ${transactionId} was submitted but its outcome is not known yet; look it up before retrying`,
    transactionId,
    retryAfterSeconds: UNAVAILABLE_RETRY_AFTER_SECONDS,
    cause: error,
  });
}

/** A transaction committed invalid: a conflict for MVCC/phantom reads, an upstream failure otherwise. */
export function commitRejected(validationCode: string, transactionId: string): CommitRejectedError {
  const conflict = CONFLICT_VALIDATION_CODES.has(validationCode);
  return new CommitRejectedError({
    code: conflict ? 'CONFLICT' : 'UPSTREAM_FAILED',
    message: conflict
      ? `transaction ${transactionId} conflicted with a concurrent change (${validationCode}) and changed nothing`
      : `transaction ${transactionId} was committed invalid (${validationCode}) and changed nothing`,
    transactionId,
    validationCode,
  });
}
