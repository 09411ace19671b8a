import {
  decodePlan,
  EndorsementPlanError,
  endorsersOf,
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

test.each(['AcceptReceivable', 'TransferReceivable', 'SplitReceivable', 'RequestFinancing'])(
  '%s (a holder’s own move, declared by the contract) goes to the caller’s org without a plan',
  async (fn) => {
    const evaluations: string[] = [];
    const endorsers = await endorsersOf({ fn, args: ['R1'], callerMspId: 'BankBMSP' }, (planned) => {
      evaluations.push(planned);
      return Promise.resolve(bytes(['EnterpriseMSP']));
    });
    expect(endorsers).toEqual(['BankBMSP']);
    expect(evaluations).toEqual([]);
  },
);

test.each([
  ['IssueReceivable', ['{}']],
  ['CancelReceivable', ['R1']],
  ['SettleReceivable', ['R1', 'PAY-1']],
  ['ApproveFinancing', ['FR-1', '90']],
])('%s (endorsers depend on the state) is planned by the chaincode', async (fn, args) => {
  const calls: [string, readonly string[]][] = [];
  const endorsers = await endorsersOf({ fn, args, callerMspId: 'EnterpriseMSP' }, (planned, planArgs) => {
    calls.push([planned, planArgs]);
    return Promise.resolve(bytes(['EnterpriseMSP', 'BankAMSP']));
  });
  expect(endorsers).toEqual(['BankAMSP', 'EnterpriseMSP']);
  expect(calls).toEqual([planArguments(fn, args)].map((planArgs) => [PLAN_FUNCTION, planArgs]));
});
