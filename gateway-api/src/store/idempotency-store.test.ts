import { openDatabase, type GatewayDatabase } from './database';
import { createIdempotencyStore, type BoundTransactionState } from './idempotency-store';

let db: GatewayDatabase;
let now = 0;
beforeEach(() => {
  db = openDatabase(':memory:');
  now = 1_000_000;
});
afterEach(() => {
  db.close();
});

const ref = { username: 'alice', key: 'k1' };
const journal = new Map<string, BoundTransactionState>();
const store = (): ReturnType<typeof createIdempotencyStore> =>
  createIdempotencyStore(db, {
    retentionSeconds: 60,
    now: () => now,
    transactions: {
      known: (id) => journal.get(id) ?? 'PENDING',
      resolve: (_user, id) => Promise.resolve(journal.get(id) ?? 'PENDING'),
      resumeState: (id) => `state of ${id}`,
    },
  });

test('claim, complete, replay', () => {
  const keys = store();
  expect(keys.claim(ref, 'h1')).toEqual({ kind: 'claimed' });
  expect(keys.claim(ref, 'h1')).toEqual({ kind: 'in-flight' });
  keys.complete(ref, 201, { id: 'R1' });
  expect(keys.claim(ref, 'h1')).toEqual({ kind: 'replay', statusCode: 201, response: { id: 'R1' } });
  expect(keys.claim(ref, 'h2')).toEqual({ kind: 'mismatch' });
  expect(keys.claim({ username: 'bob', key: 'k1' }, 'h2')).toEqual({ kind: 'claimed' });
});

test('a released claim can be claimed again', () => {
  const keys = store();
  keys.claim(ref, 'h1');
  keys.release(ref);
  expect(keys.claim(ref, 'h2')).toEqual({ kind: 'claimed' });
});

test('a key bound to a transaction of unknown outcome stays bound, whatever the age', () => {
  const keys = store();
  keys.claim(ref, 'h1');
  keys.bindTransaction(ref, 'tx1');
  expect(keys.boundTransaction(ref)).toBe('tx1');
  keys.leavePending(ref);
  now += 10 * 60_000;
  expect(keys.claim(ref, 'h1')).toEqual({ kind: 'bound', transactionId: 'tx1' });
  expect(keys.claim(ref, 'h2')).toEqual({ kind: 'mismatch' });
  expect(keys.purgeExpired()).toBe(0);
  keys.release(ref);
  expect(keys.claim(ref, 'h1')).toEqual({ kind: 'claimed' });
});

test('the claim of a dead process: taken over without a transaction, bound with one', () => {
  store().claim(ref, 'h1');
  expect(store().claim(ref, 'h1')).toEqual({ kind: 'claimed' });
  const dead = store();
  dead.claim({ ...ref, key: 'k2' }, 'h1');
  dead.bindTransaction({ ...ref, key: 'k2' }, 'tx2');
  expect(store().claim({ ...ref, key: 'k2' }, 'h1')).toEqual({ kind: 'bound', transactionId: 'tx2' });
});

test('an outcome learnt later: committed marks the key, invalid or never ordered frees it', () => {
  const keys = store();
  for (const [key, tx] of [
    ['a', 'tx-a'],
    ['b', 'tx-b'],
    ['c', 'tx-c'],
  ] as const) {
    keys.claim({ ...ref, key }, 'h');
    keys.bindTransaction({ ...ref, key }, tx);
    keys.leavePending({ ...ref, key });
  }
  keys.transactionSettled('tx-a', 'COMMITTED');
  keys.transactionSettled('tx-b', 'INVALID');
  keys.transactionSettled('tx-c', 'NOT_SUBMITTED');
  expect(keys.claim({ ...ref, key: 'a' }, 'h')).toEqual({ kind: 'committed', transactionId: 'tx-a' });
  expect(keys.claim({ ...ref, key: 'b' }, 'h')).toEqual({ kind: 'claimed' });
  expect(keys.claim({ ...ref, key: 'c' }, 'h')).toEqual({ kind: 'claimed' });
});

test('a completed claim expires after the retention', () => {
  const keys = store();
  keys.claim(ref, 'h1');
  keys.complete(ref, 200, {});
  now += 60_001;
  expect(keys.claim(ref, 'h9')).toEqual({ kind: 'claimed' });
  keys.complete(ref, 200, {});
  now += 60_001;
  expect(keys.purgeExpired()).toBe(1);
});

test('a key bound to a transaction of unknown outcome is taken once to resend that transaction', () => {
  const keys = store();
  keys.claim(ref, 'h1');
  keys.bindTransaction(ref, 'tx1');
  expect(keys.resume(ref, 'tx1')).toBe(false);
  keys.leavePending(ref);
  expect(keys.resume(ref, 'tx2')).toBe(false);
  expect(keys.resume(ref, 'tx1')).toBe(true);
  expect(keys.resume(ref, 'tx1')).toBe(false);
  expect(keys.claim(ref, 'h1')).toEqual({ kind: 'in-flight' });
});

test('a key bound by a process that died is taken by the next one to resend its transaction', () => {
  const before = store();
  before.claim(ref, 'h1');
  before.bindTransaction(ref, 'tx1');
  const after = store();
  expect(after.claim(ref, 'h1')).toEqual({ kind: 'bound', transactionId: 'tx1' });
  expect(after.resume(ref, 'tx1')).toBe(true);
  expect(after.boundTransaction(ref)).toBe('tx1');
});
