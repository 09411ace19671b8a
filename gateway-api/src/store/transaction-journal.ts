import { z } from 'zod';
import type { OrgKey } from '../domain/orgs';
import type { SubmitRecorder } from '../ledger/ledger';
import type { GatewayDatabase } from './database';

/** A transaction recorded before submission whose outcome is not known yet. */
export interface PendingTransaction {
  readonly transactionId: string;
  readonly username: string;
  readonly org: OrgKey;
  readonly fn: string;
  /** What the ledger needs to send it again under its own id (absent for entries of older versions). */
  readonly resumeState: string | null;
}

/** A journal entry as stored. */
export interface JournalEntry extends PendingTransaction {
  readonly state: 'PENDING' | 'COMMITTED' | 'INVALID' | 'NOT_SUBMITTED' | 'UNKNOWN';
  readonly validationCode: string | null;
  readonly blockNumber: string | null;
}

/**
 * The pending-transaction journal: every transaction id is recorded before submission and its
 * outcome after, so that a crash in between leaves a pending entry to resolve at start-up.
 */
export interface TransactionJournal extends SubmitRecorder {
  /** Entries whose outcome is not known. */
  pending(): readonly PendingTransaction[];
  /** Records that a pending transaction's outcome could not be learnt within the recovery window. */
  markUnknown(transactionId: string): void;
  /** One entry, if recorded. */
  find(transactionId: string): JournalEntry | undefined;
}

const Row = z.object({
  tx_id: z.string(),
  username: z.string(),
  org: z.string(),
  fn: z.string(),
  state: z.enum(['PENDING', 'COMMITTED', 'INVALID', 'NOT_SUBMITTED', 'UNKNOWN']),
  validation_code: z.string().nullable(),
  block_number: z.string().nullable(),
  resume_state: z.string().nullable(),
});

function toEntry(row: z.infer<typeof Row>): JournalEntry {
  return {
    transactionId: row.tx_id,
    username: row.username,
    org: row.org,
    fn: row.fn,
    state: row.state,
    validationCode: row.validation_code,
    blockNumber: row.block_number,
    resumeState: row.resume_state,
  };
}

/** The SQLite implementation of {@link TransactionJournal}. */
export function createTransactionJournal(db: GatewayDatabase): TransactionJournal {
  // A transaction sent again under its own id (a retry of one whose outcome is unknown) is pending again.
  const insert = db.prepare(
    `INSERT INTO transaction_journal (tx_id, username, org, fn, state, resume_state, created_at, updated_at)
     VALUES (?, ?, ?, ?, 'PENDING', ?, ?, ?)
     ON CONFLICT (tx_id) DO UPDATE SET state = 'PENDING', updated_at = excluded.updated_at
     WHERE state IN ('PENDING', 'UNKNOWN')`,
  );
  const settle = db.prepare(
    `UPDATE transaction_journal SET state = ?, validation_code = ?, block_number = ?, updated_at = ?
     WHERE tx_id = ? AND state IN ('PENDING', 'UNKNOWN')`,
  );
  const selectPending = db.prepare(
    "SELECT * FROM transaction_journal WHERE state = 'PENDING' ORDER BY created_at",
  );
  const selectOne = db.prepare('SELECT * FROM transaction_journal WHERE tx_id = ?');
  const now = (): string => new Date().toISOString();

  return {
    prepared: ({ transactionId, callerId, org, fn, resumeState }) => {
      const time = now();
      insert.run(transactionId, callerId, org, fn, resumeState, time, time);
    },
    settled: ({ transactionId, outcome, validationCode, blockNumber }) => {
      settle.run(outcome, validationCode ?? null, blockNumber?.toString() ?? null, now(), transactionId);
    },
    markUnknown: (transactionId) => {
      settle.run('UNKNOWN', null, null, now(), transactionId);
    },
    pending: () => selectPending.all().map((row) => toEntry(Row.parse(row))),
    find: (transactionId) => {
      const row: unknown = selectOne.get(transactionId);
      return row === undefined ? undefined : toEntry(Row.parse(row));
    },
  };
}
