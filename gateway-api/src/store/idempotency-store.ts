import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { GatewayDatabase } from './database';

/** One use of an idempotency key by one user. */
export interface IdempotencyKeyRef {
  readonly username: string;
  readonly key: string;
}

/**
 * What claiming an idempotency key found:
 * - `claimed`: the key is now this request's (new, released, expired, or left by a process that died
 *   before it prepared any transaction);
 * - `replay`: a request with this key completed: its response;
 * - `in-flight`: a request of this process is running with this key;
 * - `bound`: an earlier request prepared a transaction whose outcome was not known when it ended (or
 *   its process died): the key stays bound to that transaction until its outcome is known;
 * - `committed`: that transaction was later found committed, but no response was recorded;
 * - `mismatch`: the key was used for another request.
 */
export type IdempotencyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly statusCode: number; readonly response: unknown }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'bound'; readonly transactionId: string }
  | { readonly kind: 'committed'; readonly transactionId: string }
  | { readonly kind: 'mismatch' };

/** What is known of a transaction a key is bound to (the transaction journal's word). */
export type BoundTransactionState = 'COMMITTED' | 'INVALID' | 'NOT_SUBMITTED' | 'PENDING';

/** Learns the outcome of a transaction bound to a key. */
export interface BoundTransactionResolver {
  /** What the journal knows now, without asking the ledger. */
  known(transactionId: string): BoundTransactionState;
  /** Asks the ledger (as `username`, within a bounded wait) and records what it learns in the journal. */
  resolve(username: string, transactionId: string): Promise<BoundTransactionState>;
  /** What the ledger needs to send the transaction again under its own id, when the journal has it. */
  resumeState(transactionId: string): string | undefined;
}

/** Idempotency records of POST requests, per user and key. */
export interface IdempotencyStore {
  /** Claims the key for a request with this hash, or says why not (or what to replay). */
  claim(ref: IdempotencyKeyRef, requestHash: string): IdempotencyClaim;
  /** Binds a claimed key to the transaction its request is about to endorse (before endorsement). */
  bindTransaction(ref: IdempotencyKeyRef, transactionId: string): void;
  /** The transaction a key is bound to, if any. */
  boundTransaction(ref: IdempotencyKeyRef): string | undefined;
  /**
   * Takes a key bound to `transactionId` (its request ended, or its process died, with the outcome
   * unknown) for a request that sends that transaction again under its own id; false when the key is
   * no longer bound to it, or a request of this process holds it.
   */
  resume(ref: IdempotencyKeyRef, transactionId: string): boolean;
  /** Records the response of a claimed key, to be replayed to retries. */
  complete(ref: IdempotencyKeyRef, statusCode: number, response: unknown): void;
  /** The request ended while its transaction's outcome is unknown: the key stays bound to it. */
  leavePending(ref: IdempotencyKeyRef): void;
  /** Frees a claimed key whose request provably changed nothing, so that it may be retried. */
  release(ref: IdempotencyKeyRef): void;
  /**
   * The outcome of a transaction became known after its request ended: a committed one marks its key
   * `committed` (no response was recorded), an invalid or never-ordered one frees its key.
   */
  transactionSettled(transactionId: string, state: Exclude<BoundTransactionState, 'PENDING'>): void;
  /** Learns the outcome of bound transactions (the journal, then the ledger). */
  readonly transactions: BoundTransactionResolver;
  /** Deletes finished records older than the retention period; answers how many. */
  purgeExpired(): number;
}

/** Options of {@link createIdempotencyStore}. */
export interface IdempotencyStoreOptions {
  /** How long a completed response is replayed. */
  readonly retentionSeconds: number;
  /** Learns the outcome of bound transactions. */
  readonly transactions: BoundTransactionResolver;
  /** The clock, `Date.now` by default. */
  readonly now?: () => number;
}

const Row = z.object({
  request_hash: z.string(),
  state: z.enum(['IN_FLIGHT', 'PENDING', 'COMMITTED', 'DONE']),
  status_code: z.number().int().nullable(),
  response: z.string().nullable(),
  tx_id: z.string().nullable(),
  owner: z.string().nullable(),
  created_at: z.number().int(),
});

/**
 * The SQLite implementation of {@link IdempotencyStore}. A claim records the claiming store's
 * instance id: an `IN_FLIGHT` record of another instance belongs to a process that died (one gateway
 * process per database), so it is taken over when no transaction was bound to it, and treated as
 * `bound` otherwise.
 */
export function createIdempotencyStore(
  db: GatewayDatabase,
  options: Readonly<IdempotencyStoreOptions>,
): IdempotencyStore {
  const now = options.now ?? Date.now;
  const instance = randomBytes(8).toString('hex');
  const select = db.prepare('SELECT * FROM idempotency_keys WHERE username = ? AND key = ?');
  const upsertClaim = db.prepare(
    `INSERT INTO idempotency_keys (username, key, request_hash, state, owner, created_at)
     VALUES (@username, @key, @requestHash, 'IN_FLIGHT', @owner, @now)
     ON CONFLICT (username, key) DO UPDATE SET
       request_hash = excluded.request_hash, state = 'IN_FLIGHT', status_code = NULL, response = NULL,
       tx_id = NULL, owner = excluded.owner, created_at = excluded.created_at`,
  );
  const bind = db.prepare(
    "UPDATE idempotency_keys SET tx_id = ? WHERE username = ? AND key = ? AND state = 'IN_FLIGHT'",
  );
  const takeBound = db.prepare(
    `UPDATE idempotency_keys SET state = 'IN_FLIGHT', owner = @owner
     WHERE username = @username AND key = @key AND tx_id = @transactionId
       AND (state = 'PENDING' OR (state = 'IN_FLIGHT' AND owner IS NOT @owner))`,
  );
  const markDone = db.prepare(
    "UPDATE idempotency_keys SET state = 'DONE', status_code = ?, response = ? WHERE username = ? AND key = ?",
  );
  const markPending = db.prepare(
    `UPDATE idempotency_keys SET state = 'PENDING', owner = NULL
     WHERE username = ? AND key = ? AND tx_id IS NOT NULL AND state = 'IN_FLIGHT'`,
  );
  const remove = db.prepare(
    "DELETE FROM idempotency_keys WHERE username = ? AND key = ? AND state IN ('IN_FLIGHT', 'PENDING')",
  );
  const markCommittedByTx = db.prepare(
    "UPDATE idempotency_keys SET state = 'COMMITTED' WHERE tx_id = ? AND state IN ('IN_FLIGHT', 'PENDING')",
  );
  const removeByTx = db.prepare(
    "DELETE FROM idempotency_keys WHERE tx_id = ? AND state IN ('IN_FLIGHT', 'PENDING')",
  );
  const purge = db.prepare(
    "DELETE FROM idempotency_keys WHERE created_at < ? AND (state IN ('DONE', 'COMMITTED') OR tx_id IS NULL)",
  );

  const find = (ref: IdempotencyKeyRef): z.infer<typeof Row> | undefined => {
    const found: unknown = select.get(ref.username, ref.key);
    return found === undefined ? undefined : Row.parse(found);
  };

  return {
    claim: db.transaction((ref: IdempotencyKeyRef, requestHash: string): IdempotencyClaim => {
      const row = find(ref);
      const time = now();
      const finished = row?.state === 'DONE' || row?.state === 'COMMITTED';
      const expired =
        row !== undefined && finished && time - row.created_at > options.retentionSeconds * 1000;
      const orphan = row?.state === 'IN_FLIGHT' && row.owner !== instance && row.tx_id === null;
      if (row !== undefined && !expired && !orphan) {
        if (row.request_hash !== requestHash) {
          return { kind: 'mismatch' };
        }
        if (row.state === 'DONE' && row.status_code !== null && row.response !== null) {
          const response: unknown = JSON.parse(row.response);
          return { kind: 'replay', statusCode: row.status_code, response };
        }
        if (row.state === 'COMMITTED' && row.tx_id !== null) {
          return { kind: 'committed', transactionId: row.tx_id };
        }
        if (row.tx_id !== null && (row.state === 'PENDING' || row.owner !== instance)) {
          return { kind: 'bound', transactionId: row.tx_id };
        }
        return { kind: 'in-flight' };
      }
      upsertClaim.run({ ...ref, requestHash, owner: instance, now: time });
      return { kind: 'claimed' };
    }),
    bindTransaction: (ref, transactionId) => {
      bind.run(transactionId, ref.username, ref.key);
    },
    boundTransaction: (ref) => find(ref)?.tx_id ?? undefined,
    resume: (ref, transactionId) => takeBound.run({ ...ref, transactionId, owner: instance }).changes === 1,
    complete: (ref, statusCode, response) => {
      markDone.run(statusCode, JSON.stringify(response), ref.username, ref.key);
    },
    leavePending: (ref) => {
      markPending.run(ref.username, ref.key);
    },
    release: (ref) => {
      remove.run(ref.username, ref.key);
    },
    transactionSettled: (transactionId, state) => {
      if (state === 'COMMITTED') {
        markCommittedByTx.run(transactionId);
      } else {
        removeByTx.run(transactionId);
      }
    },
    transactions: options.transactions,
    purgeExpired: () => purge.run(now() - options.retentionSeconds * 1000).changes,
  };
}
