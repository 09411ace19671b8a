import { Fields } from '../src/contract';
import {
  AUDITOR,
  BANK_A,
  BANK_B,
  CORE,
  json,
  LINE,
  MSP,
  OTHER_CORE,
  Scenario,
  SUP1,
} from './support/fixtures';

describe('GrantCreditLine', () => {
  test('grants a line endorsed by the bank and the obligor, indexed by obligor and currency', async () => {
    const s = new Scenario();
    await s.register(CORE, BANK_A);
    const result = await s.submit(BANK_A, 'GrantCreditLine', ['CL-1', CORE.id, 'EUR', '500000']);
    const line = {
      id: 'CL-1',
      bankId: 'BANKA',
      obligorId: 'CORE',
      currency: 'EUR',
      limit: '500000',
      used: '0',
    };
    expect(json(result)).toEqual(line);
    expect(result.event).toEqual({ name: 'CreditLineGranted', payload: result.result });
    const { state, policies } = s.ledger.snapshot();
    expect(policies).toContainEqual(['/creditline/CL-1/', ['BankAMSP', 'EnterpriseMSP']]);
    expect(state).toContainEqual(['/creditline~obligor/CORE/EUR/CL-1/', '\u0000']);
  });

  test('names the line CL- and the first 16 characters of the tx id when no id is given', async () => {
    const s = new Scenario();
    await s.register(CORE, BANK_A);
    const result = await s.submit(BANK_A, 'GrantCreditLine', ['', CORE.id, 'EUR', '1']);
    expect(json(result)).toMatchObject({ id: `CL-${result.txId.slice(0, 16)}` });
  });

  test('refuses an enterprise granting a line', async () => {
    const s = await new Scenario().standard();
    await s.refused(
      () => s.submit(OTHER_CORE, 'GrantCreditLine', ['CL-2', CORE.id, 'EUR', '1']),
      'FORBIDDEN',
    );
  });

  test('refuses an unknown obligor and an obligor that is not an enterprise', async () => {
    const s = await new Scenario().standard();
    await s.refused(() => s.submit(BANK_A, 'GrantCreditLine', ['CL-2', 'GHOST', 'EUR', '1']), 'NOT_FOUND');
    await s.refused(
      () => s.submit(BANK_A, 'GrantCreditLine', ['CL-2', BANK_B.id, 'EUR', '1']),
      'VALIDATION_FAILED',
    );
  });

  test.each([
    ['a zero limit', ['CL-2', 'CORE', 'EUR', '0']],
    ['a negative limit', ['CL-2', 'CORE', 'EUR', '-1']],
    ['a fractional limit', ['CL-2', 'CORE', 'EUR', '10.5']],
    ['a 19-digit limit', ['CL-2', 'CORE', 'EUR', '1234567890123456789']],
    ['a non-digit limit', ['CL-2', 'CORE', 'EUR', 'lots']],
    ['a bad currency', ['CL-2', 'CORE', 'euro', '10']],
    ['a bad id', ['CL 2', 'CORE', 'EUR', '10']],
    ['a bad obligor id', ['CL-2', '', 'EUR', '10']],
  ])('refuses %s', async (_, args) => {
    const s = await new Scenario().standard();
    await s.refused(() => s.submit(BANK_A, 'GrantCreditLine', args), 'VALIDATION_FAILED');
  });

  test('refuses an id already used', async () => {
    const s = await new Scenario().standard();
    await s.refused(() => s.submit(BANK_B, 'GrantCreditLine', [LINE.id, CORE.id, 'EUR', '10']), 'CONFLICT');
  });
});

describe('GetCreditLine and ListCreditLines', () => {
  async function twoLines(): Promise<Scenario> {
    const s = await new Scenario().standard();
    await s.submit(BANK_B, 'GrantCreditLine', ['CL-0', CORE.id, 'EUR', '10']);
    await s.submit(BANK_B, 'GrantCreditLine', ['CL-B', OTHER_CORE.id, 'EUR', '10']);
    return s;
  }

  function ids(value: unknown): unknown {
    const items: unknown = Fields.of(value, 'page', ['items', 'bookmark', 'fetched']).required(
      'items',
      (v) => v,
    );
    return Array.isArray(items) ? items.map((line: { id: string }) => line.id) : items;
  }

  /** The `queryJson` of ListCreditLines for `obligorId` (`""`: all), a page of 100. */
  function lines(obligorId: string): string {
    return JSON.stringify(obligorId === '' ? { pageSize: 100 } : { obligorId, pageSize: 100 });
  }

  test('show a line to its bank, its obligor and auditors', async () => {
    const s = await twoLines();
    for (const reader of [s.as(BANK_A, 'viewer'), s.as(CORE, 'viewer'), s.auditor()]) {
      expect(json(await s.evaluate(reader, 'GetCreditLine', [LINE.id]))).toMatchObject({
        id: LINE.id,
        used: '0',
      });
    }
  });

  test('answer NOT_FOUND to anyone else, as for a missing line', async () => {
    const s = await twoLines();
    const hidden = await s.refused(() => s.evaluate(BANK_B, 'GetCreditLine', [LINE.id]), 'NOT_FOUND');
    const missing = await s.refused(() => s.evaluate(BANK_B, 'GetCreditLine', ['CL-NONE']), 'NOT_FOUND');
    expect(hidden.message.replace(LINE.id, 'X')).toBe(missing.message.replace('CL-NONE', 'X'));
    await s.refused(() => s.evaluate(SUP1, 'GetCreditLine', [LINE.id]), 'NOT_FOUND');
  });

  test('list the visible lines of all obligors by id, of one obligor by currency and id', async () => {
    const s = await twoLines();
    expect(ids(json(await s.evaluate(s.auditor(), 'ListCreditLines', [lines('')])))).toEqual([
      'CL-0',
      'CL-A',
      'CL-B',
    ]);
    // One obligor's lines come from its index, by currency (CNY, EUR), then id.
    expect(ids(json(await s.evaluate(s.auditor(), 'ListCreditLines', [lines(CORE.id)])))).toEqual([
      'CL-A',
      'CL-0',
    ]);
    expect(ids(json(await s.evaluate(BANK_B, 'ListCreditLines', [lines('')])))).toEqual(['CL-0', 'CL-B']);
    expect(ids(json(await s.evaluate(CORE, 'ListCreditLines', [lines('')])))).toEqual(['CL-0', 'CL-A']);
    expect(ids(json(await s.evaluate(BANK_A, 'ListCreditLines', [lines(OTHER_CORE.id)])))).toEqual([]);
    expect(
      ids(
        json(
          await s.evaluate(s.ledger.identity(MSP.auditor, { role: 'viewer' }), 'ListCreditLines', [
            lines(''),
          ]),
        ),
      ),
    ).toHaveLength(3);
    expect(
      ids(json(await s.evaluate(s.as(AUDITOR, 'viewer'), 'ListCreditLines', [lines('nobody')]))),
    ).toEqual([]);
    await s.refused(() => s.evaluate(CORE, 'ListCreditLines', [lines('bad id')]), 'VALIDATION_FAILED');
  });

  test('list a page at a time: the bookmark leads on, the lines a caller may not see are left out', async () => {
    const s = await twoLines();
    const first = json(await s.evaluate(BANK_B, 'ListCreditLines', ['{"pageSize":2}']));
    expect(first).toMatchObject({ items: [{ id: 'CL-0' }], fetched: 2 });
    const bookmark = (first as { bookmark: string }).bookmark;
    const second = json(
      await s.evaluate(BANK_B, 'ListCreditLines', [JSON.stringify({ pageSize: 2, bookmark })]),
    );
    expect(second).toEqual({ items: [expect.objectContaining({ id: 'CL-B' })], bookmark: '', fetched: 1 });
    await s.refused(
      () =>
        s.evaluate(BANK_B, 'ListCreditLines', [
          JSON.stringify({ obligorId: CORE.id, pageSize: 2, bookmark }),
        ]),
      'VALIDATION_FAILED',
    );
    await s.refused(() => s.evaluate(BANK_B, 'ListCreditLines', ['{"pageSize":101}']), 'VALIDATION_FAILED');
  });
});
