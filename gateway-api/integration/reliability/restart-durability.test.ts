import { networkOk, parseHeights } from '../../../scripts/test/support/network';
import {
  type Actor,
  type Answer,
  type Json,
  adminToken,
  dueDateIn,
  get,
  ok,
  onboard,
  post,
  runSuffix,
} from '../support/rest';
import { fullMode, recordFigures, scaled } from './support/figures';

/**
 * Reliability case 7, restart durability: with N receivables on the ledger (100 in the light mode,
 * 10,000 with SCF_RELIABILITY=full), `./test-network.sh stop` then `start`: every receivable reads
 * back afterwards with identical values and history, and every peer has the same height as before.
 */

jest.setTimeout(3_600_000);

const run = runSuffix();
const RECEIVABLES = scaled(100, 10_000);
/**
 * Obligors issuing at once, one request each in flight: an issuance updates its obligor's credit
 * line, so concurrent issuances of one obligor would mostly be MVCC conflicts.
 */
const OBLIGORS = 8;
/** Reads in flight at once. */
const CONCURRENCY = 16;

const obligors: Actor[] = [];
let creditor: Actor;
let auditor = '';
const ids: string[] = [];

/** Runs `work` over `items`, `CONCURRENCY` at a time, answering the results in order. */
async function pooled<T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next;
      next += 1;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return results;
}

/** Every receivable's value and history, as the auditor reads them through the gateway. */
async function snapshot(): Promise<Map<string, string>> {
  const pages: Json[] = [];
  for (const obligor of obligors) {
    let cursor: string | undefined;
    do {
      const after = cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`;
      const page = ok(
        await get(auditor, `/receivables?obligorId=${obligor.participantId}&limit=100${after}`),
        200,
      );
      pages.push(...(page.items ?? []));
      cursor = typeof page.nextCursor === 'string' ? page.nextCursor : undefined;
    } while (cursor !== undefined);
  }
  const histories = await pooled(ids, async (id) =>
    ok(await get(auditor, `/receivables/${id}/history`), 200),
  );
  const state = new Map<string, string>();
  for (const item of pages) state.set(String(item.id), JSON.stringify(item));
  ids.forEach((id, index) => state.set(`${id}/history`, JSON.stringify(histories[index])));
  return state;
}

let before = new Map<string, string>();
let heightsBefore = new Map<string, number>();
let issueSeconds = 0;

/** Issues receivable `index` of `obligor`, again when it lost a race on the credit line (it changed nothing). */
async function issue(obligor: Actor, id: string, index: number): Promise<Answer> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await post(obligor.token, '/receivables', {
      id,
      creditorId: creditor.participantId,
      amount: `${1 + (index % 997)}.${String(index % 100).padStart(2, '0')}`,
      currency: 'EUR',
      dueDate: dueDateIn(),
    });
    if (answer.body.validationCode !== 'MVCC_READ_CONFLICT' || attempt === 5) return answer;
  }
}

beforeAll(async () => {
  creditor = await onboard('enterprise', `DURC${run}`);
  const bank = await onboard('banka', `DURB${run}`);
  auditor = await adminToken('auditor');
  for (let index = 0; index < OBLIGORS; index += 1) {
    const obligor = await onboard('enterprise', `DUR${index}O${run}`);
    ok(
      await post(bank.token, '/credit-lines', {
        obligorId: obligor.participantId,
        currency: 'EUR',
        limit: '100000000.00',
      }),
      201,
    );
    obligors.push(obligor);
  }
  for (let index = 0; index < RECEIVABLES; index += 1) ids.push(`DUR${run}-${index}`);
  const started = Date.now();
  const answers = (
    await Promise.all(
      obligors.map(async (obligor, lane) => {
        const mine: Answer[] = [];
        for (let index = lane; index < RECEIVABLES; index += OBLIGORS) {
          mine.push(await issue(obligor, ids[index] ?? '', index));
        }
        return mine;
      }),
    )
  ).flat();
  issueSeconds = (Date.now() - started) / 1000;
  const failed = answers.filter((answer) => answer.status !== 201);
  expect(failed.map((answer) => [answer.status, answer.body.code])).toEqual([]);
});

test(`stop and start keep all ${RECEIVABLES} receivables with identical values and histories`, async () => {
  before = await snapshot();
  expect(before.size).toBe(2 * RECEIVABLES);
  heightsBefore = parseHeights(await networkOk(['status']));

  const stopped = Date.now();
  await networkOk(['stop']);
  await networkOk(['start']);
  const restartSeconds = (Date.now() - stopped) / 1000;

  expect(parseHeights(await networkOk(['status']))).toEqual(heightsBefore);
  auditor = await adminToken('auditor');
  const after = await snapshot();
  const differing = [...before].filter(([key, value]) => after.get(key) !== value).map(([key]) => key);
  expect({ size: after.size, differing: differing.slice(0, 10) }).toEqual({
    size: before.size,
    differing: [],
  });
  recordFigures(7, {
    tried: RECEIVABLES,
    committed: RECEIVABLES,
    lost: differing.filter((key) => !key.endsWith('/history')).length,
    note: `${RECEIVABLES} receivables issued through REST (${Math.round(RECEIVABLES / issueSeconds)} tx/s, ${OBLIGORS} obligors issuing at once) ${fullMode ? '' : '(light mode; 10,000 with SCF_RELIABILITY=full) '}then \`stop\` / \`start\` (${Math.round(restartSeconds)} s): all read back through the gateway with identical values and histories, every peer at its height before (${[...heightsBefore.values()].join(', ')}).`,
  });
});
