import { z } from 'zod';
import type { GatewayDatabase } from './database';

/** One use of an idempotency key by one user. */
export interface IdempotencyKeyRef {
  readonly username: string;
  readonly key: string;
}

/** What claiming an idempotency key found. */
export type IdempotencyClaim =
  | { readonly kind: 'claimed' }
  | { readonly kind: 'replay'; readonly statusCode: number; readonly response: unknown }
  | { readonly kind: 'in-flight' }
  | { readonly kind: 'mismatch' };

/** Idempotency records of POST requests, per user and key. */
export interface IdempotencyStore {
  /** Claims the key for a request with this hash, or says why not (or what to replay). */
  claim(ref: IdempotencyKeyRef, requestHash: string): IdempotencyClaim;
  /** Records the response of a claimed key, to be replayed to retries. */
  complete(ref: IdempotencyKeyRef, statusCode: number, response: unknown): void;
  /** Frees a claimed key whose request failed, so that it may be retried. */
  release(ref: IdempotencyKeyRef): void;
  /** Deletes records older than the retention period; answers how many. */
  purgeExpired(): number;
}

/** Options of {@link createIdempotencyStore}. */
export interface IdempotencyStoreOptions {
  /** How long a completed response is replayed. */
  readonly retentionSeconds: number;
  /** After how long an in-flight claim is considered abandoned (its request died with the process). */
  readonly abandonAfterMs: number;
  /** The clock, `Date.now` by default. */
  readonly now?: () => number;
}

const Row = z.object({
  request_hash: z.string(),
  state: z.enum(['IN_FLIGHT', 'DONE']),
  status_code: z.number().int().nullable(),
  response: z.string().nullable(),
  created_at: z.number().int(),
});

/** The SQLite implementation of {@link IdempotencyStore}. */
export function createIdempotencyStore(
  db: GatewayDatabase,
  options: Readonly<IdempotencyStoreOptions>,
): IdempotencyStore {
  const now = options.now ?? Date.now;
  const select = db.prepare('SELECT * FROM idempotency_keys WHERE username = ? AND key = ?');
  const upsertClaim = db.prepare(
    `INSERT INTO idempotency_keys (username, key, request_hash, state, created_at)
     VALUES (@username, @key, @requestHash, 'IN_FLIGHT', @now)
     ON CONFLICT (username, key) DO UPDATE SET
       request_hash = excluded.request_hash, state = 'IN_FLIGHT', status_code = NULL, response = NULL,
       created_at = excluded.created_at`,
  );
  const markDone = db.prepare(
    "UPDATE idempotency_keys SET state = 'DONE', status_code = ?, response = ? WHERE username = ? AND key = ?",
  );
  const remove = db.prepare(
    "DELETE FROM idempotency_keys WHERE username = ? AND key = ? AND state = 'IN_FLIGHT'",
  );
  const purge = db.prepare('DELETE FROM idempotency_keys WHERE created_at < ?');

  return {
    claim: db.transaction((ref: IdempotencyKeyRef, requestHash: string): IdempotencyClaim => {
      const found: unknown = select.get(ref.username, ref.key);
      const row = found === undefined ? undefined : Row.parse(found);
      const time = now();
      const expired =
        row !== undefined &&
        (row.state === 'IN_FLIGHT'
          ? time - row.created_at > options.abandonAfterMs
          : time - row.created_at > options.retentionSeconds * 1000);
      if (row !== undefined && !expired) {
        if (row.request_hash !== requestHash) {
          return { kind: 'mismatch' };
        }
        if (row.state === 'IN_FLIGHT' || row.status_code === null || row.response === null) {
          return { kind: 'in-flight' };
        }
        const response: unknown = JSON.parse(row.response);
        return { kind: 'replay', statusCode: row.status_code, response };
      }
      upsertClaim.run({ ...ref, requestHash, now: time });
      return { kind: 'claimed' };
    }),
    complete: (ref, statusCode, response) => {
      markDone.run(statusCode, JSON.stringify(response), ref.username, ref.key);
    },
    release: (ref) => {
      remove.run(ref.username, ref.key);
    },
    purgeExpired: () => purge.run(now() - options.retentionSeconds * 1000).changes,
  };
}
