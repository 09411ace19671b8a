/**
 * The org map: on-chain configuration set by ConfigureOrgs as the `Init` of instantiate and
 * upgrade, read by every transaction to learn its caller's org kind.
 */
import { toJson, type OrgMap } from '../src/contract';
import { kindOfMsp } from '../src/orgs';
import { State } from '../src/state';
import { DEFAULT_ORG_MAP, MemoryLedger } from './support/ledger';
import { MemoryStub, WorldState } from './support/memory-stub';
import { CORE, json, MSP, Scenario } from './support/fixtures';

const BANK_C = 'BankCMSP';

const FIVE_ORGS: OrgMap = { orgs: [...DEFAULT_ORG_MAP.orgs, { mspId: BANK_C, kind: 'BANK' }] };

describe('the org map', () => {
  test('decides the kind of each org: a fifth bank org registers banks, endorsed by its own peer', async () => {
    const s = new Scenario({ orgsJson: toJson(FIVE_ORGS) });
    const result = await s.submit(s.admin(BANK_C), 'RegisterParticipant', ['BANKC', 'Bank C', 'BANK'], {
      endorsingOrgs: [BANK_C],
    });
    expect(json(result)).toMatchObject({ id: 'BANKC', kind: 'BANK', mspId: BANK_C, status: 'ACTIVE' });
    await s.refused(
      () => s.submit(s.admin(BANK_C), 'RegisterParticipant', ['X', 'X', 'ENTERPRISE']),
      'FORBIDDEN',
    );
    expect(s.ledger.snapshot().policies).toContainEqual(['/org/BankCMSP/', [BANK_C]]);
  });

  test('refuses every transaction of an MSP outside the map, reads included', async () => {
    const s = new Scenario();
    const error = await s.refused(
      () => s.submit(s.admin(BANK_C), 'RegisterParticipant', ['BANKC', 'Bank C', 'BANK']),
      'FORBIDDEN',
    );
    expect(error.message).toBe('FORBIDDEN: org BankCMSP is not a member of this network');
    await s.refused(
      () =>
        s.evaluate(s.ledger.identity(BANK_C, { role: 'viewer' }), 'ListParticipants', ['{"pageSize":100}']),
      'FORBIDDEN',
    );
  });

  test('is read by every transaction: the one key a viewer without a participant reads to list lines', async () => {
    const s = new Scenario();
    const read = await s.ledger.endorse(s.ledger.identity(MSP.bankA, { role: 'viewer' }), 'ListCreditLines', [
      '{"pageSize":10}',
    ]);
    expect([...read.stub.readSet.keys()]).toEqual(['\u0000config\u0000orgs\u0000']);
  });

  test('is given at instantiate with the policy "a peer of every member org" on it', async () => {
    const s = new Scenario({ orgsJson: toJson(FIVE_ORGS) });
    await s.ledger.instantiate();
    const { state, policies } = s.ledger.snapshot();
    expect(state).toContainEqual(['/config/orgs/', toJson(FIVE_ORGS)]);
    expect(policies).toContainEqual([
      '/config/orgs/',
      ['AuditorMSP', 'BankAMSP', 'BankBMSP', BANK_C, 'EnterpriseMSP'],
    ]);
  });

  test('is changed by an upgrade: an org added joins, with its anchor; the others keep theirs', async () => {
    const s = new Scenario();
    await s.register(CORE);
    await s.ledger.upgrade(toJson(FIVE_ORGS));
    await s.submit(s.admin(BANK_C), 'RegisterParticipant', ['BANKC', 'Bank C', 'BANK'], {
      endorsingOrgs: [BANK_C],
    });
    const policies = s.ledger.snapshot().policies.filter(([key]) => key.startsWith('/org/'));
    expect(policies).toEqual(
      ['AuditorMSP', 'BankAMSP', 'BankBMSP', BANK_C, 'EnterpriseMSP'].map((msp) => [`/org/${msp}/`, [msp]]),
    );
    expect(json(await s.evaluate(CORE, 'GetParticipant', [CORE.id]))).toMatchObject({ id: CORE.id });
  });

  test.each([
    ['not JSON', '{'],
    ['no orgs', toJson({ orgs: [] })],
    ['an unknown kind', toJson({ orgs: [{ mspId: 'AMSP', kind: 'SUPPLIER' }] })],
    [
      'an MSP id twice',
      toJson({
        orgs: [
          { mspId: 'AMSP', kind: 'BANK' },
          { mspId: 'AMSP', kind: 'AUDITOR' },
        ],
      }),
    ],
    ['a malformed MSP id', toJson({ orgs: [{ mspId: 'A MSP', kind: 'BANK' }] })],
    ['an unknown field', toJson({ orgs: [{ mspId: 'AMSP', kind: 'BANK', peers: 2 }] })],
  ])('refuses a map with %s at instantiate, and at upgrade leaves the map as it was', async (_, orgsJson) => {
    await expect(new MemoryLedger({ orgsJson }).instantiate()).rejects.toMatchObject({
      code: 'VALIDATION_FAILED',
    });
    const s = new Scenario();
    await s.ledger.instantiate();
    const before = s.ledger.snapshot();
    await expect(s.ledger.upgrade(orgsJson)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(s.ledger.snapshot()).toEqual(before);
  });

  test('refuses ConfigureOrgs invoked by a client, whatever its org and role', async () => {
    const s = new Scenario();
    const error = await s.refused(
      () => s.submit(s.admin(MSP.enterprise), 'ConfigureOrgs', [toJson(FIVE_ORGS)]),
      'FORBIDDEN',
    );
    expect(error.message).toBe('FORBIDDEN: ConfigureOrgs runs only as the Init of an instantiate or upgrade');
  });

  test('missing (instantiated without arguments): a deployment error, not a refusal', async () => {
    const stub = new MemoryStub(new WorldState(), {
      txId: '0'.repeat(64),
      timestamp: new Date(0),
      fcn: 'ListParticipants',
      args: [],
      creator: new MemoryLedger().identity(MSP.enterprise),
    });
    await expect(kindOfMsp(new State(stub), MSP.enterprise)).rejects.toThrow(
      new Error('no org map: instantiate or upgrade the chaincode with ConfigureOrgs'),
    );
  });

  test('a ledger whose instantiate was refused refuses every transaction the same way', async () => {
    const ledger = new MemoryLedger({ orgsJson: '[]' });
    await expect(
      ledger.submit(ledger.identity(MSP.enterprise, { role: 'admin' }), 'RegisterParticipant', [
        'A',
        'A',
        'ENTERPRISE',
      ]),
    ).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(ledger.height).toBe(0);
  });
});
