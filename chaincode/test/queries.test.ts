import { Fields, arrayOf, integer, readHop, readString, type Receivable } from '../src/contract';
import { RECEIVABLES } from '../src/receivable';
import {
  AUDITOR,
  BANK_A,
  BANK_B,
  CORE,
  json,
  MSP,
  receivableOf,
  OTHER_CORE,
  Scenario,
  SUP1,
  SUP2,
  SUP3,
  type Party,
} from './support/fixtures';
import { MemoryLedger } from './support/ledger';

type Page = { items: Receivable[]; bookmark: string; fetched: number };

async function query(
  s: Scenario,
  who: Party | ReturnType<MemoryLedger['identity']>,
  filter: Record<string, unknown>,
): Promise<Page> {
  const fields = Fields.of(
    json(await s.evaluate(who, 'QueryReceivables', [JSON.stringify(filter)])),
    'page',
    ['items', 'bookmark', 'fetched'],
  );
  return {
    items: fields.required('items', arrayOf(RECEIVABLES.read, 0, 100)),
    bookmark: fields.required('bookmark', readString),
    fetched: fields.required('fetched', integer(0, 100)),
  };
}

/**
 * R (CORE → SUP1) split into R.1 (→ SUP2, then → SUP3) and R.2 (kept by SUP1, financed by BANKB).
 * BANKA granted the line.
 */
async function tree(): Promise<{ s: Scenario; root: string }> {
  const s = await new Scenario().standard();
  const root = (await s.active('1000', SUP1, { id: 'R' })).id;
  await s.submit(SUP1, 'TransferReceivable', [root, SUP2.id, '400']);
  await s.submit(SUP2, 'TransferReceivable', ['R.1', SUP3.id, '']);
  await s.submit(SUP1, 'RequestFinancing', ['R.2', BANK_B.id, 'FR-1']);
  await s.submit(BANK_B, 'ApproveFinancing', ['FR-1', '550']);
  return { s, root };
}

describe('visibility of a receivable', () => {
  test.each([
    ['the obligor', CORE, ['R', 'R.1', 'R.2']],
    ['the original creditor', SUP1, ['R', 'R.1', 'R.2']],
    ['a holder of a part, who sees the path to it but not its siblings', SUP3, ['R', 'R.1']],
    ['a past holder', SUP2, ['R', 'R.1']],
    ['the financing bank', BANK_B, ['R', 'R.2']],
    ['the bank of the credit line', BANK_A, ['R', 'R.1', 'R.2']],
    ['a stranger', OTHER_CORE, []],
  ])('shows %s exactly the receivables it is party to', async (_, who, visible) => {
    const { s } = await tree();
    for (const id of ['R', 'R.1', 'R.2']) {
      if (visible.includes(id)) {
        expect((await s.receivable(id)).id).toBe(id);
        expect(json(await s.evaluate(s.as(who, 'viewer'), 'GetReceivable', [id]))).toEqual(
          await s.receivable(id),
        );
      } else {
        await s.refused(() => s.evaluate(s.as(who, 'viewer'), 'GetReceivable', [id]), 'NOT_FOUND');
      }
    }
  });

  test('answers a hidden receivable exactly as a missing one', async () => {
    const { s } = await tree();
    const hidden = await s.refused(() => s.evaluate(OTHER_CORE, 'GetReceivable', ['R']), 'NOT_FOUND');
    const missing = await s.refused(() => s.evaluate(OTHER_CORE, 'GetReceivable', ['Q']), 'NOT_FOUND');
    expect(hidden.message.replace(' R ', ' Q ')).toBe(missing.message);
    for (const fcn of ['GetProvenance', 'GetHistory']) {
      await s.refused(() => s.evaluate(OTHER_CORE, fcn, ['R']), 'NOT_FOUND');
    }
  });

  test('lets auditors see everything', async () => {
    const { s } = await tree();
    for (const auditor of [
      s.auditor(),
      s.ledger.identity(MSP.auditor, { role: 'viewer' }),
      s.as(AUDITOR, 'admin'),
    ]) {
      expect(json(await s.evaluate(auditor, 'GetReceivable', ['R.2']))).toMatchObject({ id: 'R.2' });
    }
  });
});

describe('QueryReceivables', () => {
  test('finds receivables by holder, by holder and status, by obligor, by status, or all', async () => {
    const { s } = await tree();
    const ids = async (
      who: Party | ReturnType<MemoryLedger['identity']>,
      filter: Record<string, unknown>,
    ): Promise<string[]> => (await query(s, who, { pageSize: 100, ...filter })).items.map((item) => item.id);
    expect(await ids(s.auditor(), { holderId: SUP1.id })).toEqual(['R']);
    expect(await ids(s.auditor(), { holderId: SUP3.id, status: 'ACTIVE' })).toEqual(['R.1']);
    expect(await ids(s.auditor(), { holderId: SUP3.id, status: 'SPLIT' })).toEqual([]);
    expect(await ids(s.auditor(), { obligorId: CORE.id })).toEqual(['R.1', 'R.2', 'R']);
    expect(await ids(s.auditor(), { obligorId: CORE.id, status: 'FINANCED' })).toEqual(['R.2']);
    expect(await ids(s.auditor(), { status: 'SPLIT' })).toEqual(['R']);
    expect(await ids(s.auditor(), {})).toEqual(['R.1', 'R.2', 'R']);
    expect(await ids(s.auditor(), { holderId: BANK_B.id, obligorId: CORE.id })).toEqual(['R.2']);
    expect(await ids(s.auditor(), { holderId: BANK_B.id, obligorId: OTHER_CORE.id })).toEqual([]);
  });

  test('without a holder or obligor reads only the entries of what the caller may see, in id order', async () => {
    const { s } = await tree();
    expect(await query(s, BANK_B, { pageSize: 10 })).toMatchObject({ fetched: 2, bookmark: '' });
    expect((await query(s, BANK_B, { pageSize: 10 })).items.map((item) => item.id)).toEqual(['R', 'R.2']);
    expect((await query(s, SUP3, { status: 'SPLIT', pageSize: 10 })).items.map((item) => item.id)).toEqual([
      'R',
    ]);
  });

  test('by holder or obligor, leaves out what the caller may not see, and says how many entries it read', async () => {
    const { s } = await tree();
    expect(await query(s, OTHER_CORE, { obligorId: CORE.id, pageSize: 10 })).toMatchObject({
      items: [],
      fetched: 3,
    });
    expect((await query(s, SUP3, { obligorId: CORE.id, pageSize: 10 })).items.map((item) => item.id)).toEqual(
      ['R.1', 'R'],
    );
  });

  test('pages through the results with bookmarks', async () => {
    const s = await new Scenario().standard();
    for (let n = 0; n < 7; n += 1) {
      await s.issue('10', SUP2, { id: `P${n}` });
    }
    const seen: string[] = [];
    let bookmark = '';
    const pages: number[] = [];
    do {
      const page = await query(s, SUP2, { holderId: SUP2.id, pageSize: 3, bookmark });
      seen.push(...page.items.map((item) => item.id));
      pages.push(page.fetched);
      ({ bookmark } = page);
    } while (bookmark !== '');
    expect(seen).toEqual(['P0', 'P1', 'P2', 'P3', 'P4', 'P5', 'P6']);
    expect(pages).toEqual([3, 3, 1]);
  });

  test('answers an empty range with an empty last page (a Fabric 1.4 peer sends no page metadata then)', async () => {
    const s = await new Scenario().standard();
    const empty = { items: [], bookmark: '', fetched: 0 };
    expect(await query(s, s.auditor(), { pageSize: 10 })).toEqual(empty);
    await s.active('10', SUP2, { id: 'ONE' });
    expect(await query(s, s.auditor(), { holderId: SUP1.id, pageSize: 10 })).toEqual(empty);
    expect(await query(s, s.auditor(), { status: 'SETTLED', pageSize: 10 })).toEqual(empty);
    expect((await query(s, s.auditor(), { pageSize: 10 })).items.map((item) => item.id)).toEqual(['ONE']);
  });

  test.each([
    ['no page size', {}],
    ['a page size of 0', { pageSize: 0 }],
    ['a page size of 101', { pageSize: 101 }],
    ['an unknown status', { pageSize: 10, status: 'OPEN' }],
    ['a bad holder id', { pageSize: 10, holderId: 'a/b' }],
    ['an unknown field', { pageSize: 10, limit: 10 }],
    ['a malformed bookmark', { pageSize: 10, bookmark: '!!' }],
    ['a non-canonical bookmark', { pageSize: 10, bookmark: 'AA=' }],
  ])('refuses %s', async (_, filter) => {
    const s = await new Scenario().standard();
    await s.refused(
      () => s.evaluate(SUP1, 'QueryReceivables', [JSON.stringify(filter)]),
      'VALIDATION_FAILED',
    );
  });

  test('refuses a bookmark of another query', async () => {
    const s = await new Scenario().standard();
    for (let n = 0; n < 3; n += 1) {
      await s.issue('10', SUP2, { id: `P${n}` });
    }
    const { bookmark } = await query(s, SUP2, { holderId: SUP2.id, pageSize: 1 });
    expect(bookmark).not.toBe('');
    await s.refused(
      () =>
        s.evaluate(SUP2, 'QueryReceivables', [JSON.stringify({ holderId: SUP1.id, pageSize: 1, bookmark })]),
      'VALIDATION_FAILED',
    );
    await s.refused(() => s.evaluate(SUP2, 'QueryReceivables', ['{']), 'VALIDATION_FAILED');
  });
});

describe('GetProvenance', () => {
  test('returns the hops from the root’s issuance to the part, and the root’s whole tree', async () => {
    const { s } = await tree();
    const provenance = Fields.of(json(await s.evaluate(SUP3, 'GetProvenance', ['R.1'])), 'provenance', [
      'path',
      'tree',
    ]);
    const path = provenance.required('path', arrayOf(readHop, 1, 10));
    expect(path.map((hop) => `${hop.kind}→${hop.toId}`)).toEqual([
      'ISSUE→SUP1',
      'SPLIT→SUP1',
      'TRANSFER→SUP2',
      'TRANSFER→SUP3',
    ]);
    expect(provenance.required('tree', (tree) => tree)).toEqual({
      id: 'R',
      amount: '1000',
      holderId: 'SUP1',
      status: 'SPLIT',
      children: [
        { id: 'R.1', amount: '400', holderId: 'SUP3', status: 'ACTIVE', children: [] },
        { id: 'R.2', amount: '600', holderId: 'BANKB', status: 'FINANCED', children: [] },
      ],
    });
  });

  test('of a root is its own hops and tree', async () => {
    const s = await new Scenario().standard();
    await s.active('5', SUP1, { id: 'ONE' });
    expect(json(await s.evaluate(CORE, 'GetProvenance', ['ONE']))).toMatchObject({
      path: [{ kind: 'ISSUE', fromId: 'CORE', toId: 'SUP1', amount: '5' }],
      tree: { id: 'ONE', children: [] },
    });
  });
});

describe('GetHistory', () => {
  test('returns every committed version of the receivable, newest first', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('10', SUP1, { id: 'H' });
    const accepted = await s.submit(SUP1, 'AcceptReceivable', ['H']);
    const moved = await s.submit(SUP1, 'TransferReceivable', ['H', SUP2.id, '']);
    const history = json(await s.evaluate(SUP1, 'GetHistory', ['H']));
    expect(history).toEqual([
      { txId: moved.txId, timestamp: moved.timestamp, isDelete: false, value: await s.receivable('H') },
      { txId: accepted.txId, timestamp: accepted.timestamp, isDelete: false, value: receivableOf(accepted) },
      { txId: issued.createdTxId, timestamp: issued.hops[0]?.timestamp, isDelete: false, value: issued },
    ]);
  });

  test('orders by commit, not by timestamp: a later transaction with an earlier timestamp comes first', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('10', SUP1, { id: 'H' });
    const accepted = await s.ledger.submit(s.as(SUP1), 'AcceptReceivable', ['H'], {
      timestamp: new Date('2024-06-01T00:00:00.000Z'),
    });
    const history = json(await s.evaluate(SUP1, 'GetHistory', ['H']));
    expect(history).toMatchObject([
      { txId: accepted.txId, timestamp: '2024-06-01T00:00:00.000Z' },
      { txId: issued.createdTxId },
    ]);
  });

  test('refuses a malformed id', async () => {
    const s = await new Scenario().standard();
    await s.refused(() => s.evaluate(SUP1, 'GetHistory', ['']), 'VALIDATION_FAILED');
  });
});

test('a bank that only financed part of a tree does not see the rest', async () => {
  const { s } = await tree();
  await s.refused(() => s.evaluate(BANK_B, 'GetReceivable', ['R.1']), 'NOT_FOUND');
});
