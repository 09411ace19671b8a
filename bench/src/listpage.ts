import type { Contract } from 'fabric-network';
import type { Context } from './context';
import { evaluate } from './fabric';
import { READ_WORKERS, type Seeder } from './growth';
import type { Outcome } from './load';
import { closedOver, pick } from './measure';

/** A page of the list: QueryReceivables' (and the REST list's) largest. */
const PAGE_SIZE = 100;

/** One list read: whose page, with which filter, through whose SDK contract and REST token. */
interface ListCase {
  readonly name: string;
  readonly contract: Contract;
  readonly token: string;
  readonly holderId?: string;
}

/**
 * List pages: the first page of 100 receivables at `settings.listSize` receivables held by `sup1`,
 * for a supplier (what it holds; everything it may see, which is all of them for `sup1` and few of
 * them for `sup2`) and for an auditor (everything; what `sup1` holds), through the SDK and REST. The
 * visibility index (`rcv~party`) changes what "everything it may see" reads; run against the
 * chaincode before and after it to compare.
 */
export async function listPages(context: Context, seeder: Seeder): Promise<void> {
  const { settings, bench, rest, contracts, tokens, actors, auditor } = context;
  await seeder.growTo(settings.listSize);
  const at = `${String(seeder.parts.length)} receivables`;
  const cases: readonly ListCase[] = [
    { name: 'supplier, held', contract: contracts.sup1, token: tokens.sup1, holderId: actors.sup1 },
    { name: 'supplier, all visible (sees all)', contract: contracts.sup1, token: tokens.sup1 },
    { name: 'other supplier, all visible (sees few)', contract: contracts.sup2, token: tokens.sup2 },
    { name: 'auditor, all', contract: auditor.contract, token: auditor.token },
    { name: 'auditor, held by the supplier', ...auditor, holderId: actors.sup1 },
  ];
  const times = pick([actors.sup1], Math.min(settings.reads, 100));
  for (const { name, contract, token, holderId } of cases) {
    const query: Record<string, string> = holderId === undefined ? {} : { holderId };
    const sdk = (): Promise<Outcome> =>
      evaluate(contract, 'QueryReceivables', [JSON.stringify({ ...query, pageSize: PAGE_SIZE })]);
    const search = new URLSearchParams({ ...query, limit: String(PAGE_SIZE) });
    const viaRest = (): Promise<Outcome> =>
      rest.outcome('GET', `/receivables?${search.toString()}`, token, 200);
    const label = `list page of ${String(PAGE_SIZE)}, ${name}`;
    await closedOver(bench, 'listpage', `${label}, SDK, ${at}`, 'read', times, READ_WORKERS, sdk);
    await closedOver(bench, 'listpage', `${label}, REST, ${at}`, 'read', times, READ_WORKERS, viaRest);
  }
  context.notes.push(
    `list pages: the first page of ${String(PAGE_SIZE)} at ${at} held by one supplier, closed loop at ${String(READ_WORKERS)} workers; "all visible" = no holder or obligor filter (the caller's own party entries since the visibility index); the auditor reads as a viewer of AuditorMSP`,
  );
}
