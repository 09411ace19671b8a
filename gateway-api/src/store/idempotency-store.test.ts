import { openDatabase, type GatewayDatabase } from './database';
import { createIdempotencyStore } from './idempotency-store';

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
const store = (): ReturnType<typeof createIdempotencyStore> =>
  createIdempotencyStore(db, { retentionSeconds: 60, abandonAfterMs: 5_000, now: () => now });

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

test('an abandoned in-flight claim is taken over; a completed one expires after the retention', () => {
  const keys = store();
  keys.claim(ref, 'h1');
  now += 5_001;
  expect(keys.claim(ref, 'h1')).toEqual({ kind: 'claimed' });
  keys.complete(ref, 200, {});
  now += 60_001;
  expect(keys.claim(ref, 'h9')).toEqual({ kind: 'claimed' });
  keys.complete(ref, 200, {});
  now += 60_001;
  expect(keys.purgeExpired()).toBe(1);
});
