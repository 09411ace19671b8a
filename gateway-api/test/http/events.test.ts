import request from 'supertest';
import { EvaluationError } from '../../src/domain/errors';
import type { TransactionRequest } from '../../src/ledger/ledger';
import { creditLine, participant, receivable } from '../support/fixtures';
import { openEventStream, type EventStreamClient } from '../support/sse-client';
import {
  bearer,
  enrolStandardUsers,
  startTestGateway,
  type StandardTokens,
  type TestGateway,
} from '../support/test-gateway';
import { parseJson } from '../support/responses';

let gateway: TestGateway;
let tokens: StandardTokens;
let sup2: string;
const streams: EventStreamClient[] = [];

const payload = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));
const tx = (n: number): string => n.toString(16).padStart(64, '0');

/** The chaincode's rule, as the fake answers it: who (user → participant) may read what. */
function chaincodeRule(): void {
  const participantOf: Record<string, string> = {
    'core.ops@enterprise': 'CORE',
    'sup1.ops@enterprise': 'SUP1',
    'sup1.view@enterprise': 'SUP1',
    'sup2.ops@enterprise': 'SUP2',
    'ops@banka': 'BANKA',
  };
  const readers: Record<string, string[]> = {
    GetReceivable: [
      'R7:CORE',
      'R7:SUP1',
      'R7:SUP2',
      'R7:BANKA',
      'R8:SUP1',
      'R8.1:SUP1',
      'R8:SUP2',
      'R8.2:SUP2',
    ],
    GetCreditLine: ['CL-1:BANKA', 'CL-1:CORE'],
  };
  for (const fn of ['GetReceivable', 'GetCreditLine'] as const) {
    gateway.ledger.on(fn, ({ caller, args }: Readonly<TransactionRequest>) => {
      const who = participantOf[caller.id];
      if (caller.mspId === 'AuditorMSP' || readers[fn]!.includes(`${args[0]}:${who}`)) {
        return {};
      }
      throw new EvaluationError({ code: 'NOT_FOUND', message: `${args[0]} does not exist` });
    });
  }
  gateway.ledger.on('GetParticipant', () => ({}));
}

beforeAll(async () => {
  gateway = await startTestGateway();
  tokens = await enrolStandardUsers(gateway);
  sup2 = await gateway.enrol({
    org: 'enterprise',
    participantId: 'SUP2',
    username: 'sup2.ops@enterprise',
    role: 'operator',
  });
  chaincodeRule();
  const issued = receivable({ id: 'R7', rootId: 'R7', holderId: 'SUP1', status: 'PENDING_ACCEPTANCE' });
  const transferred = receivable({
    id: 'R7',
    rootId: 'R7',
    holderId: 'SUP2',
    hops: [...issued.hops, { ...issued.hops[0]!, kind: 'TRANSFER', fromId: 'SUP1', toId: 'SUP2' }],
  });
  const emit = (n: number, eventName: string, value: unknown): void => {
    gateway.ledger.emit({ blockNumber: BigInt(n), transactionId: tx(n), eventName, payload: payload(value) });
  };
  emit(1, 'ParticipantRegistered', participant('SUP3', 'ENTERPRISE', 'EnterpriseMSP'));
  emit(2, 'CreditLineGranted', creditLine());
  emit(3, 'ReceivableIssued', { receivable: issued });
  emit(4, 'ReceivableTransferred', { receivable: transferred });
});
afterAll(async () => {
  for (const stream of streams) {
    stream.close();
  }
  await gateway.stop();
});

const open = async (token: string, lastEventId?: string): Promise<EventStreamClient> => {
  const { port } = gateway.runtime.address();
  const stream = await openEventStream(`http://127.0.0.1:${port}/api/v1/events`, {
    ...bearer(token),
    ...(lastEventId === undefined ? {} : { 'Last-Event-ID': lastEventId }),
  });
  streams.push(stream);
  return stream;
};

test('an auditor sees every event, with ids, names and decimal amounts', async () => {
  const stream = await open(tokens.auditor);
  expect(stream.status).toBe(200);
  const events = await stream.take(4);
  expect(events.map((event) => event.event)).toEqual([
    'ParticipantRegistered',
    'CreditLineGranted',
    'ReceivableIssued',
    'ReceivableTransferred',
  ]);
  expect(events.map((event) => Number(event.id))).toEqual([1, 2, 3, 4]);
  const line = parseJson(events[1]!.data);
  expect(line).toMatchObject({
    txId: tx(2),
    blockNumber: '2',
    payload: { limit: '1000000.00', used: '0.00' },
  });
});

test('a participant sees the events of what the chaincode lets it read (asked as that user)', async () => {
  gateway.ledger.calls.length = 0;
  const stream = await open(sup2);
  const events = await stream.take(3);
  expect(events.map((event) => event.event)).toEqual([
    'ParticipantRegistered',
    'ReceivableIssued',
    'ReceivableTransferred',
  ]);
  await expect(stream.take(1, 300)).rejects.toThrow(/expected 1 events/);
  const asked = gateway.ledger.calls.filter((call) => call.kind === 'evaluate');
  expect(new Set(asked.map((call) => call.callerId))).toEqual(new Set(['sup2.ops@enterprise']));
  // R7 is asked once (cached for the stream), the credit line is refused.
  expect(asked.filter((call) => call.fn === 'GetReceivable')).toHaveLength(1);
  expect(asked.filter((call) => call.fn === 'GetCreditLine')).toHaveLength(1);
});

test('the bank of the credit line sees the receivables issued on it', async () => {
  const stream = await open(tokens.bankA);
  const events = await stream.take(4);
  expect(events.map((event) => event.event)).toEqual([
    'ParticipantRegistered',
    'CreditLineGranted',
    'ReceivableIssued',
    'ReceivableTransferred',
  ]);
});

test('Last-Event-ID resumes after that event, then events arrive live', async () => {
  const stream = await open(tokens.auditor, '2');
  expect((await stream.take(2)).map((event) => event.id)).toEqual(['3', '4']);
  gateway.ledger.emit({
    blockNumber: 5n,
    transactionId: tx(5),
    eventName: 'ParticipantRegistered',
    payload: payload(participant('SUP4', 'ENTERPRISE', 'EnterpriseMSP')),
  });
  const [live] = await stream.take(1);
  expect(live).toMatchObject({ id: '5', event: 'ParticipantRegistered' });
});

test('a repeated transaction is logged once', async () => {
  gateway.ledger.emit({
    blockNumber: 5n,
    transactionId: tx(5),
    eventName: 'ParticipantRegistered',
    payload: payload(participant('SUP4', 'ENTERPRISE', 'EnterpriseMSP')),
  });
  const stream = await open(tokens.auditor, '4');
  expect((await stream.take(1)).map((event) => event.id)).toEqual(['5']);
  await expect(stream.take(1, 300)).rejects.toThrow(/expected 1 events/);
});

test('a malformed Last-Event-ID → 400', async () => {
  const response = await request(gateway.app)
    .get('/api/v1/events')
    .set(bearer(tokens.auditor))
    .set('Last-Event-ID', 'x');
  expect(response.status).toBe(400);
});

test('the parts of a split the reader may not read are left out of the event', async () => {
  const parent = receivable({ id: 'R8', rootId: 'R8', holderId: 'SUP1', status: 'SPLIT' });
  const part = (n: number, holderId: string): object =>
    receivable({ id: `R8.${n}`, rootId: 'R8', parentId: 'R8', holderId, amount: '50' });
  gateway.ledger.emit({
    blockNumber: 6n,
    transactionId: tx(6),
    eventName: 'ReceivableTransferred',
    payload: payload({ receivable: parent, parts: [part(1, 'SUP2'), part(2, 'SUP1')] }),
  });
  const ofSup1 = await open(tokens.sup1, '5');
  const [seen1] = await ofSup1.take(1);
  expect((parseJson(seen1!.data) as { payload: { parts: { id: string }[] } }).payload.parts).toEqual([
    expect.objectContaining({ id: 'R8.1' }),
  ]);
  const ofSup2 = await open(sup2, '5');
  const [seen2] = await ofSup2.take(1);
  expect((parseJson(seen2!.data) as { payload: { parts: { id: string }[] } }).payload.parts).toEqual([
    expect.objectContaining({ id: 'R8.2' }),
  ]);
  const ofCore = await open(tokens.core, '5');
  await expect(ofCore.take(1, 300)).rejects.toThrow(/expected 1 events/);
});

test('while the ledger cannot answer, the stream waits instead of skipping or leaking', async () => {
  let unavailable = true;
  gateway.ledger.on('GetCreditLine', () => {
    if (unavailable) {
      throw new EvaluationError({ code: 'UPSTREAM_UNAVAILABLE', message: 'peer down' });
    }
    return {};
  });
  const stream = await open(tokens.bankA, '1');
  await expect(stream.take(1, 500)).rejects.toThrow(/expected 1 events/);
  unavailable = false;
  const [first] = await stream.take(1, 5_000);
  expect(first).toMatchObject({ id: '2', event: 'CreditLineGranted' });
});

test('after a gateway restart, Last-Event-ID resumes exactly after that event', async () => {
  for (const stream of streams.splice(0)) {
    stream.close();
  }
  gateway = await gateway.restart();
  chaincodeRule();
  tokens = { ...tokens, auditor: await gateway.token('aud@auditor') };
  const stream = await open(tokens.auditor, '3');
  // Ids are the log's (persistent) row ids: increasing, not necessarily contiguous.
  const resumed = await stream.take(3);
  expect(resumed.map((event) => event.event)).toEqual([
    'ReceivableTransferred',
    'ParticipantRegistered',
    'ReceivableTransferred',
  ]);
  expect(resumed.map((event) => parseJson(event.data))).toEqual([
    expect.objectContaining({ txId: tx(4) }),
    expect.objectContaining({ txId: tx(5) }),
    expect.objectContaining({ txId: tx(6) }),
  ]);
  expect(resumed[0]!.id).toBe('4');
  await expect(stream.take(1, 300)).rejects.toThrow(/expected 1 events/);
}, 30_000);
