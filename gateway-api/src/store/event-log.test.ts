import { openDatabase, type GatewayDatabase } from './database';
import { createEventLog } from './event-log';

let db: GatewayDatabase;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => {
  db.close();
});

const event = (n: number): Parameters<ReturnType<typeof createEventLog>['append']>[0] => ({
  transactionId: `tx-${n}`,
  blockNumber: BigInt(n),
  eventName: 'ReceivableIssued',
  data: { n },
});

test('appends with increasing ids and moves the checkpoint in the same transaction', () => {
  const log = createEventLog(db);
  expect(log.checkpoint()).toBeUndefined();
  expect(log.append(event(1))).toBe(1);
  expect(log.append(event(2))).toBe(2);
  expect(log.checkpoint()).toEqual({ blockNumber: 2n, transactionId: 'tx-2' });
});

test('a repeated transaction is not appended twice', () => {
  const log = createEventLog(db);
  log.append(event(1));
  expect(log.append(event(1))).toBeUndefined();
  expect(log.readAfter(0, 10)).toHaveLength(1);
});

test('reads after an id, in order, bounded; the checkpoint survives a reopen', () => {
  const log = createEventLog(db);
  for (const n of [1, 2, 3, 4]) {
    log.append(event(n));
  }
  expect(log.readAfter(0, 10).map((entry) => entry.id)).toEqual([1, 2, 3, 4]);
  expect(log.readAfter(1, 2).map((entry) => entry.id)).toEqual([2, 3]);
  expect(log.readAfter(1, 1)[0]).toEqual({
    id: 2,
    transactionId: 'tx-2',
    blockNumber: '2',
    eventName: 'ReceivableIssued',
    data: '{"n":2}',
  });
  expect(createEventLog(db).checkpoint()).toEqual({ blockNumber: 4n, transactionId: 'tx-4' });
});
