import type { Logger } from 'pino';
import type { KeyVault } from '../identity/key-vault';
import type { Ledger } from '../ledger/ledger';
import type { BoundTransactionResolver, BoundTransactionState } from '../store/idempotency-store';
import type { TransactionJournal } from '../store/transaction-journal';
import type { UserStore } from '../store/user-store';
import { ledgerCaller } from './authentication';

/** Options of {@link recoverPendingTransactions}. */
export interface JournalRecoveryOptions {
  readonly journal: TransactionJournal;
  readonly ledger: Ledger;
  readonly users: UserStore;
  readonly vault: KeyVault;
  /** How long to wait for each pending transaction's commit status. */
  readonly timeoutMs: number;
  readonly log: Logger;
  /** Told of each outcome learnt (the idempotency keys bound to the transaction follow it). */
  readonly onSettled?: (transactionId: string, state: Exclude<BoundTransactionState, 'PENDING'>) => void;
}

/** How many pending transactions were resolved, found unknown, or left pending (ledger unavailable). */
export interface RecoveryReport {
  readonly resolved: number;
  readonly unknown: number;
  readonly stillPending: number;
}

/**
 * Resolves the transactions a previous run recorded but never saw the outcome of (a crash between
 * submit and commit), by asking the peer for their commit status as the user who submitted them:
 * committed (its idempotency key then answers `COMMITTED`) or committed invalid (its key is freed).
 * A transaction whose status cannot be learnt within the timeout, or whose user no longer exists, is
 * marked `UNKNOWN`: not being in a block yet does not prove it never reached the orderer, so its
 * idempotency key stays bound (a retry asks again, then sends that same transaction again under its
 * id: see `runIdempotently`). Transactions the ledger saw fail before ordering
 * were settled `NOT_SUBMITTED` when they failed. While its org's peer is unreachable an entry stays
 * pending for the next start.
 */
export async function recoverPendingTransactions(
  options: Readonly<JournalRecoveryOptions>,
): Promise<RecoveryReport> {
  const { journal, ledger, users, vault, log } = options;
  const pending = journal.pending();
  if (pending.length === 0) {
    return { resolved: 0, unknown: 0, stillPending: 0 };
  }
  const peers = await ledger.checkPeers(new Date(Date.now() + Math.min(options.timeoutMs, 5_000)));
  const reachable = new Set(peers.filter((peer) => peer.reachable).map((peer) => peer.org));
  const outcomes = await Promise.all(
    pending.map(async (entry): Promise<keyof RecoveryReport> => {
      if (!reachable.has(entry.org)) {
        return 'stillPending';
      }
      const user = users.findActive(entry.username);
      if (user === undefined) {
        journal.markUnknown(entry.transactionId);
        return 'unknown';
      }
      try {
        const outcome = await ledger.getCommitStatus({
          caller: ledgerCaller(user, vault),
          transactionId: entry.transactionId,
          deadline: new Date(Date.now() + options.timeoutMs),
        });
        const state = outcome.valid ? 'COMMITTED' : 'INVALID';
        journal.settled({
          transactionId: entry.transactionId,
          outcome: state,
          validationCode: outcome.validationCode,
          blockNumber: outcome.blockNumber,
        });
        options.onSettled?.(entry.transactionId, state);
        return 'resolved';
      } catch (error) {
        log.warn({ err: error, transactionId: entry.transactionId }, 'pending transaction outcome unknown');
        journal.markUnknown(entry.transactionId);
        return 'unknown';
      }
    }),
  );
  const count = (kind: keyof RecoveryReport): number => outcomes.filter((outcome) => outcome === kind).length;
  return { resolved: count('resolved'), unknown: count('unknown'), stillPending: count('stillPending') };
}

/** Options of {@link createBoundTransactionResolver}. */
export interface BoundTransactionResolverOptions {
  readonly journal: TransactionJournal;
  readonly ledger: Pick<Ledger, 'getCommitStatus'>;
  readonly users: UserStore;
  readonly vault: KeyVault;
  /** How long a retry waits for the commit status of a transaction of unknown outcome. */
  readonly waitMs: number;
  readonly log: Logger;
}

/**
 * Learns the outcome of a transaction an idempotency key is bound to: the journal's word when it has
 * one, else the ledger's commit status (asked as the user who submitted it, within `waitMs`), which is
 * then recorded in the journal. Anything not learnt is `PENDING`.
 */
export function createBoundTransactionResolver(
  options: Readonly<BoundTransactionResolverOptions>,
): BoundTransactionResolver {
  const { journal, ledger, users, vault, log } = options;
  const known = (transactionId: string): BoundTransactionState => {
    const state = journal.find(transactionId)?.state;
    return state === 'COMMITTED' || state === 'INVALID' || state === 'NOT_SUBMITTED' ? state : 'PENDING';
  };
  return {
    known,
    resumeState: (transactionId) => journal.find(transactionId)?.resumeState ?? undefined,
    resolve: async (username, transactionId) => {
      const user = users.findActive(username);
      if (user === undefined) {
        return known(transactionId);
      }
      try {
        const outcome = await ledger.getCommitStatus({
          caller: ledgerCaller(user, vault),
          transactionId,
          deadline: new Date(Date.now() + options.waitMs),
        });
        journal.settled({
          transactionId,
          outcome: outcome.valid ? 'COMMITTED' : 'INVALID',
          validationCode: outcome.validationCode,
          blockNumber: outcome.blockNumber,
        });
      } catch (error) {
        log.debug({ err: error, transactionId }, 'transaction outcome still unknown');
      }
      return known(transactionId);
    },
  };
}
