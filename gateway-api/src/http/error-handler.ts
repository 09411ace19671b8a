import type { ErrorRequestHandler, Request, Response } from 'express';
import type { Logger } from 'pino';
import { GatewayFailure, type ProblemCode } from '../domain/errors';
import { requestIdOf } from './request-id';

/** The HTTP status of each problem code: the one place where failures become HTTP. */
const PROBLEM_STATUS: Readonly<Record<ProblemCode, number>> = {
  VALIDATION_FAILED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  LIMIT_EXCEEDED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  UPSTREAM_FAILED: 502,
  OVERLOADED: 503,
  UPSTREAM_UNAVAILABLE: 503,
};

const TITLES: Readonly<Record<ProblemCode, string>> = {
  VALIDATION_FAILED: 'Validation failed',
  UNAUTHENTICATED: 'Unauthenticated',
  FORBIDDEN: 'Forbidden',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  PAYLOAD_TOO_LARGE: 'Payload too large',
  LIMIT_EXCEEDED: 'Limit exceeded',
  IDEMPOTENCY_KEY_REUSED: 'Idempotency key reused',
  RATE_LIMITED: 'Too many requests',
  INTERNAL: 'Internal error',
  UPSTREAM_FAILED: 'Ledger failure',
  OVERLOADED: 'Overloaded',
  UPSTREAM_UNAVAILABLE: 'Ledger unavailable',
};

/** The problem a failure is reported as. */
interface ProblemParts {
  readonly code: ProblemCode;
  readonly detail: string;
  readonly transactionId?: string;
  readonly retryAfterSeconds?: number;
  readonly extensions?: Readonly<Record<string, unknown>>;
}

/** body-parser's errors carry a `type` and a `status`. */
function bodyParserError(error: unknown): { type: string } | undefined {
  if (
    typeof error === 'object' &&
    error !== null &&
    'type' in error &&
    typeof error.type === 'string' &&
    'status' in error
  ) {
    return { type: error.type };
  }
  return undefined;
}

function problemOf(error: unknown): ProblemParts {
  if (error instanceof GatewayFailure) {
    return {
      code: error.code,
      detail: error.message,
      transactionId: error.transactionId,
      retryAfterSeconds: error.retryAfterSeconds,
      extensions: error.problemExtensions(),
    };
  }
  const parser = bodyParserError(error);
  if (parser?.type === 'entity.too.large') {
    return { code: 'PAYLOAD_TOO_LARGE', detail: 'the request body is too large' };
  }
  if (parser !== undefined) {
    return { code: 'VALIDATION_FAILED', detail: 'the request body is not valid JSON' };
  }
  return { code: 'INTERNAL', detail: 'an unexpected error occurred' };
}

/** Sends an RFC 7807 problem document. */
export function sendProblem(request: Request, response: Response, parts: ProblemParts): void {
  const status = PROBLEM_STATUS[parts.code];
  if (parts.retryAfterSeconds !== undefined) {
    response.set('Retry-After', String(parts.retryAfterSeconds));
  }
  response
    .status(status)
    .type('application/problem+json')
    .send(
      JSON.stringify({
        type: `urn:scf-ledger:problem:${parts.code.toLowerCase().replaceAll('_', '-')}`,
        title: TITLES[parts.code],
        status,
        code: parts.code,
        detail: parts.detail,
        instance: request.originalUrl,
        requestId: requestIdOf(request),
        ...(parts.transactionId === undefined ? {} : { transactionId: parts.transactionId }),
        ...parts.extensions,
      }),
    );
}

/** The error middleware: every failure becomes a problem document here, and only here. */
export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const problem = problemOf(error);
    const status = PROBLEM_STATUS[problem.code];
    if (problem.code === 'OVERLOADED') {
      // Shedding load is the admission limit working, not a failure: no stack for each of thousands.
      log.warn({ requestId: requestIdOf(request), code: problem.code }, 'request shed');
    } else if (status >= 500) {
      log.error({ err: error, requestId: requestIdOf(request), code: problem.code }, 'request failed');
    } else {
      log.debug({ err: error, requestId: requestIdOf(request), code: problem.code }, 'request refused');
    }
    sendProblem(request, response, problem);
  };
}

/** Answers 404 for every path no route matched. */
export function notFound(request: Request, response: Response): void {
  sendProblem(request, response, {
    code: 'NOT_FOUND',
    detail: `no route for ${request.method} ${request.path}`,
  });
}
