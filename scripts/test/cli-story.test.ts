import { type CliUser, enrollUser, invokePlanned, query, topology } from './support/fabric';

/**
 * The whole receivable story through the real `peer` CLI on the shared network, as users enrolled
 * at the project's Fabric CAs with `scf.*` attributes, each write endorsed by exactly the orgs the
 * chaincode's endorsement plan names: every transaction commits VALID, and every org's peer then
 * reads the same state, provenance and history.
 */

const run = Date.now().toString(36);
const id = (name: string): string => `${name}${run}`;

const users: Record<string, CliUser> = {};

async function valid(user: CliUser, fn: string, args: readonly string[]): Promise<string> {
  const outcome = await invokePlanned(user, fn, args);
  expect({ fn, status: outcome.status, stderr: outcome.status === 'VALID' ? '' : outcome.output }).toEqual({
    fn,
    status: 'VALID',
    stderr: '',
  });
  return outcome.txId ?? '';
}

beforeAll(async () => {
  const [enterpriseAdmin, bankAdmin] = await Promise.all([
    enrollUser('enterprise', id('entadmin'), { role: 'admin' }),
    enrollUser('banka', id('bankadmin'), { role: 'admin' }),
  ]);
  for (const [participant, name] of [
    ['ACME', 'Acme Manufacturing'],
    ['SUPA', 'Tier-1 Supplier'],
    ['SUPB', 'Tier-2 Supplier'],
  ] as const) {
    await valid(enterpriseAdmin, 'RegisterParticipant', [id(participant), name, 'ENTERPRISE']);
  }
  await valid(bankAdmin, 'RegisterParticipant', [id('BANKA'), 'Bank A', 'BANK']);
  const enrolled = await Promise.all([
    enrollUser('enterprise', id('acme'), { role: 'operator', participant: id('ACME') }),
    enrollUser('enterprise', id('supa'), { role: 'operator', participant: id('SUPA') }),
    enrollUser('enterprise', id('supb'), { role: 'operator', participant: id('SUPB') }),
    enrollUser('banka', id('banker'), { role: 'operator', participant: id('BANKA') }),
    enrollUser('auditor', id('auditor'), { role: 'viewer' }),
  ]);
  [users.acme, users.supa, users.supb, users.banker, users.auditor] = enrolled;
}, 300_000);

function user(name: string): CliUser {
  const found = users[name];
  if (found === undefined) throw new Error(`user ${name} was not enrolled`);
  return found;
}

describe('the receivable story through the peer CLI', () => {
  const root = id('R');

  test('grant, issue, accept, split, transfer, finance and settle all commit VALID', async () => {
    await valid(user('banker'), 'GrantCreditLine', [id('CL'), id('ACME'), 'CNY', '100000000']);
    await valid(user('acme'), 'IssueReceivable', [
      JSON.stringify({
        id: root,
        creditorId: id('SUPA'),
        amount: '5000000',
        currency: 'CNY',
        dueDate: '2027-06-30',
      }),
    ]);
    await valid(user('supa'), 'AcceptReceivable', [root]);
    await valid(user('supa'), 'SplitReceivable', [root, JSON.stringify(['3000000', '2000000'])]);
    await valid(user('supa'), 'TransferReceivable', [`${root}.1`, id('SUPB'), '']);
    await valid(user('supb'), 'TransferReceivable', [`${root}.1`, id('SUPA'), '1000000']);
    await valid(user('supa'), 'RequestFinancing', [`${root}.2`, id('BANKA'), id('FR')]);
    await valid(user('banker'), 'ApproveFinancing', [id('FR'), '1900000']);

    const financed = await query(user('banker'), 'GetReceivable', [`${root}.2`]);
    expect(financed).toMatchObject({ holderId: id('BANKA'), status: 'FINANCED', amount: '2000000' });
    const line = await query(user('banker'), 'GetCreditLine', [id('CL')]);
    expect(line).toMatchObject({ limit: '100000000', used: '5000000' });

    await valid(user('acme'), 'SettleReceivable', [root, id('PAY')]);
    const settled = await query(user('auditor'), 'GetReceivable', [`${root}.1.1`]);
    expect(settled).toMatchObject({ holderId: id('SUPA'), status: 'SETTLED', amount: '1000000' });
    expect(await query(user('banker'), 'GetCreditLine', [id('CL')])).toMatchObject({ used: '0' });
  }, 300_000);

  test('conservation: the live parts of the root add up to the root amount', async () => {
    const provenance = await query(user('auditor'), 'GetProvenance', [root]);
    const leaves: bigint[] = [];
    const walk = (node: unknown): void => {
      const tree = node as { amount: string; status: string; children: unknown[] };
      if (tree.status !== 'SPLIT') leaves.push(BigInt(tree.amount));
      tree.children.forEach(walk);
    };
    walk((provenance as { tree: unknown }).tree);
    expect(leaves.reduce((sum, amount) => sum + amount, 0n)).toBe(5000000n);
    expect(leaves).toHaveLength(3);
  });

  test('every org peer reads the same state, provenance and history', async () => {
    const part = `${root}.1.1`;
    const reads = await Promise.all(
      topology().peers.map(async (peer) => [
        await query(user('auditor'), 'GetReceivable', [part], peer.org),
        await query(user('auditor'), 'GetProvenance', [part], peer.org),
        await query(user('auditor'), 'GetHistory', [part], peer.org),
      ]),
    );
    const [first, ...others] = reads;
    for (const other of others) expect(other).toEqual(first);
    const history = first?.[2] as { txId: string; value: { status: string } | null }[];
    expect(history[0]?.value?.status).toBe('SETTLED');
    expect(history.at(-1)?.value?.status).toBe('ACTIVE');
    const path = (first?.[1] as { path: { kind: string }[] }).path.map((hop) => hop.kind);
    expect(path).toEqual(['ISSUE', 'SPLIT', 'TRANSFER', 'SPLIT', 'TRANSFER']);
  }, 120_000);
});
