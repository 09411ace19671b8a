/**
 * The gateway's failures: one class per stage at which a request can fail, each carrying a stable
 * problem `code`, the Fabric `transactionId` when there is one, and its `cause`. They are mapped to
 * HTTP exactly once, by the error middleware.
 */

/** Stable problem codes of the REST contract (`code` in every problem body). */
export const PROBLEM_CODES = [
  'VALIDATION_FAILED',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'LIMIT_EXCEEDED',
  'IDEMPOTENCY_KEY_REUSED',
  'RATE_LIMITED',
  'INTERNAL',
  'UPSTREAM_FAILED',
  'OVERLOADED',
  'UPSTREAM_UNAVAILABLE',
] as const;

/** One of {@link PROBLEM_CODES}. */
export type ProblemCode = (typeof PROBLEM_CODES)[number];

/** The problem codes a chaincode refusal can start with (`CODE: prose`). */
export const CHAINCODE_CODES = [
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'LIMIT_EXCEEDED',
] as const;

/** One of {@link CHAINCODE_CODES}. */
export type ChaincodeCode = (typeof CHAINCODE_CODES)[number];

/** What every gateway failure is built from. */
export interface FailureOptions {
  /** The stable problem code. */
  readonly code: ProblemCode;
  /** A human-readable explanation, safe to show to the caller. */
  readonly message: string;
  /** The Fabric transaction id, when the failure concerns one. */
  readonly transactionId?: string;
  /** Seconds after which a retry may succeed (sent as `Retry-After`). */
  readonly retryAfterSeconds?: number;
  /** The underlying error, kept for logs, never sent to the caller. */
  readonly cause?: unknown;
}

/** Base of every failure the gateway reports as a problem document. */
export abstract class GatewayFailure extends Error {
  /** The stable problem code. */
  readonly code: ProblemCode;
  /** The Fabric transaction id, when the failure concerns one. */
  readonly transactionId: string | undefined;
  /** Seconds after which a retry may succeed. */
  readonly retryAfterSeconds: number | undefined;

  constructor(options: FailureOptions) {
    super(options.message, { cause: options.cause });
    this.code = options.code;
    this.transactionId = options.transactionId;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  /** Extra members of the problem document (RFC 7807 extensions) beyond the common ones. */
  problemExtensions(): Readonly<Record<string, unknown>> {
    return {};
  }
}

/** One invalid part of a request. */
export interface ValidationIssue {
  /** Where: `body.amount`, `query.limit`, `params.id`, `header.idempotency-key`. */
  readonly path: string;
  /** What is wrong with it. */
  readonly message: string;
}

/** Stage: request validation. The request is malformed; nothing was attempted. */
export class RequestValidationError extends GatewayFailure {
  override readonly name = RequestValidationError.name;
  /** Every invalid part found. */
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[], message = 'the request is invalid') {
    super({ code: 'VALIDATION_FAILED', message });
    this.issues = issues;
  }

  override problemExtensions(): Readonly<Record<string, unknown>> {
    return { errors: this.issues };
  }
}

/** One invalid field of a use case's command. */
export interface CommandIssue {
  /** The field, as a dotted path in the command: `amount`, `parts.1.amount`. */
  readonly field: string;
  /** What is wrong with it. */
  readonly message: string;
}

/**
 * Stage: command validation. A well-formed command is invalid in the light of the ledger's state
 * (an amount with other minor digits than its receivable's currency); nothing was submitted.
 */
export class InvalidCommandError extends GatewayFailure {
  override readonly name = InvalidCommandError.name;
  /** Every invalid field found. */
  readonly issues: readonly CommandIssue[];

  constructor(issues: readonly CommandIssue[]) {
    super({ code: 'VALIDATION_FAILED', message: 'the request is invalid' });
    this.issues = issues;
  }
}

/** Stage: authentication. No valid credentials were presented. */
export class AuthenticationError extends GatewayFailure {
  override readonly name = AuthenticationError.name;

  constructor(message = 'authentication required', cause?: unknown) {
    super({ code: 'UNAUTHENTICATED', message, cause });
  }
}

/** Stage: authorization. The caller is known but may not do this. */
export class AccessDeniedError extends GatewayFailure {
  override readonly name = AccessDeniedError.name;

  constructor(message: string) {
    super({ code: 'FORBIDDEN', message });
  }
}

/** Stage: throttling. Too many attempts; retry after a while. */
export class RateLimitError extends GatewayFailure {
  override readonly name = RateLimitError.name;

  constructor(retryAfterSeconds: number) {
    super({ code: 'RATE_LIMITED', message: 'too many attempts, retry later', retryAfterSeconds });
  }
}

/** Stage: admission. The gateway is at its in-flight limit and refuses rather than queue. */
export class OverloadError extends GatewayFailure {
  override readonly name = OverloadError.name;

  constructor(retryAfterSeconds = 1) {
    super({ code: 'OVERLOADED', message: 'too many transactions in flight, retry later', retryAfterSeconds });
  }
}

/** Stage: idempotency. The key is in use by a request in flight, or was used for another request. */
export class IdempotencyError extends GatewayFailure {
  override readonly name = IdempotencyError.name;

  constructor(code: 'CONFLICT' | 'IDEMPOTENCY_KEY_REUSED', message: string) {
    super({ code, message });
  }
}

/** Stage: evaluation (a read). The peer or the chaincode refused the query. */
export class EvaluationError extends GatewayFailure {
  override readonly name = EvaluationError.name;
}

/** Stage: endorsement. The chaincode refused the transaction, or no endorsement could be collected. */
export class EndorsementError extends GatewayFailure {
  override readonly name = EndorsementError.name;
}

/** Stage: submission to the ordering service. */
export class SubmissionError extends GatewayFailure {
  override readonly name = SubmissionError.name;
}

/** Stage: commit status. The transaction was submitted but its outcome could not be learnt. */
export class CommitUnknownError extends GatewayFailure {
  override readonly name = CommitUnknownError.name;
}

/** Stage: commit. The transaction was committed invalid (e.g. `MVCC_READ_CONFLICT`) and changed nothing. */
export class CommitRejectedError extends GatewayFailure {
  override readonly name = CommitRejectedError.name;
  /** The Fabric validation code name, e.g. `MVCC_READ_CONFLICT`. */
  readonly validationCode: string;

  constructor(options: FailureOptions & { readonly validationCode: string }) {
    super(options);
    this.validationCode = options.validationCode;
  }

  override problemExtensions(): Readonly<Record<string, unknown>> {
    return { validationCode: this.validationCode };
  }
}

/** Stage: decoding a ledger result. The chaincode answered something outside its contract. */
export class LedgerResultError extends GatewayFailure {
  override readonly name = LedgerResultError.name;

  constructor(what: string, cause: unknown, transactionId?: string) {
    super({
      code: 'UPSTREAM_FAILED',
      message: `the ledger returned an unexpected ${what}`,
      cause,
      transactionId,
    });
  }
}

/** Stage: identity provisioning at the org's Fabric CA (register, enroll). */
export class IdentityProvisioningError extends GatewayFailure {
  override readonly name = IdentityProvisioningError.name;
}
