import { readParticipantPage } from '../src/contract';
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
    expect(s.ledger.snapshot().policies).toContainEqual(['/participant/CORE/', ['EnterpriseMSP']]);
  });

  test('writes the org’s anchor blind: in the write set with its constant value, not in the read set, its policy untouched', async () => {
    const s = new Scenario();
    await s.register(CORE);
    const endorsement = (await registrations(s, ['NEXT']))[0] as Endorsement;
    expect(Buffer.from(endorsement.stub.writeSet.values.get(ANCHOR) ?? []).toString('utf8')).toBe(
      '{"mspId":"EnterpriseMSP"}',
    );
    expect(endorsement.stub.readSet.has(ANCHOR)).toBe(false);
    expect([...endorsement.stub.writeSet.policies.keys()]).toEqual(['\u0000participant\u0000NEXT\u0000']);
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
  test('in one block: all commit (the anchor is written blind and its policy never rewritten)', async () => {
    const s = new Scenario();
    await s.register(CORE);
    const ids = Array.from({ length: 10 }, (_, index) => `P${index}`);
    const outcomes = s.ledger.commitBlock(await registrations(s, ids));
    for (const outcome of outcomes) {
      expect(outcome).not.toBeInstanceOf(TransactionInvalidError);
    }
    const listed = readParticipantPage(
      json(await s.evaluate(s.admin(MSP.enterprise), 'ListParticipants', ['{"pageSize":100}'])),
      'page',
    );
    expect(listed.items).toHaveLength(ids.length + 1);
    expect(s.ledger.snapshot().policies).toContainEqual(['/org/EnterpriseMSP/', [MSP.enterprise]]);
  });

  test('in later blocks, endorsed on the same state: all commit', async () => {
    const s = new Scenario();
    await s.register(CORE);
    for (const endorsement of await registrations(s, ['X1', 'X2', 'X3'])) {
      expect(s.ledger.commit(endorsement).blockNumber).toBeGreaterThan(0);
    }
  });

  test('of the org’s very first participants in one block: all commit (the anchor’s policy is set at instantiate)', async () => {
    const s = new Scenario();
    for (const outcome of s.ledger.commitBlock(await registrations(s, ['F1', 'F2']))) {
      expect(outcome).not.toBeInstanceOf(TransactionInvalidError);
    }
  });

  test('of one id: the later fails MVCC_READ_CONFLICT', async () => {
    const s = new Scenario();
    await s.register(CORE);
    const [winner, loser] = await registrations(s, ['SAME', 'SAME']);
    s.ledger.commit(winner as Endorsement);
    expect(() => s.ledger.commit(loser as Endorsement)).toThrow(
      new TransactionInvalidError((loser as Endorsement).txId, 'MVCC_READ_CONFLICT'),
    );
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

  test('only the org’s own peers can endorse a registration, the first one included', async () => {
    const s = new Scenario();
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
    const listed = readParticipantPage(
      json(await s.evaluate(SUP1, 'ListParticipants', ['{"pageSize":100}'])),
      'page',
    );
    expect(listed.items.map((entry) => entry.id)).toEqual([
      'AUD',
      'BANKA',
      'BANKB',
      'CORE',
      'CORE2',
      'SUP1',
      'SUP2',
      'SUP3',
    ]);
    expect(listed.bookmark).toBe('');
  });

  test('list a page at a time, the bookmark leading to the next page and only within this list', async () => {
    const s = new Scenario();
    await s.register(...CAST);
    const pages: string[][] = [];
    let bookmark: string | undefined;
    do {
      const page = readParticipantPage(
        json(await s.evaluate(SUP1, 'ListParticipants', [JSON.stringify({ pageSize: 3, bookmark })])),
        'page',
      );
      pages.push(page.items.map((entry) => entry.id));
      bookmark = page.bookmark === '' ? undefined : page.bookmark;
    } while (bookmark !== undefined);
    expect(pages).toEqual([
      ['AUD', 'BANKA', 'BANKB'],
      ['CORE', 'CORE2', 'SUP1'],
      ['SUP2', 'SUP3'],
    ]);
    const foreign = Buffer.from('\u0000creditline\u0000CL-A\u0000', 'utf8').toString('base64url');
    await s.refused(
      () => s.evaluate(SUP1, 'ListParticipants', [JSON.stringify({ pageSize: 3, bookmark: foreign })]),
      'VALIDATION_FAILED',
    );
    await s.refused(() => s.evaluate(SUP1, 'ListParticipants', ['{"pageSize":0}']), 'VALIDATION_FAILED');
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
