import { openDatabase, type GatewayDatabase } from '../store/database';
import { createEventLog, type EventLog } from '../store/event-log';
import { createRiskProjection } from './risk-projection';

let db: GatewayDatabase;
let log: EventLog;
let tx = 0;
beforeEach(() => {
  db = openDatabase(':memory:');
  log = createEventLog(db);
});
afterEach(() => {
  db.close();
});

const append = (eventName: string, data: unknown): void => {
  tx += 1;
  log.append({ transactionId: `tx-${tx}`, blockNumber: BigInt(tx), eventName, data });
};

const receivable = (id: string, fields: Record<string, unknown> = {}): Record<string, unknown> => ({
  id,
  parentId: null,
  holderId: 'SUP1',
  obligorId: 'CORE',
  amount: '100.00',
  currency: 'EUR',
  dueDate: '2030-03-01',
  status: 'ACTIVE',
  creditLineId: 'CL1',
  ...fields,
});

const TODAY = '2030-02-15';

beforeEach(() => {
  append('CreditLineGranted', {
    id: 'CL1',
    bankId: 'BANKA',
    obligorId: 'CORE',
    currency: 'EUR',
    limit: '1000.00',
    used: '0.00',
  });
});

test('a line is used by its live roots: issued, split, financed; not settled, rejected or cancelled', () => {
  append('ReceivableIssued', {
    receivable: receivable('R1', { status: 'PENDING_ACCEPTANCE', amount: '300.00' }),
  });
  append('ReceivableIssued', {
    receivable: receivable('R2', { status: 'PENDING_ACCEPTANCE', amount: '0.10' }),
  });
  append('ReceivableIssued', {
    receivable: receivable('R3', { status: 'PENDING_ACCEPTANCE', amount: '50.00' }),
  });
  append('ReceivableRejected', { receivable: receivable('R3', { status: 'REJECTED', amount: '50.00' }) });
  append('ReceivableSplit', {
    receivable: receivable('R1', { status: 'SPLIT', amount: '300.00' }),
    parts: [
      receivable('R1.1', { parentId: 'R1', amount: '200.00' }),
      receivable('R1.2', { parentId: 'R1', amount: '100.00' }),
    ],
  });
  expect(createRiskProjection(log).report(TODAY).utilization).toEqual([
    {
      creditLineId: 'CL1',
      obligorId: 'CORE',
      bankId: 'BANKA',
      currency: 'EUR',
      limit: '1000.00',
      used: '300.10',
    },
  ]);
});

test('due within 30 days and overdue: held parts only, soonest first; a split parent counts through its parts', () => {
  append('ReceivableSplit', {
    receivable: receivable('R1', { status: 'SPLIT', dueDate: '2030-02-01' }),
    parts: [
      receivable('R1.1', { parentId: 'R1', amount: '60.00', dueDate: '2030-02-01' }),
      receivable('R1.2', { parentId: 'R1', amount: '40.00', dueDate: '2030-02-01', status: 'SETTLED' }),
    ],
  });
  append('ReceivableIssued', { receivable: receivable('R2', { dueDate: '2030-03-10' }) });
  append('ReceivableIssued', { receivable: receivable('R3', { dueDate: '2030-02-20' }) });
  append('ReceivableIssued', { receivable: receivable('R4', { dueDate: '2030-04-01' }) });
  const report = createRiskProjection(log).report(TODAY);
  expect(report.overdue.map((r) => r.id)).toEqual(['R1.1']);
  expect(report.dueSoon.map((r) => r.id)).toEqual(['R3', 'R2']);
});

test('concentration by holder and by bank, with shares of the currency total', () => {
  append('CreditLineGranted', {
    id: 'CL2',
    bankId: 'BANKB',
    obligorId: 'CORE',
    currency: 'EUR',
    limit: '1000.00',
    used: '0.00',
  });
  append('ReceivableIssued', { receivable: receivable('R1', { amount: '300.00' }) });
  append('ReceivableIssued', {
    receivable: receivable('R2', { holderId: 'SUP2', amount: '100.00', creditLineId: 'CL2' }),
  });
  append('FinancingApproved', {
    financingRequest: { id: 'FR1' },
    receivable: receivable('R3', { holderId: 'BANKA', amount: '600.00', status: 'FINANCED' }),
  });
  const report = createRiskProjection(log).report(TODAY);
  expect(report.byHolder).toEqual([
    { holderId: 'BANKA', currency: 'EUR', amount: '600.00', share: '60.0' },
    { holderId: 'SUP1', currency: 'EUR', amount: '300.00', share: '30.0' },
    { holderId: 'SUP2', currency: 'EUR', amount: '100.00', share: '10.0' },
  ]);
  expect(report.byBank).toEqual([
    { bankId: 'BANKA', currency: 'EUR', amount: '900.00', share: '90.0' },
    { bankId: 'BANKB', currency: 'EUR', amount: '100.00', share: '10.0' },
  ]);
});

test('each report folds in only the events appended since the last one', () => {
  const projection = createRiskProjection(log);
  expect(projection.report(TODAY)).toMatchObject({ asOfEventId: 1, byHolder: [] });
  append('ReceivableIssued', { receivable: receivable('R1') });
  append('ReceivableSettled', { receivable: receivable('R1', { status: 'SETTLED' }) });
  const report = projection.report(TODAY);
  expect(report.asOfEventId).toBe(3);
  expect(report.byHolder).toEqual([]);
  expect(report.utilization[0]?.used).toBe('0.00');
});

test('events it cannot read change nothing', () => {
  append('ReceivableIssued', { unreadable: true, payload: 'AAAA' });
  append('ParticipantRegistered', { id: 'SUP1', name: 'Sup', kind: 'ENTERPRISE' });
  expect(createRiskProjection(log).report(TODAY)).toMatchObject({
    asOfEventId: 3,
    byHolder: [],
    overdue: [],
  });
});
