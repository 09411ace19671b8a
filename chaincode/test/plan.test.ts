/**
 * GetEndorsementPlan: the orgs that must endorse a write, checked against the SBE table of the
 * README, and checked by endorsement itself: the plan passes the memory stub's endorsement
 * validation (key-level policies, else the chaincode-level policy) and the plan one org short fails.
 */
import { arrayOf, declaredEndorsers, readString } from '../src/contract';
import { TransactionInvalidError } from './support/ledger';
import {
  BANK_A,
  BANK_B,
  CORE,
  json,
  LINE,
  MSP,
  Scenario,
  SUP1,
  SUP2,
  SUP3,
  type Party,
} from './support/fixtures';
import type { TxResult } from './support/ledger';
import type { Identity } from './support/memory-stub';

const { enterprise: ENT, bankA: BKA, bankB: BKB } = MSP;

/** The plan for `fcn(args)` called by `who`. */
async function planOf(s: Scenario, who: Party, fcn: string, args: readonly string[]): Promise<string[]> {
  const result = await s.evaluate(who, 'GetEndorsementPlan', [fcn, JSON.stringify(args)]);
  return arrayOf(readString, 1, 4)(json(result), 'plan');
}

/**
 * Expects the plan of `fcn(args)` by `who` to be `expected`; then proves it: each plan one org short
 * commits invalid (ENDORSEMENT_POLICY_FAILURE, nothing changes), the plan itself commits.
 */
async function endorsedByPlan(
  s: Scenario,
  who: Party,
  fcn: string,
  args: readonly string[],
  expected: readonly string[],
): Promise<TxResult> {
  const plan = await planOf(s, who, fcn, args);
  expect(plan).toEqual(expected);
  // Where the contract declares the endorsers (clients then skip the plan), they are these.
  expect(declaredEndorsers(fcn, who.mspId) ?? plan).toEqual(plan);
  const identity = s.as(who);
  for (const org of plan) {
    const before = s.ledger.snapshot();
    const short = await s.ledger.endorse(identity, fcn, args, {
      endorsingOrgs: plan.filter((other) => other !== org),
    });
    expect(() => s.ledger.commit(short)).toThrow(
      new TransactionInvalidError(short.txId, 'ENDORSEMENT_POLICY_FAILURE'),
    );
    expect(s.ledger.snapshot()).toEqual(before);
  }
  return s.ledger.submit(identity, fcn, args, { endorsingOrgs: plan });
}

describe('GetEndorsementPlan', () => {
  test('registration and a credit line: the caller’s org', async () => {
    const s = new Scenario();
    const plan = await s.evaluate(s.admin(BKB), 'GetEndorsementPlan', [
      'RegisterParticipant',
      JSON.stringify([BANK_B.id, BANK_B.name, 'BANK']),
    ]);
    expect(json(plan)).toEqual([BKB]);
    await s.register(BANK_B, CORE);
    // The org registry now exists with the org's policy: still the org alone.
    const again = await s.evaluate(s.admin(BKB), 'GetEndorsementPlan', [
      'RegisterParticipant',
      JSON.stringify(['BANKB2', 'Bank B two', 'BANK']),
    ]);
    expect(json(again)).toEqual([BKB]);
    await endorsedByPlan(s, BANK_B, 'GrantCreditLine', ['CL-B', CORE.id, 'CNY', '100'], [BKB]);
  });

  test('issue: the obligor’s org and the bank of the credit line, whoever the creditor', async () => {
    const s = await new Scenario().standard();
    const request = { creditorId: SUP1.id, amount: '10', currency: 'CNY', dueDate: '2025-12-31' };
    await endorsedByPlan(s, CORE, 'IssueReceivable', [JSON.stringify(request)], [BKA, ENT]);
    const toBank = { ...request, creditorId: BANK_B.id, id: 'TO-B' };
    await endorsedByPlan(s, CORE, 'IssueReceivable', [JSON.stringify(toBank)], [BKA, ENT]);
    // A line of BANK_B: its bank is the other endorser.
    await s.submit(BANK_B, 'GrantCreditLine', ['CL-B', CORE.id, 'USD', '100']);
    const usd = { ...request, currency: 'USD', creditLineId: 'CL-B' };
    await endorsedByPlan(s, CORE, 'IssueReceivable', [JSON.stringify(usd)], [BKB, ENT]);
  });

  test('accept, reject, cancel: the holder’s org, and the credit line’s orgs when the line is restored', async () => {
    const s = await new Scenario().standard();
    const toSup = await s.issue('10', SUP1, { id: 'A' });
    await endorsedByPlan(s, SUP1, 'AcceptReceivable', [toSup.id], [ENT]);
    const toBank = await s.issue('10', BANK_B, { id: 'B' });
    await endorsedByPlan(s, BANK_B, 'AcceptReceivable', [toBank.id], [BKB]);
    await s.issue('10', BANK_B, { id: 'C' });
    await endorsedByPlan(s, BANK_B, 'RejectReceivable', ['C', 'not ours'], [BKA, BKB, ENT]);
    await s.issue('10', BANK_B, { id: 'D' });
    // The obligor cancels, but the key is the holder's: BANK_B's org must endorse too.
    await endorsedByPlan(s, CORE, 'CancelReceivable', ['D'], [BKA, BKB, ENT]);
  });

  test('transfer, whole and partial, and split: the holder’s org', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000', SUP1, { id: 'T' });
    await endorsedByPlan(s, SUP1, 'TransferReceivable', [active.id, SUP2.id, ''], [ENT]);
    await endorsedByPlan(s, SUP2, 'TransferReceivable', [active.id, BANK_B.id, ''], [ENT]);
    await endorsedByPlan(s, BANK_B, 'TransferReceivable', [active.id, SUP3.id, '400'], [BKB]);
    await endorsedByPlan(s, SUP3, 'SplitReceivable', ['T.1', '["100","300"]'], [ENT]);
    await endorsedByPlan(s, BANK_B, 'SplitReceivable', ['T.2', '["1","599"]'], [BKB]);
  });

  test('request, approve and reject financing: the holder’s org, then the requester’s and the bank’s', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000', SUP1, { id: 'F' });
    await endorsedByPlan(s, SUP1, 'RequestFinancing', [active.id, BANK_A.id, 'FR-1'], [ENT]);
    await endorsedByPlan(s, BANK_A, 'RejectFinancing', ['FR-1', 'no'], [BKA, ENT]);
    await endorsedByPlan(s, SUP1, 'RequestFinancing', [active.id, BANK_B.id, 'FR-2'], [ENT]);
    await endorsedByPlan(s, BANK_B, 'ApproveFinancing', ['FR-2', '900'], [BKB, ENT]);
  });

  test('settle a root whose parts several orgs hold: the credit line’s orgs and every holder’s', async () => {
    const s = await new Scenario().standard();
    const root = await s.active('1000', SUP1, { id: 'S' });
    await s.submit(SUP1, 'SplitReceivable', [root.id, '["100","200","700"]']);
    await s.submit(SUP1, 'TransferReceivable', ['S.1', SUP3.id, '']);
    await s.submit(SUP1, 'RequestFinancing', ['S.2', BANK_B.id, 'FR-B']);
    await s.submit(BANK_B, 'ApproveFinancing', ['FR-B', '190']);
    await s.submit(SUP1, 'RequestFinancing', ['S.3', BANK_A.id, 'FR-A']);
    await endorsedByPlan(s, CORE, 'SettleReceivable', [root.id, 'PAY-1'], [BKA, BKB, ENT]);
    expect((await s.receivable('S.2')).status).toBe('SETTLED');
  });

  test('settle an unsplit root held by a bank of another line', async () => {
    const s = await new Scenario().standard();
    const root = await s.active('50', BANK_B, { id: 'U' });
    await endorsedByPlan(s, CORE, 'SettleReceivable', [root.id, 'PAY-U'], [BKA, BKB, ENT]);
  });

  test('writes nothing, emits nothing, and answers the same for the same state', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000', SUP1, { id: 'P' });
    const args = ['TransferReceivable', JSON.stringify([active.id, BANK_A.id, '10'])];
    const before = s.ledger.snapshot();
    const first = await s.ledger.endorse(s.as(SUP1), 'GetEndorsementPlan', args);
    const second = await s.ledger.endorse(s.as(SUP1), 'GetEndorsementPlan', args);
    expect(first.result).toBe('["EnterpriseMSP"]');
    expect(second.result).toBe(first.result);
    expect(first.stub.writeSet.values.size + first.stub.writeSet.policies.size).toBe(0);
    expect(first.stub.event).toBeUndefined();
    expect(s.ledger.snapshot()).toEqual(before);
  });

  test('passes the write’s refusal on with its code', async () => {
    const s = await new Scenario().standard();
    const active = await s.active('1000', SUP1, { id: 'R' });
    const plan = (who: Party | Identity, fcn: string, args: unknown): Promise<TxResult> =>
      s.evaluate(who, 'GetEndorsementPlan', [fcn, JSON.stringify(args)]);
    await s.refused(() => plan(SUP2, 'TransferReceivable', [active.id, SUP3.id, '']), 'NOT_FOUND');
    await s.refused(() => plan(CORE, 'TransferReceivable', [active.id, SUP3.id, '']), 'FORBIDDEN');
    await s.refused(() => plan(s.auditor(), 'AcceptReceivable', [active.id]), 'FORBIDDEN');
    await s.refused(() => plan(SUP1, 'AcceptReceivable', [active.id]), 'CONFLICT');
    await s.refused(() => plan(SUP1, 'SplitReceivable', [active.id, '["1","2"]']), 'VALIDATION_FAILED');
    await s.refused(
      () =>
        plan(CORE, 'IssueReceivable', [
          JSON.stringify({
            creditorId: SUP1.id,
            amount: '2000000',
            currency: LINE.currency,
            dueDate: '2025-12-31',
          }),
        ]),
      'LIMIT_EXCEEDED',
    );
  });

  test.each([
    ['a read', 'GetReceivable', '["R"]'],
    ['itself', 'GetEndorsementPlan', '["AcceptReceivable","[\\"R\\"]"]'],
    ['an unknown function', 'MintMoney', '[]'],
    ['an inherited name', 'constructor', '[]'],
    ['too few arguments', 'TransferReceivable', '["R","SUP2"]'],
    ['too many arguments', 'AcceptReceivable', '["R","x"]'],
    ['arguments that are not strings', 'AcceptReceivable', '[1]'],
    ['arguments that are not an array', 'AcceptReceivable', '{"id":"R"}'],
    ['arguments that are not JSON', 'AcceptReceivable', '["R"'],
  ])('refuses %s with VALIDATION_FAILED', async (_, fcn, argsJson) => {
    const s = await new Scenario().standard();
    await s.refused(() => s.evaluate(SUP1, 'GetEndorsementPlan', [fcn, argsJson]), 'VALIDATION_FAILED');
  });
});
