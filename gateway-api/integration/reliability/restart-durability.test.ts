import { networkOk, parseHeights } from '../../../scripts/test/support/network';
import {
  type Actor,
  type Json,
  adminToken,
  dueDateIn,
  get,
  ok,
  onboard,
  post,
  runSuffix,
} from '../support/rest';
import { fullMode, recordFigures } from './support/figures';
import { committedWrite } from './support/faults';

/**
 * Reliability case 7, restart durability: with 10,000 receivables on the ledger, `./test-network.sh
 * stop` then `start`: every receivable reads back afterwards with identical values, its history
 * too, and every peer has the same height as before. The receivables are seeded as the benchmark's
 * growth does, 100 per transaction: each obligor issues a root, its creditor accepts it and splits it
 * into 100 parts (3 transactions per 100 receivables). Values are compared for all of them (roots and
 * parts, through the auditor's paged lists); histories for all of them with SCF_RELIABILITY=full,
 * else for every root and one part of each (what CI can afford: one history read per receivable is
 * 10,100 more requests before and after).
 */

jest.setTimeout(3_600_000);

const run = runSuffix();
const RECEIVABLES = 10_000;
/** SplitReceivable's maximum: one seeding transaction creates this many receivables. */
const PARTS = 100;
const ROOTS = RECEIVABLES / PARTS;
/**
 * Obligors seeding at once, one transaction each in flight: an issuance updates its obligor's credit
 * line, so concurrent issuances of one obligor would mostly be MVCC conflicts.
 */
const OBLIGORS = 4;
/** Reads in flight at once. */
const CONCURRENCY = 16;

const obligors: Actor[] = [];
let creditor: Actor;
let auditor = '';
const roots: string[] = [];

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

/** The receivables whose histories are compared: all of them in the full mode, else each root and one part of it. */
function historyKeys(): string[] {
  return roots.flatMap((root, index) =>
    fullMode
      ? [root, ...Array.from({ length: PARTS }, (_, part) => `${root}.${part + 1}`)]
      : [root, `${root}.${(index % PARTS) + 1}`],
  );
}

/** Every receivable of `obligor`, page by page (100 a page), as the auditor lists them. */
async function listed(obligor: Actor): Promise<Json[]> {
  const items: Json[] = [];
  let cursor: string | undefined;
  do {
    const after = cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`;
    const page = ok(
      await get(auditor, `/receivables?obligorId=${obligor.participantId}&limit=100${after}`),
      200,
    );
    items.push(...(page.items ?? []));
    cursor = typeof page.nextCursor === 'string' ? page.nextCursor : undefined;
  } while (cursor !== undefined);
  return items;
}

/** Every receivable's value, and the sampled histories, as the auditor reads them through the gateway. */
async function snapshot(): Promise<Map<string, string>> {
  const items = (await Promise.all(obligors.map(listed))).flat();
  const keys = historyKeys();
  const histories = await pooled(keys, async (id) =>
    ok(await get(auditor, `/receivables/${id}/history`), 200),
  );
  const state = new Map<string, string>();
  for (const item of items) state.set(String(item.id), JSON.stringify(item));
  keys.forEach((id, index) => state.set(`${id}/history`, JSON.stringify(histories[index])));
  return state;
}

let before = new Map<string, string>();
let heightsBefore = new Map<string, number>();
let seedSeconds = 0;

/** Part `part` of root `index`, in cents: amounts differ from part to part. */
const partCents = (index: number, part: number): bigint => BigInt(100 + ((index * PARTS + part) % 9_973));
const decimal = (cents: bigint): string => `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;

/**
 * Root `index` of `obligor`: issued, accepted by the creditor, split into `PARTS` parts. Each write
 * carries an Idempotency-Key and is asked again with it after a 503 (a 100-part split can outlast the
 * request deadline on a loaded machine), never submitted twice.
 */
async function seedRoot(obligor: Actor, index: number): Promise<void> {
  const id = roots[index] ?? '';
  const parts = Array.from({ length: PARTS }, (_, part) => partCents(index, part));
  const total = parts.reduce((sum, cents) => sum + cents, 0n);
  const key = (step: string): string => `dur-${run}-${index}-${step}`;
  const issue = {
    id,
    creditorId: creditor.participantId,
    amount: decimal(total),
    currency: 'EUR',
    dueDate: dueDateIn(),
  };
  await committedWrite(obligor.token, '/receivables', issue, key('issue'));
  await committedWrite(creditor.token, `/receivables/${id}/accept`, {}, key('accept'));
  const split = { parts: parts.map((cents) => ({ amount: decimal(cents) })) };
  await committedWrite(creditor.token, `/receivables/${id}/split`, split, key('split'));
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
  for (let index = 0; index < ROOTS; index += 1) roots.push(`DUR${run}-${index}`);
  const started = Date.now();
  await Promise.all(
    obligors.map(async (obligor, lane) => {
      for (let index = lane; index < ROOTS; index += OBLIGORS) await seedRoot(obligor, index);
    }),
  );
  seedSeconds = (Date.now() - started) / 1000;
});

test(`stop and start keep all ${RECEIVABLES} receivables with identical values and histories`, async () => {
  const snapshotStarted = Date.now();
  before = await snapshot();
  const snapshotSeconds = (Date.now() - snapshotStarted) / 1000;
  const histories = historyKeys().length;
  expect(before.size).toBe(RECEIVABLES + ROOTS + histories);
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
    tried: 3 * ROOTS,
    committed: 3 * ROOTS,
    lost: differing.filter((key) => !key.endsWith('/history')).length,
    note: `${RECEIVABLES} receivables seeded through REST, ${PARTS} per transaction (${ROOTS} roots issued, accepted and split by ${OBLIGORS} obligors at once: ${3 * ROOTS} transactions in ${Math.round(seedSeconds)} s), then \`stop\` / \`start\` (${Math.round(restartSeconds)} s): all ${RECEIVABLES + ROOTS} (parts and roots) read back through the auditor's paged lists with identical values, and ${histories} histories identical (${fullMode ? 'every receivable' : 'every root and one part of each; every receivable with SCF_RELIABILITY=full'}; one snapshot took ${Math.round(snapshotSeconds)} s); every peer at its height before (${[...heightsBefore.values()].join(', ')}).`,
  });
});
