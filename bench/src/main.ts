import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Contract } from 'fabric-network';
import { CEILING, deployCeiling } from './ceiling';
import { enrollUser, type EnrolledUser, orgAdmin } from './cli';
import { cpuBetween, type GroupPids, readCpu, resolveGroups } from './cpu';
import { endorsementPlan, evaluate, FabricConnections, submit } from './fabric';
import { closedLoop, type Measured, type Outcome, openLoop, summarize } from './load';
import { type RestClient as RestClientType, RestClient } from './rest';
import { type Leg, runResult, type RunResult, writeReport } from './report';
import { benchDir, loadSettings, orgRow, type Settings, USAGE } from './settings';

const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

// On chain amounts are integer minor units; the REST API takes decimal strings (EUR: 2 digits).
const AMOUNT = { chain: '10000', rest: '100.00' };
const SPLIT = { chain: ['6000', '4000'], rest: ['60.00', '40.00'] };
const PARTIAL = { chain: '1000', rest: '10.00' };
const CURRENCY = 'EUR';

interface Actors {
  readonly core: string;
  readonly sup1: string;
  readonly sup2: string;
  readonly bank: string;
}

/** A participant registration may lose a race with anyone else's in the same org: retry those. */
async function register(rest: RestClientType, admin: string, id: string, kind: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await rest.call('POST', '/participants', admin, { id, name: `${id} (bench)`, kind });
    if (answer.status === 201) return;
    const code = answer.body.validationCode;
    if ((code !== 'MVCC_READ_CONFLICT' && code !== 'ENDORSEMENT_POLICY_FAILURE') || attempt === 5) {
      throw new Error(`register ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  }
}

class Bench {
  readonly runs: RunResult[] = [];
  private groups: GroupPids | undefined;

  constructor(private readonly settings: Settings) {}

  async resolveGroups(): Promise<void> {
    this.groups = await resolveGroups(this.settings);
    log(
      `CPU groups: ${Object.entries(this.groups)
        .map(([group, pids]) => `${group} ${String(pids.length)} pids`)
        .join(', ')}`,
    );
  }

  /** Runs one measurement with CPU readings around it, records and logs it. */
  async measure(
    leg: Leg,
    operation: string,
    kind: 'write' | 'read',
    mode: 'closed' | 'open',
    level: number,
    run: () => Promise<Measured>,
  ): Promise<Measured> {
    if (this.groups === undefined) throw new Error('CPU groups not resolved');
    const before = readCpu(this.groups);
    const measured = await run();
    const after = readCpu(this.groups);
    const stats = summarize(measured);
    const result = runResult({ leg, operation, kind, mode, level, stats }, cpuBetween(before, after));
    this.runs.push(result);
    log(
      `${leg} ${operation} ${mode} ${String(level)}: ${String(stats.ok)}/${String(stats.count)} ok, ` +
        `${stats.throughput.toFixed(1)}/s, p50 ${stats.p50Ms.toFixed(0)} p99 ${stats.p99Ms.toFixed(0)} ms, ` +
        `${String(stats.conflicts)} conflicts, ${String(stats.errors)} errors` +
        (stats.errors + stats.conflicts > 0 ? ` ${JSON.stringify(stats.failures)}` : ''),
    );
    return measured;
  }
}

/** Ids whose operation succeeded, in order. */
function succeeded(ids: readonly string[], measured: Measured, order: readonly number[]): string[] {
  const ok: string[] = [];
  measured.samples.forEach((sample, position) => {
    const index = order[position];
    const id = index === undefined ? undefined : ids[index];
    if (sample.outcome.kind === 'ok' && id !== undefined) ok.push(id);
  });
  return ok;
}

/**
 * Runs `operation` over `ids` in a closed loop and answers the ids it succeeded for (the samples
 * come back in completion order, so the index of each is tracked).
 */
async function closedOver(
  bench: Bench,
  leg: Leg,
  name: string,
  kind: 'write' | 'read',
  ids: readonly string[],
  concurrency: number,
  operation: (id: string, worker: number) => Promise<Outcome>,
): Promise<string[]> {
  const order: number[] = [];
  const measured = await bench.measure(leg, name, kind, 'closed', concurrency, () =>
    closedLoop(ids.length, concurrency, async (index, worker) => {
      const outcome = await operation(ids[index] ?? '', worker);
      order.push(index);
      return outcome;
    }),
  );
  return succeeded(ids, measured, order);
}

function dueDate(): string {
  return new Date(Date.now() + 90 * 86_400_000).toISOString().slice(0, 10);
}

interface LegIds {
  /** Every receivable id the leg created (roots and parts) that a read may ask for. */
  readonly readable: string[];
  /** Parts left ACTIVE with SUP2 (the `.2` of each split), for the open-loop transfers. */
  readonly spare: string[];
  /** `.1.1` parts (provenance three hops deep). */
  readonly deep: string[];
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const settings = loadSettings(args);
  const started = Date.now();
  const loadBefore = loadavg();
  const notes: string[] = [];
  log(
    `${settings.quick ? 'quick' : 'full'} run against ${settings.state} (gateway ${settings.gatewayUrl}); load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')}`,
  );
  const bench = new Bench(settings);
  const { concurrency, writes, reads } = settings;
  const suffix = Date.now().toString(36).toUpperCase();
  const actors: Actors = {
    core: `BCORE${suffix}`,
    sup1: `BSUPA${suffix}`,
    sup2: `BSUPB${suffix}`,
    bank: `BBANK${suffix}`,
  };
  const orgOf: Readonly<Record<keyof Actors, string>> = {
    core: 'enterprise',
    sup1: 'enterprise',
    sup2: 'enterprise',
    bank: 'banka',
  };

  log(`deploying ${CEILING} (skipped when instantiated)`);
  await deployCeiling(settings, log);

  // Participants (through REST, as the org admins), then each gets a REST user (the gateway enrols it
  // at the org's CA) and an SDK user (enrolled here at the same CA with the same attributes).
  const rest = new RestClient(settings.gatewayUrl, concurrency * 4);
  const adminEnterprise = await rest.login('admin@enterprise', settings.adminPassword);
  const adminBank = await rest.login('admin@banka', settings.adminPassword);
  const adminOf = (org: string): string => (org === 'banka' ? adminBank : adminEnterprise);
  const tokens = {} as Record<keyof Actors, string>;
  const sdkUsers = {} as Record<keyof Actors, EnrolledUser>;
  const home = join(benchDir, 'dist', 'users', suffix);
  mkdirSync(home, { recursive: true });
  for (const role of Object.keys(actors) as (keyof Actors)[]) {
    const org = orgOf[role];
    const id = actors[role];
    await register(rest, adminOf(org), id, org === 'banka' ? 'BANK' : 'ENTERPRISE');
    const username = `${id.toLowerCase()}@${org}`;
    const password = `bench-${suffix}-pw`;
    await rest.ok('POST', `/participants/${id}/users`, adminOf(org), 201, {
      username,
      password,
      role: 'operator',
    });
    tokens[role] = await rest.login(username, password);
    sdkUsers[role] = await enrollUser(settings, org, `${id.toLowerCase()}-sdk`, id, home);
  }
  log(`participants ${Object.values(actors).join(', ')} registered; REST and SDK users enrolled`);

  const fabric = new FabricConnections(settings);
  const contracts = {} as Record<keyof Actors, Contract>;
  for (const role of Object.keys(actors) as (keyof Actors)[]) {
    contracts[role] = await fabric.contract(sdkUsers[role], 'receivables');
  }
  const ceiling = await fabric.contract(orgAdmin(settings, 'enterprise'), CEILING);

  // One credit line per worker: issuance reads and writes its line, so one line takes ~one issuance per block.
  const lines: string[] = [];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      const outcome = await submit(contracts.bank, [orgRow(settings, 'banka').mspId], 'GrantCreditLine', [
        '',
        actors.core,
        CURRENCY,
        '100000000000',
      ]);
      if (outcome.kind !== 'ok' || outcome.result === undefined) {
        throw new Error(`GrantCreditLine: ${JSON.stringify(outcome)}`);
      }
      lines.push((JSON.parse(outcome.result) as { id: string }).id);
    }),
  );
  log(`${String(lines.length)} credit lines granted`);
  await bench.resolveGroups();

  // ---- 1. the ceiling: one putState per transaction, one endorsing org, same client stack
  const enterpriseMsp = orgRow(settings, 'enterprise').mspId;
  const keys = Array.from({ length: writes }, (_, index) => `bench-${suffix}-${String(index)}`);
  await closedOver(bench, 'ceiling', 'put (write)', 'write', keys, concurrency, (key) =>
    submit(ceiling, [enterpriseMsp], 'put', [key, '1']),
  );
  await closedOver(bench, 'ceiling', 'get (read)', 'read', pick(keys, reads), concurrency, (key) =>
    evaluate(ceiling, 'get', [key]),
  );

  // ---- 2. the SDK: each write endorsed by the orgs of the chaincode's plan, computed once per
  // operation type (the plans are constant here: issue = obligor's + line's bank's, the rest = holder's).
  const sdkIds = Array.from({ length: writes }, (_, index) => `BS${suffix}-${String(index)}`);
  const issueRequest = (id: string, worker: number, amount = AMOUNT.chain): string =>
    JSON.stringify({
      id,
      creditorId: actors.sup1,
      amount,
      currency: CURRENCY,
      dueDate: dueDate(),
      creditLineId: lines[worker % lines.length],
    });
  const plans = {
    issue: await endorsementPlan(contracts.core, 'IssueReceivable', [issueRequest(sdkIds[0] ?? '', 0)]),
  };
  notes.push(
    `SDK leg endorsement plans (GetEndorsementPlan, once per operation type): issue ${plans.issue.join('+')}`,
  );
  const issued = await closedOver(bench, 'sdk', 'issue', 'write', sdkIds, concurrency, (id, worker) =>
    submit(contracts.core, plans.issue, 'IssueReceivable', [issueRequest(id, worker)]),
  );
  const acceptPlan = await endorsementPlan(contracts.sup1, 'AcceptReceivable', [issued[0] ?? '']);
  const accepted = await closedOver(bench, 'sdk', 'accept', 'write', issued, concurrency, (id) =>
    submit(contracts.sup1, acceptPlan, 'AcceptReceivable', [id]),
  );
  const transferPlan = await endorsementPlan(contracts.sup1, 'TransferReceivable', [
    accepted[0] ?? '',
    actors.sup2,
    '',
  ]);
  const transferred = await closedOver(
    bench,
    'sdk',
    'transfer (whole)',
    'write',
    accepted,
    concurrency,
    (id) => submit(contracts.sup1, transferPlan, 'TransferReceivable', [id, actors.sup2, '']),
  );
  const splitArgs = JSON.stringify(SPLIT.chain);
  const splitPlan = await endorsementPlan(contracts.sup2, 'SplitReceivable', [
    transferred[0] ?? '',
    splitArgs,
  ]);
  const split = await closedOver(bench, 'sdk', 'split into 2', 'write', transferred, concurrency, (id) =>
    submit(contracts.sup2, splitPlan, 'SplitReceivable', [id, splitArgs]),
  );
  const firstParts = split.map((id) => `${id}.1`);
  const partialPlan = await endorsementPlan(contracts.sup2, 'TransferReceivable', [
    firstParts[0] ?? '',
    actors.sup1,
    PARTIAL.chain,
  ]);
  const partial = await closedOver(
    bench,
    'sdk',
    'transfer (partial)',
    'write',
    firstParts,
    concurrency,
    (id) => submit(contracts.sup2, partialPlan, 'TransferReceivable', [id, actors.sup1, PARTIAL.chain]),
  );
  notes.push(
    `SDK plans: accept ${acceptPlan.join('+')}, transfer ${transferPlan.join('+')}, split ${splitPlan.join('+')}, partial transfer ${partialPlan.join('+')}`,
  );
  const sdk: LegIds = {
    readable: [
      ...issued,
      ...split.flatMap((id) => [`${id}.1`, `${id}.2`]),
      ...partial.flatMap((id) => [`${id}.1`, `${id}.2`]),
    ],
    spare: split.map((id) => `${id}.2`),
    deep: partial.map((id) => `${id}.1`),
  };
  await readsOf(bench, 'sdk', settings, sdk, actors, {
    byId: (id) => evaluate(contracts.sup2, 'GetReceivable', [id]),
    list: () =>
      evaluate(contracts.sup2, 'QueryReceivables', [JSON.stringify({ holderId: actors.sup2, pageSize: 20 })]),
    provenance: (id) => evaluate(contracts.sup2, 'GetProvenance', [id]),
  });

  // ---- 3. REST: the same operations through the gateway (which plans every write itself)
  const restIds = Array.from({ length: writes }, (_, index) => `BR${suffix}-${String(index)}`);
  const rIssued = await closedOver(bench, 'rest', 'issue', 'write', restIds, concurrency, (id, worker) =>
    rest.outcome(
      'POST',
      '/receivables',
      tokens.core,
      201,
      JSON.parse(issueRequest(id, worker, AMOUNT.rest)) as object,
    ),
  );
  const rAccepted = await closedOver(bench, 'rest', 'accept', 'write', rIssued, concurrency, (id) =>
    rest.outcome('POST', `/receivables/${id}/accept`, tokens.sup1, 200),
  );
  const rTransferred = await closedOver(
    bench,
    'rest',
    'transfer (whole)',
    'write',
    rAccepted,
    concurrency,
    (id) => rest.outcome('POST', `/receivables/${id}/transfer`, tokens.sup1, 200, { toId: actors.sup2 }),
  );
  const rSplit = await closedOver(bench, 'rest', 'split into 2', 'write', rTransferred, concurrency, (id) =>
    rest.outcome('POST', `/receivables/${id}/split`, tokens.sup2, 200, {
      parts: SPLIT.rest.map((amount) => ({ amount })),
    }),
  );
  const rPartial = await closedOver(
    bench,
    'rest',
    'transfer (partial)',
    'write',
    rSplit.map((id) => `${id}.1`),
    concurrency,
    (id) =>
      rest.outcome('POST', `/receivables/${id}/transfer`, tokens.sup2, 200, {
        toId: actors.sup1,
        amount: PARTIAL.rest,
      }),
  );
  const restLeg: LegIds = {
    readable: [
      ...rIssued,
      ...rSplit.flatMap((id) => [`${id}.1`, `${id}.2`]),
      ...rPartial.flatMap((id) => [`${id}.1`, `${id}.2`]),
    ],
    spare: rSplit.map((id) => `${id}.2`),
    deep: rPartial.map((id) => `${id}.1`),
  };
  const listPath = `/receivables?holderId=${actors.sup2}&limit=20`;
  await readsOf(bench, 'rest', settings, restLeg, actors, {
    byId: (id) => rest.outcome('GET', `/receivables/${id}`, tokens.sup2, 200),
    list: () => rest.outcome('GET', listPath, tokens.sup2, 200),
    provenance: (id) => rest.outcome('GET', `/receivables/${id}/provenance`, tokens.sup2, 200),
  });

  // ---- REST open loop: whole transfers at fixed offered rates, each spare part passed back and forth
  // between the two suppliers (a part is never sent again while its last transfer is in flight).
  interface Part {
    readonly id: string;
    holder: 'sup1' | 'sup2';
    busy: boolean;
  }
  const pool = [...sdk.spare, ...restLeg.spare].map((id): Part => ({ id, holder: 'sup2', busy: false }));
  let cursor = 0;
  for (const rate of settings.writeRates) {
    await bench.measure('rest', 'transfer (whole)', 'write', 'open', rate, () =>
      openLoop(rate, settings.openSeconds, async () => {
        for (let tried = 0; tried < pool.length; tried += 1) {
          const part = pool[cursor++ % pool.length];
          if (part === undefined || part.busy) continue;
          part.busy = true;
          const to = part.holder === 'sup1' ? 'sup2' : 'sup1';
          const outcome = await rest.outcome(
            'POST',
            `/receivables/${part.id}/transfer`,
            tokens[part.holder],
            200,
            {
              toId: actors[to],
            },
          );
          if (outcome.kind === 'ok') part.holder = to;
          part.busy = false;
          return outcome;
        }
        return { kind: 'error', detail: 'no idle receivable in the pool (raise --writes)' };
      }),
    );
  }
  const everything = [...sdk.readable, ...restLeg.readable];
  for (const rate of settings.readRates) {
    await bench.measure('rest', 'read by id', 'read', 'open', rate, () =>
      openLoop(rate, settings.openSeconds, (index) =>
        rest.outcome('GET', `/receivables/${everything[index % everything.length] ?? ''}`, tokens.sup2, 200),
      ),
    );
  }

  fabric.close();
  rest.close();
  const loadAfter = loadavg();
  notes.push(
    'REST gateway: every write is planned by the gateway itself (one GetEndorsementPlan evaluation per transaction, as in production); the SDK leg reuses one plan per operation type',
    `REST open loop: whole transfers of the split parts left with the suppliers, passed back and forth (${String(pool.length)} parts); reads by id over ${String(everything.length)} ids`,
  );
  await writeReport(
    settings,
    {
      startedAt: new Date(started).toISOString(),
      durationSeconds: (Date.now() - started) / 1000,
      loadBefore,
      loadAfter,
      notes,
    },
    bench.runs,
  );
  log(
    `done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${settings.markdownPath}, ${settings.jsonPath}`,
  );
}

/** `count` ids drawn round-robin from `ids`. */
function pick(ids: readonly string[], count: number): string[] {
  return Array.from({ length: ids.length === 0 ? 0 : count }, (_, index) => ids[index % ids.length] ?? '');
}

async function readsOf(
  bench: Bench,
  leg: Leg,
  settings: Settings,
  ids: LegIds,
  actors: Actors,
  calls: {
    byId: (id: string) => Promise<Outcome>;
    list: () => Promise<Outcome>;
    provenance: (id: string) => Promise<Outcome>;
  },
): Promise<void> {
  const { reads, concurrency } = settings;
  await closedOver(bench, leg, 'read by id', 'read', pick(ids.readable, reads), concurrency, calls.byId);
  await closedOver(
    bench,
    leg,
    `list by holder (20/page)`,
    'read',
    pick([actors.sup2], reads),
    concurrency,
    () => calls.list(),
  );
  await closedOver(bench, leg, 'provenance', 'read', pick(ids.deep, reads), concurrency, calls.provenance);
}

main().then(
  () => {
    process.exit(0);
  },
  (error: unknown) => {
    log(`failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
