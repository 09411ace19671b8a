import { createHash } from 'node:crypto';
import { IdempotencyError, RequestValidationError } from '../domain/errors';
import type { IdempotencyKeyRef, IdempotencyStore } from '../store/idempotency-store';

/** A response to send (or replay). */
export interface RouteResponse {
  readonly status: number;
  readonly body: unknown;
  /** Whether it is the stored response of an earlier request with the same key. */
  readonly replayed: boolean;
}

const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;

/** JSON with object keys sorted, so that equal bodies hash equally whatever their key order. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, member]) => member !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, member]) => `${JSON.stringify(key)}:${canonicalJson(member)}`).join(',')}}`;
  }
  return value === undefined ? 'null' : JSON.stringify(value);
}

/** What identifies a request for idempotency: who, which key, and a hash of what was asked. */
export interface IdempotentRequest {
  readonly username: string;
  /** The `Idempotency-Key` header. */
  readonly key: string;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

/**
 * Runs `execute` once per (user, key): a retry with the same key and request gets the first
 * successful response again (same status), a retry with another request is refused with 422, and
 * a retry while the first is still in flight with 409. A failed request frees its key.
 *
 * @throws RequestValidationError for a malformed key, IdempotencyError as above
 */
export async function runIdempotently(
  store: IdempotencyStore,
  request: Readonly<IdempotentRequest>,
  execute: () => Promise<{ status: number; body: unknown }>,
): Promise<RouteResponse> {
  if (!KEY_PATTERN.test(request.key)) {
    throw new RequestValidationError([
      { path: 'header.idempotency-key', message: 'must be 1 to 255 visible ASCII characters' },
    ]);
  }
  const ref: IdempotencyKeyRef = { username: request.username, key: request.key };
  const hash = createHash('sha256')
    .update(canonicalJson({ method: request.method, path: request.path, body: request.body }))
    .digest('hex');
  const claim = store.claim(ref, hash);
  switch (claim.kind) {
    case 'replay':
      return { status: claim.statusCode, body: claim.response, replayed: true };
    case 'in-flight':
      throw new IdempotencyError('CONFLICT', 'a request with this Idempotency-Key is still in flight');
    case 'mismatch':
      throw new IdempotencyError(
        'IDEMPOTENCY_KEY_REUSED',
        'this Idempotency-Key was used for another request',
      );
    case 'claimed':
      break;
  }
  try {
    const response = await execute();
    store.complete(ref, response.status, response.body);
    return { ...response, replayed: false };
  } catch (error) {
    store.release(ref);
    throw error;
  }
}
