import { type CliUser, enrollUser, query } from '../../scripts/test/support/fabric';
import {
  type Actor,
  type Json,
  adminToken,
  dueDateIn,
  eventually,
  get,
  ok,
  onboard,
  post,
  runSuffix,
} from './support/rest';

/**
 * The SCF story through the REST gateway of the real network, as users the gateway enrolled at the
 * orgs' Fabric CAs: onboarding, a credit line, issue, accept, split, a partial transfer down the
 * chain, financing requested and approved, settlement; then provenance, history and the credit
 * line, read back through REST and through the `peer` CLI.
 */

jest.setTimeout(300_000);

const run = runSuffix();
const id = (name: string): string => `${name}${run}`;
const ROOT = id('R');

let core: Actor;
let sup1: Actor;
let sup2: Actor;
let bank: Actor;
let auditor: string;
let ledgerReader: CliUser;

/** What each write answered: its committed txId, in story order. */
const txIds: Record<string, string> = {};
let creditLineId = '';

beforeAll(async () => {
  core = await onboard('enterprise', id('CORE'));
  sup1 = await onboard('enterprise', id('SUPA'));
  sup2 = await onboard('enterprise', id('SUPB'));
  bank = await onboard('banka', id('BANK'));
  auditor = await adminToken('auditor');
  ledgerReader = await enrollUser('auditor', `itstory${run.toLowerCase()}`, { role: 'viewer' });
});

describe('the receivable story through REST on the real network', () => {
  test('participants registered through REST are on the ledger with their org MSP', async () => {
    const answer = await get(sup1.token, `/participants/${core.participantId}`);
    expect({ status: answer.status, body: answer.body }).toEqual({
      status: 200,
      body: {
        id: core.participantId,
        name: `${core.participantId} Ltd`,
        kind: 'ENTERPRISE',
        mspId: 'EnterpriseMSP',
        status: 'ACTIVE',
      },
    });
    expect(await query(ledgerReader, 'GetParticipant', [bank.participantId])).toMatchObject({
      id: bank.participantId,
      kind: 'BANK',
      mspId: 'BankAMSP',
    });
  });

  test('a bank operator grants the obligor a credit line (201, nothing used)', async () => {
    const line = ok(
      await post(bank.token, '/credit-lines', {
        obligorId: core.participantId,
        currency: 'EUR',
        limit: '1000000.00',
      }),
      201,
    );
    expect(line).toMatchObject({
      bankId: bank.participantId,
      obligorId: core.participantId,
      currency: 'EUR',
      limit: '1000000.00',
      used: '0.00',
    });
    expect(line.txId).toMatch(/^[0-9a-f]{64}$/);
    creditLineId = String(line.id);
    txIds.grant = String(line.txId);
  });

  test('the obligor issues a receivable to its supplier: PENDING_ACCEPTANCE, the line is used', async () => {
    const issued = ok(
      await post(core.token, '/receivables', {
        id: ROOT,
        creditorId: sup1.participantId,
        amount: '100000.00',
        currency: 'EUR',
        dueDate: dueDateIn(),
        creditLineId,
      }),
      201,
    );
    expect(issued).toMatchObject({
      id: ROOT,
      rootId: ROOT,
      parentId: null,
      obligorId: core.participantId,
      originalCreditorId: sup1.participantId,
      holderId: sup1.participantId,
      amount: '100000.00',
      status: 'PENDING_ACCEPTANCE',
      creditLineId,
    });
    txIds.issue = String(issued.txId);
    expect(issued.createdTxId).toBe(txIds.issue);
    const lines = ok(await get(bank.token, `/credit-lines?obligorId=${core.participantId}`), 200);
    expect(lines.items).toEqual([expect.objectContaining({ id: creditLineId, used: '100000.00' })]);
  });

  test('the supplier accepts it (200 ACTIVE)', async () => {
    const accepted = ok(await post(sup1.token, `/receivables/${ROOT}/accept`), 200);
    expect(accepted).toMatchObject({ id: ROOT, status: 'ACTIVE', holderId: sup1.participantId });
    txIds.accept = String(accepted.txId);
  });

  test('the supplier splits it 60,000 + 40,000: parent SPLIT, parts .1 and .2 ACTIVE', async () => {
    const split = ok(
      await post(sup1.token, `/receivables/${ROOT}/split`, {
        parts: [{ amount: '60000.00' }, { amount: '40000.00' }],
      }),
      200,
    );
    expect(split).toMatchObject({ id: ROOT, status: 'SPLIT', childIds: [`${ROOT}.1`, `${ROOT}.2`] });
    expect(
      split.parts?.map((part) => [part.id, part.amount, part.holderId, part.status, part.parentId]),
    ).toEqual([
      [`${ROOT}.1`, '60000.00', sup1.participantId, 'ACTIVE', ROOT],
      [`${ROOT}.2`, '40000.00', sup1.participantId, 'ACTIVE', ROOT],
    ]);
    txIds.split = String(split.txId);
  });

  test('a partial transfer passes 25,000 of part .1 to the tier-2 supplier and keeps the rest', async () => {
    const moved = ok(
      await post(sup1.token, `/receivables/${ROOT}.1/transfer`, {
        toId: sup2.participantId,
        amount: '25000.00',
      }),
      200,
    );
    expect(moved).toMatchObject({ id: `${ROOT}.1`, status: 'SPLIT' });
    expect(moved.parts?.map((part) => [part.id, part.amount, part.holderId, part.status])).toEqual([
      [`${ROOT}.1.1`, '25000.00', sup2.participantId, 'ACTIVE'],
      [`${ROOT}.1.2`, '35000.00', sup1.participantId, 'ACTIVE'],
    ]);
    txIds.transfer = String(moved.txId);
  });

  test('the tier-2 supplier asks the bank (201 REQUESTED), the bank approves (200): the bank holds it, FINANCED', async () => {
    const requested = ok(
      await post(sup2.token, `/receivables/${ROOT}.1.1/financing-requests`, { bankId: bank.participantId }),
      201,
    );
    expect(requested).toMatchObject({
      receivableId: `${ROOT}.1.1`,
      requesterId: sup2.participantId,
      bankId: bank.participantId,
      amount: '25000.00',
      status: 'REQUESTED',
      receivable: { id: `${ROOT}.1.1`, status: 'FINANCING_REQUESTED', holderId: sup2.participantId },
    });
    txIds.request = String(requested.txId);

    // The bank checks where the part came from before paying for it.
    const seen = await eventually(async () =>
      ok(await get(bank.token, `/receivables/${ROOT}.1.1/provenance`), 200),
    );
    expect((seen.path as Json[]).map((hop) => hop.kind)).toEqual(['ISSUE', 'SPLIT', 'SPLIT', 'TRANSFER']);

    const approved = ok(
      await post(bank.token, `/financing-requests/${String(requested.id)}/approve`, {
        advanceAmount: '24500.00',
      }),
      200,
    );
    expect(approved).toMatchObject({
      id: requested.id,
      status: 'APPROVED',
      advanceAmount: '24500.00',
      receivable: { id: `${ROOT}.1.1`, status: 'FINANCED', holderId: bank.participantId },
    });
    txIds.approve = String(approved.txId);
  });

  test('the obligor settles the root: every live part SETTLED with its holder, the credit line restored', async () => {
    const settled = ok(await post(core.token, `/receivables/${ROOT}/settle`, { paymentRef: id('PAY') }), 200);
    expect(settled).toMatchObject({
      id: ROOT,
      status: 'SPLIT',
      settlement: { paymentRef: id('PAY'), txId: settled.txId },
    });
    expect(
      settled.parts
        ?.map((part) => [part.id, part.holderId, part.amount, part.status])
        .sort(([a], [b]) => String(a).localeCompare(String(b))),
    ).toEqual([
      [`${ROOT}.1.1`, bank.participantId, '25000.00', 'SETTLED'],
      [`${ROOT}.1.2`, sup1.participantId, '35000.00', 'SETTLED'],
      [`${ROOT}.2`, sup1.participantId, '40000.00', 'SETTLED'],
    ]);
    txIds.settle = String(settled.txId);

    const lines = await eventually(async () => {
      const body = ok(await get(bank.token, `/credit-lines?obligorId=${core.participantId}`), 200);
      expect(body.items).toEqual([
        expect.objectContaining({ id: creditLineId, limit: '1000000.00', used: '0.00' }),
      ]);
      return body;
    });
    expect(lines.items).toHaveLength(1);
  });

  test('provenance of the financed part: every hop from the issuance to the bank, and the whole split tree', async () => {
    const provenance = await eventually(async () =>
      ok(await get(auditor, `/receivables/${ROOT}.1.1/provenance`), 200),
    );
    const path = (provenance.path as Json[]).map((hop) => [
      hop.kind,
      hop.fromId,
      hop.toId,
      hop.amount,
      hop.txId,
    ]);
    expect(path).toEqual([
      ['ISSUE', core.participantId, sup1.participantId, '100000.00', txIds.issue],
      ['SPLIT', sup1.participantId, sup1.participantId, '60000.00', txIds.split],
      ['SPLIT', sup1.participantId, sup1.participantId, '25000.00', txIds.transfer],
      ['TRANSFER', sup1.participantId, sup2.participantId, '25000.00', txIds.transfer],
      ['FINANCE', sup2.participantId, bank.participantId, '25000.00', txIds.approve],
    ]);
    const node = (
      nodeId: string,
      holderId: string,
      amount: string,
      status: string,
      children: unknown[] = [],
    ): unknown => ({
      id: nodeId,
      holderId,
      amount,
      status,
      children,
    });
    expect(provenance.tree).toEqual(
      node(ROOT, sup1.participantId, '100000.00', 'SPLIT', [
        node(`${ROOT}.1`, sup1.participantId, '60000.00', 'SPLIT', [
          node(`${ROOT}.1.1`, bank.participantId, '25000.00', 'SETTLED'),
          node(`${ROOT}.1.2`, sup1.participantId, '35000.00', 'SETTLED'),
        ]),
        node(`${ROOT}.2`, sup1.participantId, '40000.00', 'SETTLED'),
      ]),
    );
  });

  test('history of the financed part and of the root: one entry per committed write, newest first', async () => {
    const partHistory = ok(await get(auditor, `/receivables/${ROOT}.1.1/history`), 200) as unknown as Json[];
    expect(
      partHistory.map((entry) => [
        entry.txId,
        (entry.value as Json | null)?.status,
        (entry.value as Json | null)?.holderId,
      ]),
    ).toEqual([
      [txIds.settle, 'SETTLED', bank.participantId],
      [txIds.approve, 'FINANCED', bank.participantId],
      [txIds.request, 'FINANCING_REQUESTED', sup2.participantId],
      [txIds.transfer, 'ACTIVE', sup2.participantId],
    ]);
    const rootHistory = ok(await get(core.token, `/receivables/${ROOT}/history`), 200) as unknown as Json[];
    expect(rootHistory.map((entry) => [entry.txId, (entry.value as Json | null)?.status])).toEqual([
      [txIds.settle, 'SPLIT'],
      [txIds.split, 'SPLIT'],
      [txIds.accept, 'ACTIVE'],
      [txIds.issue, 'PENDING_ACCEPTANCE'],
    ]);
  });

  test('the ledger itself (peer CLI, as an auditor) agrees: amounts in minor units, conserved, the line restored', async () => {
    await eventually(async () => {
      expect(await query(ledgerReader, 'GetReceivable', [`${ROOT}.1.1`])).toMatchObject({
        holderId: bank.participantId,
        status: 'SETTLED',
        amount: '2500000',
        financing: { bankId: bank.participantId, status: 'APPROVED', advanceAmount: '2450000' },
      });
    });
    const live = await Promise.all(
      [`${ROOT}.1.1`, `${ROOT}.1.2`, `${ROOT}.2`].map((part) => query(ledgerReader, 'GetReceivable', [part])),
    );
    expect(live.reduce((sum: bigint, part) => sum + BigInt(String((part as Json).amount)), 0n)).toBe(
      10000000n,
    );
    expect(await query(ledgerReader, 'GetCreditLine', [creditLineId])).toMatchObject({
      limit: '100000000',
      used: '0',
    });
    const history = (await query(ledgerReader, 'GetHistory', [ROOT])) as Json[];
    expect(history.map((entry) => entry.txId)).toEqual([
      txIds.settle,
      txIds.split,
      txIds.accept,
      txIds.issue,
    ]);
  });
});
