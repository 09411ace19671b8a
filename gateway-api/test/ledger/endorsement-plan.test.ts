import {
  decodePlan,
  EndorsementPlanError,
  planArguments,
  planEndorsement,
  PLAN_FUNCTION,
  samePlan,
} from '../../src/ledger/endorsement-plan';

const bytes = (value: unknown): Uint8Array => Buffer.from(JSON.stringify(value));

test('the plan asks the chaincode with the write and its arguments as a JSON array', async () => {
  const calls: [string, readonly string[]][] = [];
  const plan = await planEndorsement(
    (fn, args) => {
      calls.push([fn, args]);
      return Promise.resolve(bytes(['EnterpriseMSP', 'BankAMSP']));
    },
    'TransferReceivable',
    ['R1', 'SUP2', ''],
  );
  expect(calls).toEqual([[PLAN_FUNCTION, ['TransferReceivable', '["R1","SUP2",""]']]]);
  expect(plan).toEqual(['BankAMSP', 'EnterpriseMSP']);
});

test('planArguments keeps empty optional arguments', () => {
  expect(planArguments('GrantCreditLine', ['', 'CORE', 'EUR', '100'])).toEqual([
    'GrantCreditLine',
    '["","CORE","EUR","100"]',
  ]);
});

test('a refusal of the write surfaces from the plan as it is', async () => {
  const refusal = new Error('NOT_FOUND: receivable R9 not found');
  await expect(planEndorsement(() => Promise.reject(refusal), 'AcceptReceivable', ['R9'])).rejects.toBe(
    refusal,
  );
});

test.each([
  ['not JSON', Buffer.from('BankAMSP')],
  ['an empty list', bytes([])],
  ['a list with a non-string', bytes(['BankAMSP', 7])],
  ['an object', bytes({ orgs: ['BankAMSP'] })],
  ['an empty MSP id', bytes([''])],
])('a plan that is %s is refused', (_what, answer) => {
  expect(() => decodePlan(answer)).toThrow(EndorsementPlanError);
});

test('decodePlan sorts and removes duplicates', () => {
  expect(decodePlan(bytes(['BankBMSP', 'AuditorMSP', 'BankBMSP']))).toEqual(['AuditorMSP', 'BankBMSP']);
});

test('samePlan compares the orgs, not their order', () => {
  expect(samePlan(['A', 'B'], ['B', 'A'])).toBe(true);
  expect(samePlan(['A'], ['A', 'B'])).toBe(false);
  expect(samePlan(['A', 'C'], ['A', 'B'])).toBe(false);
});
