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
  journal.prepared({ transactionId: 't1', callerId: 'alice', org: 'enterprise', fn: 'IssueReceivable' });
  journal.prepared({ transactionId: 't2', callerId: 'bob', org: 'banka', fn: 'GrantCreditLine' });
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
