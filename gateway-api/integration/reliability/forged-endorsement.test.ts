import { type CliUser, enrollUser, invoke, invokePlanned, query } from '../../../scripts/test/support/fabric';
import { recordFigures } from './support/figures';

/**
 * Reliability case 2, forged endorsement. Endorsement and concurrency on the real peers, through the
 * `peer` CLI choosing its endorsers: key-level policies stop a move that the holder's
 * org did not endorse, and MVCC lets only one of two concurrent moves of a receivable commit.
 */

const run = Date.now().toString(36);
const id = (name: string): string => `${name}${run}`;
let acme: CliUser;
let holder: CliUser;
let bankAdmin: CliUser;

async function valid(user: CliUser, fn: string, args: readonly string[]): Promise<void> {
  const outcome = await invokePlanned(user, fn, args);
  if (outcome.status !== 'VALID') throw new Error(`${fn}: ${outcome.status ?? '?'}\n${outcome.output}`);
}

/** An ACTIVE receivable held by the enterprise participant `holder`. */
async function activeReceivable(name: string): Promise<string> {
  const receivable = id(name);
  await valid(acme, 'IssueReceivable', [
    JSON.stringify({
      id: receivable,
      creditorId: id('HOLD'),
      amount: '1000',
      currency: 'EUR',
      dueDate: '2027-01-31',
    }),
  ]);
  await valid(holder, 'AcceptReceivable', [receivable]);
  return receivable;
}

beforeAll(async () => {
  const enterpriseAdmin = await enrollUser('enterprise', id('eadm'), { role: 'admin' });
  bankAdmin = await enrollUser('banka', id('badm'), { role: 'admin' });
  for (const participant of ['OBL', 'HOLD', 'NEXT', 'OTHER']) {
    await valid(enterpriseAdmin, 'RegisterParticipant', [id(participant), participant, 'ENTERPRISE']);
  }
  await valid(bankAdmin, 'RegisterParticipant', [id('BANK'), 'Bank', 'BANK']);
  const banker = await enrollUser('banka', id('banker'), { role: 'operator', participant: id('BANK') });
  acme = await enrollUser('enterprise', id('obl'), { role: 'operator', participant: id('OBL') });
  holder = await enrollUser('enterprise', id('hold'), { role: 'operator', participant: id('HOLD') });
  await valid(banker, 'GrantCreditLine', [id('CL'), id('OBL'), 'EUR', '1000000']);
}, 300_000);

describe('endorsement policies on the real network', () => {
  test('a move of an enterprise-held receivable endorsed only by a bank peer is invalidated and changes nothing', async () => {
    const receivable = await activeReceivable('FORGED');
    const before = await query(holder, 'GetReceivable', [receivable]);

    const forged = await invoke(holder, 'TransferReceivable', [receivable, id('NEXT'), ''], ['banka']);

    expect(forged.status).toBe('ENDORSEMENT_POLICY_FAILURE');
    const after = await query(holder, 'GetReceivable', [receivable]);
    expect(after).toEqual(before);
    recordFigures(2, {
      tried: 1,
      committed: 0,
      lost: 0,
      note: `A transfer of an enterprise-held receivable endorsed only by BankA's peer was ordered and invalidated at commit (${forged.status ?? '?'}); the receivable read back unchanged.`,
    });
  }, 120_000);

  test('the same move endorsed by the plan (the holder org) commits', async () => {
    const receivable = await activeReceivable('HONEST');
    await valid(holder, 'TransferReceivable', [receivable, id('NEXT'), '']);
    expect(await query(holder, 'GetReceivable', [receivable])).toMatchObject({ holderId: id('NEXT') });
    recordFigures(2, {
      tried: 1,
      committed: 1,
      lost: 0,
      note: 'The same move endorsed as the plan says committed.',
    });
  }, 120_000);

  test('of two concurrent transfers of one receivable exactly one commits, the other is an MVCC conflict', async () => {
    const receivable = await activeReceivable('RACE');
    const outcomes = await Promise.all(
      [id('NEXT'), id('OTHER')].map((to) => invoke(holder, 'TransferReceivable', [receivable, to, ''])),
    );
    const statuses = outcomes.map((outcome) => outcome.status).sort();
    expect(statuses).toEqual(['MVCC_READ_CONFLICT', 'VALID']);
    const winner = outcomes.findIndex((outcome) => outcome.status === 'VALID');
    const after = await query(holder, 'GetReceivable', [receivable]);
    expect(after).toMatchObject({ holderId: winner === 0 ? id('NEXT') : id('OTHER'), amount: '1000' });
    recordFigures(2, {
      tried: 2,
      committed: 1,
      lost: 0,
      note: 'Of two concurrent CLI transfers one committed, the other was MVCC_READ_CONFLICT.',
    });
  }, 120_000);
});
