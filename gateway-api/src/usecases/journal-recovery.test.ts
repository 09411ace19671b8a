import { randomBytes } from 'node:crypto';
import pino from 'pino';
import { createKeyVault } from '../identity/key-vault';
import type { CommitOutcome, Ledger, PeerStatus } from '../ledger/ledger';
import { openDatabase } from '../store/database';
import { createIdempotencyStore } from '../store/idempotency-store';
import { createTransactionJournal } from '../store/transaction-journal';
import { createUserStore } from '../store/user-store';
import { createBoundTransactionResolver, recoverPendingTransactions } from './journal-recovery';

test('resolves pending transactions by commit status; unknown ones are marked, unreachable orgs wait', async () => {
  const db = openDatabase(':memory:');
  const vault = createKeyVault(randomBytes(32));
  const users = createUserStore(db);
  const journal = createTransactionJournal(db);
  for (const [username, org] of [
    ['alice', 'enterprise'],
    ['bob', 'banka'],
  ] as const) {
    users.saveActive({
      username,
      org,
      mspId: 'X',
      participantId: 'P',
      role: 'operator',
      passwordHash: 'h',
      certificate: 'c',
      sealedKey: vault.seal('k', username),
    });
  }
  const pending = [
    ['committed', 'alice', 'enterprise'],
    ['conflicted', 'alice', 'enterprise'],
    ['lost', 'alice', 'enterprise'],
    ['orphan', 'ghost', 'enterprise'],
    ['waiting', 'bob', 'banka'],
  ] as const;
  const resolver = createBoundTransactionResolver({
    journal,
    ledger: { getCommitStatus: () => Promise.reject(new Error('not asked here')) },
    users,
    vault,
    waitMs: 10,
    log: pino({ level: 'silent' }),
  });
  const idempotency = createIdempotencyStore(db, { retentionSeconds: 60, transactions: resolver });
  for (const [transactionId, callerId, org] of pending) {
    journal.prepared({ transactionId, callerId, org, fn: 'AcceptReceivable', resumeState: transactionId });
    // Each transaction's request held an Idempotency-Key and ended with the outcome unknown.
    const ref = { username: callerId, key: transactionId };
    idempotency.claim(ref, 'hash');
    idempotency.bindTransaction(ref, transactionId);
    idempotency.leavePending(ref);
  }
  const outcomes: Record<string, CommitOutcome> = {
    committed: { transactionId: 'committed', valid: true, validationCode: 'VALID', blockNumber: 4n },
    conflicted: {
      transactionId: 'conflicted',
      valid: false,
      validationCode: 'MVCC_READ_CONFLICT',
      blockNumber: 4n,
    },
  };
  const peers: PeerStatus[] = [
    { org: 'enterprise', reachable: true },
    { org: 'banka', reachable: false },
  ];
  const ledger: Pick<Ledger, 'getCommitStatus' | 'checkPeers'> = {
    checkPeers: () => Promise.resolve(peers),
    getCommitStatus: ({ transactionId }) => {
      const outcome = outcomes[transactionId];
      return outcome === undefined
        ? Promise.reject(new Error('deadline exceeded'))
        : Promise.resolve(outcome);
    },
  };
  const report = await recoverPendingTransactions({
    journal,
    ledger: {
      ...ledger,
      submit: jest.fn(),
      evaluate: jest.fn(),
      getTransaction: jest.fn(),
      subscribeEvents: jest.fn(),
      close: jest.fn(),
    },
    users,
    vault,
    timeoutMs: 1_000,
    log: pino({ level: 'silent' }),
    onSettled: (transactionId, state) => {
      idempotency.transactionSettled(transactionId, state);
    },
  });
  expect(report).toEqual({ resolved: 2, unknown: 2, stillPending: 1 });
  expect(journal.find('committed')?.state).toBe('COMMITTED');
  expect(journal.find('conflicted')).toMatchObject({
    state: 'INVALID',
    validationCode: 'MVCC_READ_CONFLICT',
  });
  expect(journal.find('lost')?.state).toBe('UNKNOWN');
  expect(journal.find('orphan')?.state).toBe('UNKNOWN');
  expect(journal.pending().map((entry) => entry.transactionId)).toEqual(['waiting']);
  // Committed: its key answers COMMITTED; invalid: its key is free; unknown or waiting: still bound.
  const claim = (username: string, key: string): unknown => idempotency.claim({ username, key }, 'hash');
  expect(claim('alice', 'committed')).toEqual({ kind: 'committed', transactionId: 'committed' });
  expect(claim('alice', 'conflicted')).toEqual({ kind: 'claimed' });
  expect(claim('alice', 'lost')).toEqual({ kind: 'bound', transactionId: 'lost' });
  expect(claim('bob', 'waiting')).toEqual({ kind: 'bound', transactionId: 'waiting' });
  expect(resolver.known('committed')).toBe('COMMITTED');
  expect(resolver.known('conflicted')).toBe('INVALID');
  expect(resolver.known('lost')).toBe('PENDING');
  expect(await resolver.resolve('alice', 'lost')).toBe('PENDING');
  db.close();
});
