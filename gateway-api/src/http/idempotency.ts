import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { isJsonValue, toJson, type JsonValue } from 'receivables-chaincode/contract';
import { GatewayFailure, IdempotencyError, RequestValidationError } from '../domain/errors';
import type { SubmitObserver, SubmitRecorder } from '../ledger/ledger';
import type { IdempotencyKeyRef, IdempotencyStore } from '../store/idempotency-store';

/** A response to send (or replay). */
export interface RouteResponse {
  readonly status: number;
  readonly body: unknown;
  /** Whether it is the stored response of an earlier request with the same key. */
  readonly replayed: boolean;
}

const KEY_PATTERN = /^[\x21-\x7E]{1,255}$/;

/** Seconds after which a retry of a key whose transaction is still pending may learn its outcome. */
const PENDING_RETRY_AFTER_SECONDS = 2;

/**
 * The request body as JSON for hashing: the contract's canonical serializer sorts object keys, so
 * equal bodies hash equally whatever their key order. (Express parsed the body from JSON, so it is
 * JSON; a body-less request hashes as `null`.)
 */
function bodyJson(body: unknown): JsonValue {
  return isJsonValue(body) ? body : null;
}

/**
 * A retry of an `Idempotency-Key` whose transaction was submitted by an earlier request: 409 `CONFLICT`
 * with the `transactionId` and `outcome` — `PENDING` (not known yet, retry after `Retry-After`) or
 * `COMMITTED` (it committed, but its response was not recorded: read the resource or
 * `GET /api/v1/transactions/{txId}`). Nothing is submitted again.
 */
export class IdempotentTransactionError extends GatewayFailure {
  override readonly name = IdempotentTransactionError.name;
  readonly outcome: 'PENDING' | 'COMMITTED';

  constructor(outcome: 'PENDING' | 'COMMITTED', transactionId: string) {
    super({
      code: 'CONFLICT',
      message:
        outcome === 'PENDING'
          ? `transaction ${transactionId} of this Idempotency-Key is still pending; retry later, nothing was submitted again`
          : `transaction ${transactionId} of this Idempotency-Key committed but its response was not recorded; read the resource or GET /api/v1/transactions/${transactionId}`,
      transactionId,
      ...(outcome === 'PENDING' ? { retryAfterSeconds: PENDING_RETRY_AFTER_SECONDS } : {}),
    });
    this.outcome = outcome;
  }

  override problemExtensions(): Readonly<Record<string, unknown>> {
    return { outcome: this.outcome };
  }
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

/** The key the running request holds, seen by {@link idempotencyObserver} when the ledger prepares a transaction. */
const currentKey = new AsyncLocalStorage<{
  readonly store: IdempotencyStore;
  readonly ref: IdempotencyKeyRef;
  /** The `resumeState` of the transaction this request sends again under its own id, until its submit took it. */
  resumed: string | undefined;
}>();

/**
 * Wraps the transaction journal: when the ledger prepares a transaction (before endorsement) for a
 * request that holds an `Idempotency-Key`, the key is bound to the transaction id — in the same
 * database transaction as the journal entry when `atomically` is given — and a request that resumes
 * its key's transaction tells the ledger which.
 */
export function idempotencyObserver(
  journal: SubmitRecorder,
  atomically: (work: () => void) => void = (work) => {
    work();
  },
): SubmitObserver {
  return {
    resumed: () => {
      const held = currentKey.getStore();
      const resumed = held?.resumed;
      if (held !== undefined) held.resumed = undefined;
      return resumed;
    },
    prepared: (transaction) => {
      const held = currentKey.getStore();
      atomically(() => {
        journal.prepared(transaction);
        held?.store.bindTransaction(held.ref, transaction.transactionId);
      });
    },
    settled: (transaction) => {
      journal.settled(transaction);
    },
  };
}

/** After a failed request: free the key only when its transaction provably changed nothing. */
function settleFailedRequest(store: IdempotencyStore, ref: IdempotencyKeyRef): void {
  const transactionId = store.boundTransaction(ref);
  if (transactionId === undefined) {
    store.release(ref);
    return;
  }
  const state = store.transactions.known(transactionId);
  if (state === 'PENDING') {
    store.leavePending(ref);
  } else {
    store.transactionSettled(transactionId, state);
  }
}

/**
 * Runs `execute` once per (user, key): a retry with the same key and request gets the first
 * successful response again (same status), a retry with another request is refused with 422, and
 * a retry while the first is still in flight with 409.
 *
 * The key is bound to the transaction its request prepares (before endorsement) and stays bound until
 * that transaction's outcome is known. A failed request frees its key only when it prepared no
 * transaction, or its transaction was never ordered or was committed invalid. A retry of a key bound
 * to a transaction of unknown outcome waits (bounded) for its commit status: committed → 409
 * `outcome: COMMITTED`; invalid or never ordered → the key is freed and the request runs anew; still
 * unknown → the request runs again as that same transaction (same id: Fabric commits at most one
 * transaction per id as valid, so the request takes effect at most once whichever envelope is
 * ordered), or, when the journal cannot send it again, 409 `outcome: PENDING` with `Retry-After`.
 * Never a second transaction while the first may still commit.
 *
 * Why not free the key once the first transaction is "provably absent": Fabric 1.4 gives an endorsed
 * transaction no expiry (neither the orderer nor the committing peer checks its timestamp), and an
 * etcdraft orderer that accepted a broadcast may hand it on long after the client gave up (its
 * broadcast handler waits for the Raft loop while blocks are in flight, e.g. with the quorum lost), so
 * no time or block height seen by the gateway proves that the first envelope can no longer commit.
 * The transaction id can: Fabric invalidates every later transaction with an id already in a block.
 *
 * @throws RequestValidationError for a malformed key, IdempotencyError and IdempotentTransactionError as above
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
    .update(toJson({ method: request.method, path: request.path, body: bodyJson(request.body) }))
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
    case 'committed':
      throw new IdempotentTransactionError('COMMITTED', claim.transactionId);
    case 'bound': {
      const known = store.transactions.known(claim.transactionId);
      const state =
        known === 'PENDING' ? await store.transactions.resolve(ref.username, claim.transactionId) : known;
      if (state === 'PENDING') {
        const resumed = store.transactions.resumeState(claim.transactionId);
        if (resumed === undefined || !store.resume(ref, claim.transactionId)) {
          throw new IdempotentTransactionError('PENDING', claim.transactionId);
        }
        return runHoldingKey(store, ref, execute, resumed);
      }
      store.transactionSettled(claim.transactionId, state);
      if (state === 'COMMITTED') {
        throw new IdempotentTransactionError('COMMITTED', claim.transactionId);
      }
      // Invalid or never ordered: it changed nothing, so the key is free for this request.
      return runIdempotently(store, request, execute);
    }
    case 'claimed':
      return runHoldingKey(store, ref, execute);
  }
}

/** Runs the request of a key it holds (sending the key's transaction again when `resumed` is given). */
async function runHoldingKey(
  store: IdempotencyStore,
  ref: IdempotencyKeyRef,
  execute: () => Promise<{ status: number; body: unknown }>,
  resumed?: string,
): Promise<RouteResponse> {
  try {
    const response = await currentKey.run({ store, ref, resumed }, execute);
    store.complete(ref, response.status, response.body);
    return { ...response, replayed: false };
  } catch (error) {
    settleFailedRequest(store, ref);
    throw error;
  }
}
