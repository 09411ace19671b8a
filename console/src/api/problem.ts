/** The gateway's problem+json refusals in plain words. */
import type { Problem } from './schemas';

const PLAIN: Readonly<Record<string, string>> = {
  VALIDATION_FAILED: 'Some of what you entered is not valid.',
  UNAUTHENTICATED: 'You are not logged in, or your session has expired. Please log in again.',
  FORBIDDEN: 'You are not allowed to do this.',
  NOT_FOUND: 'It does not exist, or you may not see it.',
  CONFLICT: 'Someone changed it in the meantime, or its state does not allow this. Reload and try again.',
  LIMIT_EXCEEDED: 'This goes beyond the credit line’s limit.',
  RATE_LIMITED: 'Too many attempts. Wait a few minutes and try again.',
  PAYLOAD_TOO_LARGE: 'What you sent is too large.',
  OVERLOADED: 'The ledger is busy. Try again in a moment.',
  UPSTREAM_UNAVAILABLE: 'The ledger cannot be reached right now. Try again in a moment.',
  UPSTREAM_FAILED: 'The ledger refused the transaction.',
  UNREACHABLE: 'The gateway does not answer. Check your connection.',
  IDEMPOTENCY_KEY_REUSED: 'This request was already sent with different content.',
};

/** One sentence for the user, then the gateway's own detail and field errors. */
export function plainWords(problem: Problem): {
  readonly summary: string;
  readonly details: readonly string[];
} {
  const summary = PLAIN[problem.code] ?? 'Something went wrong.';
  const fieldErrors = (problem.errors ?? []).map(
    (error) => `${error.path.replace(/^(body|query|params)\./, '')}: ${error.message}`,
  );
  const outcome =
    problem.status === 503 && problem.transactionId !== undefined
      ? [
          `The outcome of transaction ${problem.transactionId} is not known yet: check it before trying again.`,
        ]
      : [];
  const detail = problem.detail === undefined || fieldErrors.length > 0 ? [] : [problem.detail];
  return { summary, details: [...detail, ...fieldErrors, ...outcome] };
}
