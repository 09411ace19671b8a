import request from 'supertest';
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

beforeAll(async () => {
  gateway = await startTestGateway();
  tokens = await enrolStandardUsers(gateway);
  sup2 = await gateway.enrol({
    org: 'enterprise',
    participantId: 'SUP2',
    username: 'sup2.ops@enterprise',
    role: 'operator',
  });
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

test('a participant sees only the events naming it (and public ones)', async () => {
  const stream = await open(sup2);
  const events = await stream.take(2);
  expect(events.map((event) => event.event)).toEqual(['ParticipantRegistered', 'ReceivableTransferred']);
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
