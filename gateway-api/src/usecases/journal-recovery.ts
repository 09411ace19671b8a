import type { Logger } from 'pino';
import type { KeyVault } from '../identity/key-vault';
import type { Ledger } from '../ledger/ledger';
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
}

/** How many pending transactions were resolved, found unknown, or left pending (ledger unavailable). */
export interface RecoveryReport {
  readonly resolved: number;
  readonly unknown: number;
  readonly stillPending: number;
}

/**
 * Resolves the transactions a previous run recorded but never saw the outcome of (a crash between
 * submit and commit), by asking the peer for their commit status as the user who submitted them.
 * A transaction whose status cannot be learnt within the timeout (it never reached the orderer),
 * or whose user no longer exists, is marked `UNKNOWN`; while its org's peer is unreachable an
 * entry stays pending for the next start.
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
        journal.settled({
          transactionId: outcome.transactionId,
          outcome: outcome.valid ? 'COMMITTED' : 'INVALID',
          validationCode: outcome.validationCode,
          blockNumber: outcome.blockNumber,
        });
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
