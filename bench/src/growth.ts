import type { Contract } from 'fabric-network';
import { type Context, issueRequest } from './context';
import { endorsementPlan, evaluate, submit } from './fabric';
import { closedLoop, type Outcome } from './load';
import { closedOver, log, pick } from './measure';

/** Parts per split: SplitReceivable's maximum, so one seeding transaction creates 100 receivables. */
const PARTS = 100;
const PART_AMOUNT = '100';
const ROOT_AMOUNT = String(PARTS * Number(PART_AMOUNT));
/** Workers of the growth reads: few, so the latencies are the operation's, not a queue's. */
export const READ_WORKERS = 4;

/** A write retried while it loses races (another write to its keys in the same block). */
async function settled(write: () => Promise<Outcome>): Promise<Outcome> {
  for (let attempt = 1; ; attempt += 1) {
    const outcome = await write();
    if (outcome.kind !== 'conflict' || attempt === 5) return outcome;
  }
}

function required(outcome: Outcome, what: string): void {
  if (outcome.kind !== 'ok') throw new Error(`${what}: ${outcome.detail}`);
}

function thousands(size: number): string {
  return size >= 1000 ? `${String(size / 1000)}k` : String(size);
}

interface Plans {
  readonly accept: readonly string[];
  readonly split: readonly string[];
}

/** Issued to `sup1` and accepted by it: an ACTIVE receivable `sup1` may split. */
async function activeRoot(context: Context, id: string, worker: number, plans?: Plans): Promise<Plans> {
  const { contracts } = context;
  required(
    await settled(() =>
      submit(contracts.core, context.issuePlan, 'IssueReceivable', [
        issueRequest(context, id, ROOT_AMOUNT, worker),
      ]),
    ),
    `issue ${id}`,
  );
  const accept = plans?.accept ?? (await endorsementPlan(contracts.sup1, 'AcceptReceivable', [id]));
  required(await settled(() => submit(contracts.sup1, accept, 'AcceptReceivable', [id])), `accept ${id}`);
  return (
    plans ?? { accept, split: await splitPlan(contracts.sup1, id, ['1', String(Number(ROOT_AMOUNT) - 1)]) }
  );
}

function splitPlan(contract: Contract, id: string, amounts: readonly string[]): Promise<string[]> {
  return endorsementPlan(contract, 'SplitReceivable', [id, JSON.stringify(amounts)]);
}

/** Receivables held by `sup1`, created 100 per SplitReceivable; grows to each size asked for. */
export class Seeder {
  readonly parts: string[] = [];
  private roots = 0;
  private seconds = 0;
  private transactions = 0;

  private constructor(
    private readonly context: Context,
    /** The endorsing orgs of an accept and a split by `sup1`, as GetEndorsementPlan says. */
    readonly plans: Plans,
  ) {}

  /** A seeder with nothing seeded yet (one receivable issued and accepted to plan the writes). */
  static async start(context: Context): Promise<Seeder> {
    return new Seeder(context, await activeRoot(context, `G${context.suffix}-plan`, 0));
  }

  async growTo(size: number): Promise<void> {
    const { context, plans } = this;
    const roots = Math.ceil((size - this.parts.length) / PARTS);
    if (roots <= 0) return;
    const first = this.roots;
    this.roots += roots;
    const amounts = JSON.stringify(Array.from({ length: PARTS }, () => PART_AMOUNT));
    const started = performance.now();
    const measured = await closedLoop(roots, context.settings.concurrency, async (index, worker) => {
      const id = `G${context.suffix}-${String(first + index)}`;
      try {
        await activeRoot(context, id, worker, plans);
      } catch (error) {
        return { kind: 'error', detail: error instanceof Error ? error.message : String(error) };
      }
      const split = await settled(() =>
        submit(context.contracts.sup1, plans.split, 'SplitReceivable', [id, amounts]),
      );
      if (split.kind === 'ok') {
        for (let part = 1; part <= PARTS; part += 1) this.parts.push(`${id}.${String(part)}`);
        if (this.parts.length % (PARTS * 50) === 0) {
          log(
            `seeding: ${String(this.parts.length)} receivables after ${((performance.now() - started) / 1000).toFixed(0)} s`,
          );
        }
      }
      return split;
    });
    const seconds = (performance.now() - started) / 1000;
    this.seconds += seconds;
    this.transactions += roots * 3;
    const failed = measured.samples.filter((sample) => sample.outcome.kind !== 'ok').length;
    log(
      `seeded ${String(roots * PARTS)} receivables in ${seconds.toFixed(0)} s ` +
        `(${((roots * PARTS) / seconds).toFixed(0)}/s, ${((roots * 3) / seconds).toFixed(1)} tx/s)` +
        (failed > 0 ? `, ${String(failed)} roots failed` : ''),
    );
  }

  summary(): string {
    return (
      `growth seeding: ${String(this.parts.length)} receivables held by one supplier, made ${String(PARTS)} per ` +
      `transaction (issue, accept, SplitReceivable into ${String(PARTS)} parts: 3 transactions per ${String(PARTS)}), ` +
      `${String(this.transactions)} transactions in ${this.seconds.toFixed(0)} s ` +
      `(${(this.parts.length / Math.max(this.seconds, 1)).toFixed(0)} receivables/s, ` +
      `${(this.transactions / Math.max(this.seconds, 1)).toFixed(1)} tx/s, ${String(this.context.settings.concurrency)} workers)`
    );
  }
}

/** `count` ids spread over the whole of `ids` (not only the newest). */
function spread(ids: readonly string[], count: number): string[] {
  const stride = 7919; // a prime: walks every id of a list whose length it does not divide
  return Array.from(
    { length: Math.min(count, ids.length) },
    (_, index) => ids[(index * stride) % ids.length] ?? '',
  );
}

/**
 * A lineage of its own per depth: a root split d − 1 times (into its amount − 1 and 1, going on with
 * the first part), so the leaf at depth d has d − 1 ancestors. Provenance reads the ancestors and
 * the root's whole tree (here 2d − 1 receivables): both grow with d. One chain shared by all depths
 * would make every depth read the same 32-deep tree. The lineages are built side by side.
 */
async function lineages(context: Context, plans: Plans): Promise<Map<number, string>> {
  const { contracts } = context;
  const leaves = await Promise.all(
    context.settings.provenanceDepths.map(async (depth, index): Promise<[number, string]> => {
      const root = `D${context.suffix}-${String(depth)}`;
      await activeRoot(context, root, index, plans);
      let current = root;
      let amount = Number(ROOT_AMOUNT);
      for (let level = 2; level <= depth; level += 1) {
        const id = current;
        const parts = JSON.stringify([String(amount - 1), '1']);
        required(
          await settled(() => submit(contracts.sup1, plans.split, 'SplitReceivable', [id, parts])),
          `split ${id}`,
        );
        current = `${current}.1`;
        amount -= 1;
      }
      return [depth, current];
    }),
  );
  return new Map(leaves);
}

/**
 * Growth: read by id and list by holder (20 a page) as the ledger grows to each of
 * `settings.growthSizes` receivables (flat: composite keys, pagination), and provenance at each of
 * `settings.provenanceDepths` (linear in the depth), on the receivables `seeder` grows (held by `sup1`).
 */
export async function growth(context: Context, seeder: Seeder): Promise<void> {
  const { settings, bench, rest, tokens, contracts, actors } = context;
  // The chains of splits are latency-bound: they run while the seeding keeps the network busy.
  const [chain] = await Promise.all([
    lineages(context, seeder.plans),
    seeder.growTo(settings.growthSizes[0] ?? 0),
  ]);
  const reads = settings.reads;
  for (const size of settings.growthSizes) {
    await seeder.growTo(size);
    const ids = spread(seeder.parts, reads);
    const at = `${thousands(seeder.parts.length)} receivables`;
    await closedOver(bench, 'growth', `read by id, SDK, ${at}`, 'read', ids, READ_WORKERS, (id) =>
      evaluate(contracts.sup1, 'GetReceivable', [id]),
    );
    await closedOver(bench, 'growth', `read by id, REST, ${at}`, 'read', ids, READ_WORKERS, (id) =>
      rest.outcome('GET', `/receivables/${id}`, tokens.sup1, 200),
    );
    const holder = pick([actors.sup1], Math.min(reads, 100));
    await closedOver(
      bench,
      'growth',
      `list by holder (20/page), SDK, ${at}`,
      'read',
      holder,
      READ_WORKERS,
      () =>
        evaluate(contracts.sup1, 'QueryReceivables', [
          JSON.stringify({ holderId: actors.sup1, pageSize: 20 }),
        ]),
    );
    await closedOver(
      bench,
      'growth',
      `list by holder (20/page), REST, ${at}`,
      'read',
      holder,
      READ_WORKERS,
      () => rest.outcome('GET', `/receivables?holderId=${actors.sup1}&limit=20`, tokens.sup1, 200),
    );
  }
  for (const depth of settings.provenanceDepths) {
    const id = chain.get(depth) ?? '';
    const times = pick([id], Math.min(reads, 100));
    await closedOver(
      bench,
      'growth',
      `provenance, SDK, depth ${String(depth)}`,
      'read',
      times,
      READ_WORKERS,
      () => evaluate(contracts.sup1, 'GetProvenance', [id]),
    );
    await closedOver(
      bench,
      'growth',
      `provenance, REST, depth ${String(depth)}`,
      'read',
      times,
      READ_WORKERS,
      () => rest.outcome('GET', `/receivables/${id}/provenance`, tokens.sup1, 200),
    );
  }
  context.notes.push(
    `growth reads: closed loop at ${String(READ_WORKERS)} workers (latency of the operation, not of a queue); read by id over ids spread across every seeded receivable; list by holder = the first page (20) of the supplier holding them all; provenance of the leaf of a lineage of its own per depth d (a root split d − 1 times: d − 1 ancestors, no parts of its own)`,
  );
}
