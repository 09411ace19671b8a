/**
 * The refusals a transaction can answer with. Every message starts with the stable code and a colon
 * (`FORBIDDEN: …`); the REST gateway maps the code to an HTTP status and never parses the prose after it.
 */
export const ERROR_CODES = [
  'VALIDATION_FAILED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'LIMIT_EXCEEDED',
] as const;

/** A refusal's stable code. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Base class of every refusal: carries its {@link ErrorCode}; `name` is the concrete class name. */
export abstract class ChaincodeError extends Error {
  /** The stable code the message starts with. */
  public readonly code: ErrorCode;

  protected constructor(code: ErrorCode, detail: string) {
    super(`${code}: ${detail}`);
    this.code = code;
    this.name = new.target.name;
  }
}

/** An argument (or a combination of arguments) is malformed or out of range. */
export class ValidationError extends ChaincodeError {
  public constructor(detail: string) {
    super('VALIDATION_FAILED', detail);
  }
}

/** The caller's identity, org or role does not allow the operation. */
export class ForbiddenError extends ChaincodeError {
  public constructor(detail: string) {
    super('FORBIDDEN', detail);
  }
}

/** The object does not exist, or the caller may not see it (the two are indistinguishable). */
export class NotFoundError extends ChaincodeError {
  public constructor(detail: string) {
    super('NOT_FOUND', detail);
  }
}

/** The object is in the wrong state for the operation, or the id is already taken. */
export class ConflictError extends ChaincodeError {
  public constructor(detail: string) {
    super('CONFLICT', detail);
  }
}

/** A credit line has no room for the amount. */
export class LimitExceededError extends ChaincodeError {
  public constructor(detail: string) {
    super('LIMIT_EXCEEDED', detail);
  }
}

/** The stable code a refusal message starts with (`CODE: …`), `undefined` when it starts with none. */
export function errorCodeOf(message: string): ErrorCode | undefined {
  const prefix = message.slice(0, message.indexOf(':'));
  return ERROR_CODES.find((code) => code === prefix);
}
