import { randomUUID } from 'node:crypto';
import {
  type Actor,
  adminToken,
  call,
  dueDateIn,
  eventually,
  get,
  ok,
  onboard,
  post,
  runSuffix,
} from './support/rest';

/**
 * `Idempotency-Key` on the real network: a retry of a POST with the same key (after the first
 * committed) answers the first response again and submits nothing; the same key with another
 * body is refused (422) and submits nothing either.
 */

jest.setTimeout(300_000);

const run = runSuffix();
const id = (name: string): string => `${name}${run}`;

let core: Actor;
let supplier: Actor;
let bank: Actor;
let auditor: string;

beforeAll(async () => {
  core = await onboard('enterprise', id('CORE'));
  supplier = await onboard('enterprise', id('SUP'));
  bank = await onboard('banka', id('BANK'));
  auditor = await adminToken('auditor');
  ok(
    await post(bank.token, '/credit-lines', {
      obligorId: core.participantId,
      currency: 'GBP',
      limit: '1000.00',
    }),
    201,
  );
});

test('a retried issue with the same Idempotency-Key answers the first 201 (same id, same txId) and issues nothing new', async () => {
  const key = randomUUID();
  // No id in the body: the chaincode names the receivable after the transaction id, so a second
  // submission would create a second receivable.
  const body = {
    creditorId: supplier.participantId,
    amount: '100.00',
    currency: 'GBP',
    dueDate: dueDateIn(),
  };
  const first = await post(core.token, '/receivables', body, key);
  expect({ status: first.status, replayed: first.headers.get('idempotent-replayed') }).toEqual({
    status: 201,
    replayed: null,
  });
  expect(first.body.id).toMatch(/^R-[0-9a-f]{16}$/);

  const retry = await post(core.token, '/receivables', body, key);
  expect({
    status: retry.status,
    replayed: retry.headers.get('idempotent-replayed'),
    body: retry.body,
  }).toEqual({
    status: 201,
    replayed: 'true',
    body: first.body,
  });

  const other = await post(core.token, '/receivables', { ...body, amount: '200.00' }, key);
  expect({ status: other.status, code: other.body.code }).toEqual({
    status: 422,
    code: 'IDEMPOTENCY_KEY_REUSED',
  });

  // The ledger holds one receivable of this obligor, and the line is used once.
  const listed = await eventually(async () => {
    const page = ok(await get(auditor, `/receivables?obligorId=${core.participantId}`), 200);
    expect(page.items?.length).toBeGreaterThan(0);
    return page;
  });
  expect(listed.items?.map((item) => [item.id, item.amount, item.createdTxId])).toEqual([
    [first.body.id, '100.00', first.body.txId],
  ]);
  const lines = ok(await get(auditor, `/credit-lines?obligorId=${core.participantId}`), 200);
  expect(lines.items?.map((line) => line.used)).toEqual(['100.00']);
  const history = ok(await get(auditor, `/receivables/${String(first.body.id)}/history`), 200);
  expect(history).toHaveLength(1);
});

test('a retried action (accept) with the same key answers the first 200; without the key it is a 409 CONFLICT', async () => {
  const rcv = id('IDEM');
  ok(
    await post(core.token, '/receivables', {
      id: rcv,
      creditorId: supplier.participantId,
      amount: '50.00',
      currency: 'GBP',
      dueDate: dueDateIn(),
    }),
    201,
  );
  const key = randomUUID();
  const first = await call('POST', `/receivables/${rcv}/accept`, {
    token: supplier.token,
    idempotencyKey: key,
  });
  expect(first.status).toBe(200);
  const retry = await call('POST', `/receivables/${rcv}/accept`, {
    token: supplier.token,
    idempotencyKey: key,
  });
  expect({
    status: retry.status,
    replayed: retry.headers.get('idempotent-replayed'),
    txId: retry.body.txId,
  }).toEqual({
    status: 200,
    replayed: 'true',
    txId: first.body.txId,
  });
  // The same action without the key really is submitted again, and the chaincode refuses it.
  const again = await call('POST', `/receivables/${rcv}/accept`, { token: supplier.token });
  expect({ status: again.status, code: again.body.code }).toEqual({ status: 409, code: 'CONFLICT' });
  const history = ok(await get(auditor, `/receivables/${rcv}/history`), 200);
  expect(history).toHaveLength(2);
});

test('the key belongs to its user: another user with the same key gets its own result', async () => {
  const key = randomUUID();
  const forCore = await post(
    core.token,
    '/receivables',
    {
      creditorId: supplier.participantId,
      amount: '1.00',
      currency: 'GBP',
      dueDate: dueDateIn(),
    },
    key,
  );
  expect(forCore.status).toBe(201);
  const forBank = await post(
    bank.token,
    '/credit-lines',
    { obligorId: core.participantId, currency: 'GBP', limit: '5.00' },
    key,
  );
  expect({ status: forBank.status, replayed: forBank.headers.get('idempotent-replayed') }).toEqual({
    status: 201,
    replayed: null,
  });
  expect(forBank.body).toMatchObject({ bankId: bank.participantId, limit: '5.00' });
});
