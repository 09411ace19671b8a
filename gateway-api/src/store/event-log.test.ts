import { openDatabase, type GatewayDatabase } from './database';
import { createEventLog, PUBLIC_AUDIENCE } from './event-log';

let db: GatewayDatabase;
beforeEach(() => {
  db = openDatabase(':memory:');
});
afterEach(() => {
  db.close();
});

const event = (
  n: number,
  audience: string[],
): Parameters<ReturnType<typeof createEventLog>['append']>[0] => ({
  transactionId: `tx-${n}`,
  blockNumber: BigInt(n),
  eventName: 'ReceivableIssued',
  data: { n },
  audience,
});

test('appends with increasing ids and moves the checkpoint in the same transaction', () => {
  const log = createEventLog(db);
  expect(log.checkpoint()).toBeUndefined();
  expect(log.append(event(1, ['A']))).toBe(1);
  expect(log.append(event(2, ['B']))).toBe(2);
  expect(log.checkpoint()).toEqual({ blockNumber: 2n, transactionId: 'tx-2' });
});

test('a repeated transaction is not appended twice', () => {
  const log = createEventLog(db);
  log.append(event(1, ['A']));
  expect(log.append(event(1, ['A']))).toBeUndefined();
  expect(log.readAfter(0, { all: true }, 10)).toHaveLength(1);
});

test('reads what a reader may see, after an id, in order, bounded', () => {
  const log = createEventLog(db);
  log.append(event(1, [PUBLIC_AUDIENCE]));
  log.append(event(2, ['A', 'B', 'A']));
  log.append(event(3, ['B']));
  log.append(event(4, []));
  const ids = (reader: Parameters<typeof log.readAfter>[1], after = 0, limit = 10): number[] =>
    log.readAfter(after, reader, limit).map((entry) => entry.id);
  expect(ids({ all: true })).toEqual([1, 2, 3, 4]);
  expect(ids({ all: false, participantId: 'A' })).toEqual([1, 2]);
  expect(ids({ all: false, participantId: 'B' }, 1)).toEqual([2, 3]);
  expect(ids({ all: false, participantId: null })).toEqual([1]);
  expect(ids({ all: true }, 0, 2)).toEqual([1, 2]);
  expect(log.readAfter(1, { all: true }, 1)[0]).toEqual({
    id: 2,
    transactionId: 'tx-2',
    blockNumber: '2',
    eventName: 'ReceivableIssued',
    data: '{"n":2}',
  });
});

test('remembers the bank of announced credit lines', () => {
  const log = createEventLog(db);
  log.append({ ...event(1, ['BANKA']), creditLine: { id: 'CL-1', bankId: 'BANKA' } });
  expect(log.bankOfCreditLine('CL-1')).toBe('BANKA');
  expect(log.bankOfCreditLine('CL-2')).toBeUndefined();
});
