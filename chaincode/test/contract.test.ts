import './support/quiet';
import 'reflect-metadata';
import { arrayOf, Fields, readString, TRANSACTIONS } from '../src/contract';
import { contracts, ReceivablesContract } from '../src/index';
import { BANK_A, CORE, json, MSP, Scenario, SUP1, SUP2 } from './support/fixtures';

const SUBMIT = [
  'RegisterParticipant',
  'SuspendParticipant',
  'ReinstateParticipant',
  'GrantCreditLine',
  'IssueReceivable',
  'AcceptReceivable',
  'RejectReceivable',
  'CancelReceivable',
  'TransferReceivable',
  'SplitReceivable',
  'RequestFinancing',
  'ApproveFinancing',
  'RejectFinancing',
  'SettleReceivable',
];
/** The lifecycle-only write (the `Init` of instantiate and upgrade), outside the shared transactions. */
const LIFECYCLE = ['ConfigureOrgs'];
const EVALUATE = [
  'GetParticipant',
  'ListParticipants',
  'GetCreditLine',
  'ListCreditLines',
  'GetFinancingRequest',
  'GetReceivable',
  'QueryReceivables',
  'GetProvenance',
  'GetHistory',
  'GetEndorsementPlan',
];

describe('the chaincode module', () => {
  test('exports the one contract for fabric-chaincode-node', () => {
    expect(contracts).toEqual([ReceivablesContract]);
    expect(new ReceivablesContract().getName()).toBe('ReceivablesContract');
  });

  test('declares every transaction of the README, writes as SUBMIT and reads as EVALUATE, all returning a string', () => {
    const metadata: unknown = Reflect.getMetadata('fabric:transactions', ReceivablesContract.prototype);
    const entries: unknown[] = Array.isArray(metadata) ? metadata : [];
    const declared = entries.map((entry) => {
      const fields = Fields.of(entry, 'transaction', ['name', 'tag', 'parameters', 'returns']);
      return [
        fields.required('name', readString),
        fields.required('tag', arrayOf(readString, 1, 2))[0],
        fields.required('returns', (value) => value),
      ];
    });
    expect(declared.sort()).toEqual(
      [
        ...[...SUBMIT, ...LIFECYCLE].map((name) => [name, 'SUBMIT', { type: 'string' }]),
        ...EVALUATE.map((name) => [name, 'EVALUATE', { type: 'string' }]),
      ].sort(),
    );
  });

  test('implements exactly the transactions of the shared contract, writes being those with an event', () => {
    const specs = Object.entries(TRANSACTIONS);
    expect(
      specs
        .filter(([, spec]) => 'event' in spec)
        .map(([name]) => name)
        .sort(),
    ).toEqual([...SUBMIT].sort());
    expect(
      specs
        .filter(([, spec]) => !('event' in spec))
        .map(([name]) => name)
        .sort(),
    ).toEqual([...EVALUATE].sort());
  });

  test('takes, in each method, the context and then the arguments the shared contract declares', () => {
    const prototype: unknown = ReceivablesContract.prototype;
    for (const [name, spec] of Object.entries(TRANSACTIONS)) {
      const method: unknown = Reflect.get(prototype as object, name);
      expect([name, typeof method === 'function' ? method.length : -1]).toEqual([
        name,
        spec.params.length + 1,
      ]);
    }
  });
});

describe('events', () => {
  test('each write emits exactly one event whose payload is the returned JSON; reads emit none', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('100');
    await s.submit(SUP1, 'AcceptReceivable', [issued.id]);
    await s.submit(SUP1, 'TransferReceivable', [issued.id, SUP2.id, '40']);
    await s.evaluate(SUP1, 'GetReceivable', [issued.id]);
    await s.evaluate(s.admin(MSP.enterprise), 'ListParticipants', ['{"pageSize":100}']);
    const events = s.ledger.events();
    expect(events).toHaveLength(s.ledger.height);
    expect(events.slice(-4).map((event) => event.name)).toEqual([
      'CreditLineGranted',
      'ReceivableIssued',
      'ReceivableAccepted',
      'ReceivableTransferred',
    ]);
    for (const event of events) {
      expect(JSON.stringify(JSON.parse(event.payload))).toHaveLength(event.payload.length);
    }
    const settled = await s.submit(CORE, 'SettleReceivable', [issued.id, 'PAY']);
    expect(settled.event).toEqual({ name: 'ReceivableSettled', payload: settled.result });
    expect(json(settled)).toMatchObject({ parts: [{ id: `${issued.id}.1` }, { id: `${issued.id}.2` }] });
  });

  test('a refused write emits no event', async () => {
    const s = await new Scenario().standard();
    const before = s.ledger.events().length;
    await s.refused(() => s.submit(BANK_A, 'GrantCreditLine', ['CL-A', CORE.id, 'CNY', '1']), 'CONFLICT');
    expect(s.ledger.events()).toHaveLength(before);
  });
});
