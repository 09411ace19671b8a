/**
 * Translates what fabric-network (2.2) throws, stage by stage, into the gateway's failures. Only the
 * stable prefix of a chaincode refusal (`NOT_FOUND: …`), gRPC status codes, validation codes and a
 * few fixed texts of fabric-network/fabric-common are interpreted; the texts are recorded, as seen
 * from a real Fabric 1.4.12 network, in `test/ledger/fabric-error-texts.ts`.
 */
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

/** gRPC status codes meaning "not reachable in time": CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, UNAVAILABLE. */
const UNAVAILABLE_STATUSES: ReadonlySet<number> = new Set([1, 4, 8, 14]);

/**
 * A chaincode refusal inside a peer's response: the code opens the message (evaluate), or follows
 * `message=` (fabric-network's "No valid responses from any peers" list), `, ` or `: `. A gRPC status
 * name after its number (`5 NOT_FOUND: …`) is not one.
 */
const CHAINCODE_REFUSAL = new RegExp(`(?:^|message=|, |: )(${CHAINCODE_CODES.join('|')}): ?([^\\n]*)`, 'm');

/**
 * Endorsements that differ (an endorser a block behind): transient. fabric-common's discovery
 * handler says "Peer endorsements do not match"; Fabric's own text is "ProposalResponsePayloads do
 * not match".
 */
const TRANSIENT_ENDORSEMENT_TEXTS = [
  'Peer endorsements do not match',
  'ProposalResponsePayloads do not match',
];

/** fabric-network/fabric-common texts of a peer or orderer that could not be reached or answered too late. */
const UNAVAILABLE_TEXTS = [
  'Failed to connect before the deadline',
  'REQUEST TIMEOUT',
  'REQUEST_TIMEOUT',
  'is not connected',
  'not able to reconnect',
  'No endorsement available',
  'DiscoveryService has failed to return results',
  'Failed to retrieve discovery results',
  'Timed out waiting for discovery results',
  'did not find any peers active',
  'No connection established',
  'UNAVAILABLE',
];

/** Texts of discovery failing: the caller's network must be rebuilt (fabric-network caches the failure). */
const DISCOVERY_FAILURE_TEXTS = [
  'DiscoveryService has failed to return results',
  'Failed to retrieve discovery results',
  'Timed out waiting for discovery results',
  'No discovery results found',
];

/** qscc's answer for a transaction id it does not know (Fabric 1.4 and 2.x wordings). */
const UNKNOWN_TRANSACTION_TEXTS = ['no such transaction ID', 'Failed to get transaction with id'];

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

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
}

function textOf(value: unknown): string | undefined {
  const message = record(value)?.['message'];
  return typeof message === 'string' ? message : undefined;
}

/**
 * Every text an error carries: its message, the messages of the peers' responses and errors that
 * fabric-network attaches (`responses[].response.message`, `errors[]`), of the endorsements
 * fabric-common's discovery handler attaches (`endorsements[]`), of per-peer `details[]`, and of its
 * `cause`, recursively.
 */
export function errorTexts(error: unknown, depth = 0): string[] {
  const object = record(error);
  if (object === undefined || depth > 3) {
    return typeof error === 'string' ? [error] : [];
  }
  const texts: string[] = [];
  const own = textOf(object);
  if (own !== undefined) {
    texts.push(own);
  }
  for (const listName of ['responses', 'errors', 'endorsements', 'details']) {
    const list = object[listName];
    if (Array.isArray(list)) {
      for (const item of list) {
        const text = textOf(record(item)?.['response']) ?? textOf(item);
        if (text !== undefined) {
          texts.push(text);
        }
      }
    }
  }
  if (object['cause'] !== undefined) {
    texts.push(...errorTexts(object['cause'], depth + 1));
  }
  return texts;
}

function mentions(error: unknown, fragments: readonly string[]): boolean {
  return errorTexts(error).some((text) => fragments.some((fragment) => text.includes(fragment)));
}

/** A chaincode's refusal: its code and the prose after it. */
export interface ChaincodeRefusal {
  readonly code: ChaincodeCode;
  readonly message: string;
}

/** The chaincode's refusal carried by an endorse or evaluate error, when it is one. */
export function chaincodeRefusal(error: unknown): ChaincodeRefusal | undefined {
  for (const text of errorTexts(error)) {
    const match = CHAINCODE_REFUSAL.exec(text);
    const code = CHAINCODE_CODES.find((candidate) => candidate === match?.[1]);
    if (code !== undefined) {
      return { code, message: match?.[2]?.trim() || code };
    }
  }
  return undefined;
}

function grpcCodes(error: unknown): number[] {
  const object = record(error);
  if (object === undefined) {
    return [];
  }
  const codes = typeof object['code'] === 'number' ? [object['code']] : [];
  const errors = object['errors'];
  if (Array.isArray(errors)) {
    codes.push(...errors.flatMap((item) => grpcCodes(item)));
  }
  return codes;
}

/** Whether an error means a peer or orderer could not be reached, or did not answer, in time. */
export function isUnavailable(error: unknown): boolean {
  return (
    grpcCodes(error).some((code) => UNAVAILABLE_STATUSES.has(code)) || mentions(error, UNAVAILABLE_TEXTS)
  );
}

/** Whether an endorse failure is the transient "endorsements do not match". */
export function isTransientEndorsementFailure(error: unknown): boolean {
  return mentions(error, TRANSIENT_ENDORSEMENT_TEXTS);
}

/** Whether an error says discovery failed (the caller's cached network is then unusable). */
export function isDiscoveryFailure(error: unknown): boolean {
  return mentions(error, DISCOVERY_FAILURE_TEXTS);
}

/** Whether an evaluate error says the transaction id is unknown to qscc. */
export function isUnknownTransaction(error: unknown): boolean {
  return mentions(error, UNKNOWN_TRANSACTION_TEXTS);
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

/** Translates a failed endorsement (or a failed plan of it). */
export function endorsementFailure(error: unknown, transactionId?: string): EndorsementError {
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

/** What is known about why a transaction was committed invalid. */
export interface CommitRejection {
  /**
   * The state its endorsements relied on changed before it was ordered: a lost race. Always so for
   * MVCC/phantom conflicts; for `ENDORSEMENT_POLICY_FAILURE` only when a new endorsement plan differs
   * from the one used (a concurrent change of a key's policy), else it is a planning fault.
   */
  readonly stateChanged?: boolean;
  readonly cause?: unknown;
}

/** A transaction committed invalid: a conflict when it lost a race, an upstream failure otherwise. */
export function commitRejected(
  validationCode: string,
  transactionId: string,
  rejection: CommitRejection = {},
): CommitRejectedError {
  const conflict = CONFLICT_VALIDATION_CODES.has(validationCode) || rejection.stateChanged === true;
  return new CommitRejectedError({
    code: conflict ? 'CONFLICT' : 'UPSTREAM_FAILED',
    message: conflict
      ? `transaction ${transactionId} conflicted with a concurrent change (${validationCode}) and changed nothing`
      : `transaction ${transactionId} was committed invalid (${validationCode}) and changed nothing`,
    transactionId,
    validationCode,
    cause: rejection.cause,
  });
}
