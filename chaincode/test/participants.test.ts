import { TransactionInvalidError, type Endorsement } from './support/ledger';
import { AUDITOR, BANK_A, CAST, CORE, json, MSP, Scenario, SUP1 } from './support/fixtures';

const ANCHOR = '\u0000org\u0000EnterpriseMSP\u0000';

/** Registrations of `ids` in EnterpriseMSP, endorsed by it, all on the same state. */
async function registrations(s: Scenario, ids: readonly string[]): Promise<Endorsement[]> {
  const endorsements: Endorsement[] = [];
  for (const id of ids) {
    endorsements.push(
      await s.ledger.endorse(s.admin(MSP.enterprise), 'RegisterParticipant', [id, id, 'ENTERPRISE'], {
        endorsingOrgs: [MSP.enterprise],
      }),
    );
  }
  return endorsements;
}

describe('RegisterParticipant', () => {
  test('registers an active participant of the admin’s org, endorsed by that org', async () => {
    const s = new Scenario();
    const result = await s.submit(s.admin(MSP.enterprise), 'RegisterParticipant', [
      'CORE',
      'Core Enterprise',
      'ENTERPRISE',
    ]);
    const participant = {
      id: 'CORE',
      name: 'Core Enterprise',
      kind: 'ENTERPRISE',
      mspId: 'EnterpriseMSP',
      status: 'ACTIVE',
    };
    expect(json(result)).toEqual(participant);
    expect(result.event).toEqual({ name: 'ParticipantRegistered', payload: result.result });
    expect(s.ledger.snapshot().policies).toEqual([
      ['/org/EnterpriseMSP/', ['EnterpriseMSP']],
      ['/participant/CORE/', ['EnterpriseMSP']],
    ]);
  });

  test('keeps each org’s registry of participant ids sorted', async () => {
    const s = new Scenario();
    for (const id of ['ZED', 'ALPHA', 'MID']) {
      await s.submit(s.admin(MSP.enterprise), 'RegisterParticipant', [id, id, 'ENTERPRISE']);
    }
    const registry = s.ledger.snapshot().state.find(([key]) => key === '/org/EnterpriseMSP/');
    expect(registry?.[1]).toBe('{"mspId":"EnterpriseMSP","participants":["ALPHA","MID","ZED"]}');
  });

  test('lets an auditor org admin register its own auditor participants', async () => {
    const s = new Scenario();
    await s.register(AUDITOR);
    expect(json(await s.evaluate(s.auditor(), 'GetParticipant', [AUDITOR.id]))).toMatchObject({
      kind: 'AUDITOR',
      mspId: 'AuditorMSP',
    });
  });

  test('refuses a caller who is not an org admin', async () => {
    const s = new Scenario();
    await s.register(CORE);
    await s.refused(
      () => s.submit(s.as(CORE, 'operator'), 'RegisterParticipant', ['X', 'X', 'ENTERPRISE']),
      'FORBIDDEN',
    );
    await s.refused(
      () => s.submit(s.ledger.identity(MSP.enterprise), 'RegisterParticipant', ['X', 'X', 'ENTERPRISE']),
      'FORBIDDEN',
    );
  });

  test('refuses a kind that does not fit the admin’s org', async () => {
    const s = new Scenario();
    const error = await s.refused(
      () => s.submit(s.admin(MSP.bankA), 'RegisterParticipant', ['X', 'X', 'ENTERPRISE']),
      'FORBIDDEN',
    );
    expect(error.message).toBe('FORBIDDEN: an admin of BankAMSP registers BANK participants only');
    await s.refused(
      () => s.submit(s.admin(MSP.enterprise), 'RegisterParticipant', ['X', 'X', 'AUDITOR']),
      'FORBIDDEN',
    );
  });

  test('refuses an org outside the consortium', async () => {
    const s = new Scenario();
    await s.refused(
      () => s.submit(s.admin('MalloryMSP'), 'RegisterParticipant', ['X', 'X', 'ENTERPRISE']),
      'FORBIDDEN',
    );
  });

  test.each([
    ['a malformed id', ['a/b', 'Name', 'ENTERPRISE']],
    ['an empty name', ['X', '', 'ENTERPRISE']],
    ['a name with control characters', ['X', 'Bad\u0007Name', 'ENTERPRISE']],
    ['an unknown kind', ['X', 'Name', 'SUPPLIER']],
  ])('refuses %s', async (_, args) => {
    const s = new Scenario();
    await s.refused(
      () => s.submit(s.admin(MSP.enterprise), 'RegisterParticipant', args),
      'VALIDATION_FAILED',
    );
  });

  test('refuses an id already registered, in any org', async () => {
    const s = new Scenario();
    await s.register(CORE);
    await s.refused(
      () => s.submit(s.admin(MSP.enterprise), 'RegisterParticipant', ['CORE', 'Again', 'ENTERPRISE']),
      'CONFLICT',
    );
    await s.refused(
      () => s.submit(s.admin(MSP.bankA), 'RegisterParticipant', ['CORE', 'Bank', 'BANK']),
      'CONFLICT',
    );
  });
});

describe('concurrent registrations in one org', () => {
  test('never rewrite the registry’s validation parameter once it exists', async () => {
    const s = new Scenario();
    const [first] = await registrations(s, ['FIRST']);
    // Creating the registry sets its policy.
    expect(first?.stub.writeSet.policies.has(ANCHOR)).toBe(true);
    s.ledger.commit(first as Endorsement);
    const ids = ['A', 'B', 'C'];
    for (const [index, endorsement] of (await registrations(s, ids)).entries()) {
      expect(endorsement.stub.writeSet.values.has(ANCHOR)).toBe(true);
      // Only the new participant's key gets a policy.
      expect([...endorsement.stub.writeSet.policies.keys()]).toEqual([
        `\u0000participant\u0000${ids[index] ?? ''}\u0000`,
      ]);
      // The registry is in the read set: the state it was computed from.
      expect(endorsement.stub.readSet.has(ANCHOR)).toBe(true);
    }
  });

  test('in one block: one commits, the others fail MVCC_READ_CONFLICT, never ENDORSEMENT_POLICY_FAILURE', async () => {
    const s = new Scenario();
    await s.register(CORE);
    const ids = Array.from({ length: 10 }, (_, index) => `P${index}`);
    const outcomes = s.ledger.commitBlock(await registrations(s, ids));
    expect(outcomes[0]).not.toBeInstanceOf(TransactionInvalidError);
    for (const outcome of outcomes.slice(1)) {
      expect(outcome).toMatchObject({ validationCode: 'MVCC_READ_CONFLICT' });
    }
    // Resubmitted (a new proposal on the new state), the losers commit, one block each.
    for (const id of ids.slice(1)) {
      await s.submit(s.admin(MSP.enterprise), 'RegisterParticipant', [id, id, 'ENTERPRISE'], {
        endorsingOrgs: [MSP.enterprise],
      });
    }
    const registry = s.ledger.snapshot().state.find(([key]) => key === '/org/EnterpriseMSP/');
    expect(registry?.[1]).toBe(JSON.stringify({ mspId: MSP.enterprise, participants: ['CORE', ...ids] }));
    expect(s.ledger.snapshot().policies).toContainEqual(['/org/EnterpriseMSP/', [MSP.enterprise]]);
  });

  test('in later blocks: the losers fail MVCC_READ_CONFLICT', async () => {
    const s = new Scenario();
    await s.register(CORE);
    const [winner, ...losers] = await registrations(s, ['X1', 'X2', 'X3']);
    s.ledger.commit(winner as Endorsement);
    for (const loser of losers) {
      expect(() => s.ledger.commit(loser)).toThrow(
        new TransactionInvalidError(loser.txId, 'MVCC_READ_CONFLICT'),
      );
    }
  });

  test('of different orgs in one block: all commit', async () => {
    const s = new Scenario();
    await s.register(CORE, BANK_A);
    const endorsements = [
      await s.ledger.endorse(s.admin(MSP.enterprise), 'RegisterParticipant', ['E2', 'E2', 'ENTERPRISE']),
      await s.ledger.endorse(s.admin(MSP.bankA), 'RegisterParticipant', ['BA2', 'BA2', 'BANK']),
    ];
    for (const outcome of s.ledger.commitBlock(endorsements)) {
      expect(outcome).not.toBeInstanceOf(TransactionInvalidError);
    }
  });

  test('the org’s very first registrations in one block: the later ones fail ENDORSEMENT_POLICY_FAILURE', async () => {
    // Each creates the registry with its policy (a metadata write): the one case left, documented.
    const s = new Scenario();
    const [first, second] = s.ledger.commitBlock(await registrations(s, ['F1', 'F2']));
    expect(first).not.toBeInstanceOf(TransactionInvalidError);
    expect(second).toMatchObject({ validationCode: 'ENDORSEMENT_POLICY_FAILURE' });
  });

  test('only the org’s own peers can endorse a registration once its registry exists', async () => {
    const s = new Scenario();
    await s.register(CORE);
    const forged = s.ledger.submit(
      s.admin(MSP.enterprise),
      'RegisterParticipant',
      ['EVE', 'Eve', 'ENTERPRISE'],
      {
        endorsingOrgs: [MSP.bankA],
      },
    );
    await expect(forged).rejects.toMatchObject({ validationCode: 'ENDORSEMENT_POLICY_FAILURE' });
  });
});

describe('GetParticipant and ListParticipants', () => {
  test('let any caller with a role read participants, listed by id', async () => {
    const s = new Scenario();
    await s.register(...CAST);
    const viewer = s.ledger.identity(MSP.bankB, { role: 'viewer' });
    expect(json(await s.evaluate(viewer, 'GetParticipant', [BANK_A.id]))).toEqual({
      id: 'BANKA',
      name: 'BANKA Ltd',
      kind: 'BANK',
      mspId: 'BankAMSP',
      status: 'ACTIVE',
    });
    const listed = json(await s.evaluate(SUP1, 'ListParticipants'));
    expect(Array.isArray(listed) && listed.map((entry: { id: string }) => entry.id)).toEqual([
      'AUD',
      'BANKA',
      'BANKB',
      'CORE',
      'CORE2',
      'SUP1',
      'SUP2',
      'SUP3',
    ]);
  });

  test('answers NOT_FOUND for an unknown participant', async () => {
    const s = new Scenario();
    await s.refused(() => s.evaluate(s.admin(MSP.enterprise), 'GetParticipant', ['NOBODY']), 'NOT_FOUND');
    await s.refused(
      () => s.evaluate(s.admin(MSP.enterprise), 'GetParticipant', ['no/body']),
      'VALIDATION_FAILED',
    );
  });
});
