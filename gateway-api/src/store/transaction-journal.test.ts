import { openDatabase, type GatewayDatabase } from './database';
import { createTransactionJournal } from './transaction-journal';

let db: GatewayDatabase;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => {
  db.close();
});

test('records before, settles after; unsettled entries stay pending', () => {
  const journal = createTransactionJournal(db);
  journal.prepared({
    transactionId: 't1',
    callerId: 'alice',
    org: 'enterprise',
    fn: 'IssueReceivable',
    resumeState: 's1',
  });
  journal.prepared({
    transactionId: 't2',
    callerId: 'bob',
    org: 'banka',
    fn: 'GrantCreditLine',
    resumeState: 's2',
  });
  journal.settled({ transactionId: 't1', outcome: 'COMMITTED', validationCode: 'VALID', blockNumber: 5n });
  expect(journal.pending()).toMatchObject([
    { transactionId: 't2', username: 'bob', org: 'banka', fn: 'GrantCreditLine' },
  ]);
  expect(journal.pending()).toHaveLength(1);
  expect(journal.find('t1')).toMatchObject({ state: 'COMMITTED', validationCode: 'VALID', blockNumber: '5' });
  journal.markUnknown('t2');
  expect(journal.pending()).toEqual([]);
  journal.settled({
    transactionId: 't2',
    outcome: 'INVALID',
    validationCode: 'MVCC_READ_CONFLICT',
    blockNumber: 6n,
  });
  expect(journal.find('t2')).toMatchObject({ state: 'INVALID' });
  journal.settled({ transactionId: 't1', outcome: 'NOT_SUBMITTED' });
  expect(journal.find('t1')?.state).toBe('COMMITTED');
});

test('a transaction sent again under its id is pending again, with the state to resend it', () => {
  const journal = createTransactionJournal(db);
  const transfer = {
    transactionId: 't1',
    callerId: 'alice',
    org: 'enterprise',
    fn: 'Transfer',
    resumeState: 's1',
  };
  journal.prepared(transfer);
  journal.markUnknown('t1');
  journal.prepared(transfer);
  expect(journal.pending()).toMatchObject([{ transactionId: 't1', resumeState: 's1' }]);
  journal.settled({ transactionId: 't1', outcome: 'COMMITTED', validationCode: 'VALID', blockNumber: 3n });
  journal.prepared(transfer);
  expect(journal.find('t1')).toMatchObject({ state: 'COMMITTED', blockNumber: '3' });
});
