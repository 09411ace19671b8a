import { mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Contract } from 'fabric-network';
import { backPressure, type BackPressureResult } from './backpressure';
import { CEILING, deployCeiling } from './ceiling';
import { enrollUser, type EnrolledUser, orgAdmin } from './cli';
import { type Actors, type Context, CURRENCY, issueRequest, type Role } from './context';
import { endorsementPlan, evaluate, FabricConnections, submit } from './fabric';
import { growth, Seeder } from './growth';
import { listPages } from './listpage';
import { openLoop, type Outcome } from './load';
import { Bench, closedOver, log, pick } from './measure';
import { acquireNetwork, releaseNetwork } from './network';
import { TransferPool } from './pool';
import { RestClient } from './rest';
import { writeReport } from './report';
import { benchDir, loadSettings, option, orgRow, type Settings, USAGE } from './settings';
import { soak, type SoakResult } from './soak';

// On chain amounts are integer minor units; the REST API takes decimal strings (EUR: 2 digits).
const AMOUNT = { chain: '10000', rest: '100.00' };
const SPLIT = { chain: ['6000', '4000'], rest: ['60.00', '40.00'] };
const PARTIAL = { chain: '1000', rest: '10.00' };

/** A participant registration may lose a race with anyone else's in the same org: retry those. */
async function register(rest: RestClient, admin: string, id: string, kind: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    const answer = await rest.call('POST', '/participants', admin, { id, name: `${id} (bench)`, kind });
    if (answer.status === 201) return;
    const code = answer.body.validationCode;
    if ((code !== 'MVCC_READ_CONFLICT' && code !== 'ENDORSEMENT_POLICY_FAILURE') || attempt === 5) {
      throw new Error(`register ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  }
}

interface LegIds {
  /** Every receivable id the leg created (roots and parts) that a read may ask for. */
  readonly readable: string[];
  /** Parts left ACTIVE with SUP2 (the `.2` of each split), for the open-loop transfers. */
  readonly spare: string[];
  /** `.1.1` parts (provenance three hops deep). */
  readonly deep: string[];
}

/** Participants, their REST and SDK users, credit lines: what every phase uses. */
async function setUp(
  settings: Settings,
  bench: Bench,
  notes: string[],
): Promise<Context & { ceiling: Contract; fabric: FabricConnections }> {
  const { concurrency } = settings;
  const suffix = Date.now().toString(36).toUpperCase();
  const actors: Actors = {
    core: `BCORE${suffix}`,
    sup1: `BSUPA${suffix}`,
    sup2: `BSUPB${suffix}`,
    bank: `BBANK${suffix}`,
  };
  const orgOf: Readonly<Record<Role, string>> = {
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
  const tokens = {} as Record<Role, string>;
  const sdkUsers = {} as Record<Role, EnrolledUser>;
  const home = join(benchDir, 'dist', 'users', suffix);
  mkdirSync(home, { recursive: true });
  for (const role of Object.keys(actors) as Role[]) {
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
    sdkUsers[role] = await enrollUser(settings, {
      org,
      name: `${id.toLowerCase()}-sdk`,
      home,
      participant: id,
    });
  }
  log(`participants ${Object.values(actors).join(', ')} registered; REST and SDK users enrolled`);

  const fabric = new FabricConnections(settings);
  const contracts = {} as Record<Role, Contract>;
  for (const role of Object.keys(actors) as Role[]) {
    contracts[role] = await fabric.contract(sdkUsers[role], 'receivables');
  }
  const ceiling = await fabric.contract(orgAdmin(settings, 'enterprise'), CEILING);
  const auditor = {
    contract: await fabric.contract(
      await enrollUser(settings, { org: 'auditor', name: `bench-auditor-${suffix.toLowerCase()}`, home }),
      'receivables',
    ),
    token: await rest.login('admin@auditor', settings.adminPassword),
  };

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
  const issuePlan = await endorsementPlan(contracts.core, 'IssueReceivable', [
    JSON.stringify({
      id: `PLAN${suffix}`,
      creditorId: actors.sup1,
      amount: AMOUNT.chain,
      currency: CURRENCY,
      dueDate: '2099-01-01',
      creditLineId: lines[0],
    }),
  ]);
  return {
    settings,
    bench,
    rest,
    actors,
    tokens,
    contracts,
    auditor,
    lines,
    suffix,
    issuePlan,
    notes,
    ceiling,
    fabric,
  };
}

/** Reads by id over these ids, and the parts left with `sup2` for the open-loop transfers. */
interface LegsResult {
  readonly readable: readonly string[];
  readonly spare: readonly string[];
}

/** The ceiling, SDK and REST legs side by side, then the REST open loop. */
async function legs(context: Context, ceiling: Contract): Promise<LegsResult> {
  const { settings, bench, rest, actors, tokens, contracts, suffix, notes } = context;
  const { concurrency, writes, reads } = settings;

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
  const plans = { issue: context.issuePlan };
  notes.push(
    `SDK leg endorsement plans (GetEndorsementPlan, once per operation type): issue ${plans.issue.join('+')}`,
  );
  const issued = await closedOver(bench, 'sdk', 'issue', 'write', sdkIds, concurrency, (id, worker) =>
    submit(contracts.core, plans.issue, 'IssueReceivable', [issueRequest(context, id, AMOUNT.chain, worker)]),
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
  await readsOf(context, 'sdk', sdk, {
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
      JSON.parse(issueRequest(context, id, AMOUNT.rest, worker)) as object,
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
  await readsOf(context, 'rest', restLeg, {
    byId: (id) => rest.outcome('GET', `/receivables/${id}`, tokens.sup2, 200),
    list: () => rest.outcome('GET', listPath, tokens.sup2, 200),
    provenance: (id) => rest.outcome('GET', `/receivables/${id}/provenance`, tokens.sup2, 200),
  });

  // ---- REST open loop: whole transfers at fixed offered rates, each spare part passed back and forth
  // between the two suppliers; reads by id.
  const spare = [...sdk.spare, ...restLeg.spare];
  const pool = new TransferPool(context, { sup1: [], sup2: spare });
  for (const rate of settings.writeRates) {
    await bench.measure('rest', 'transfer (whole)', 'write', 'open', rate, () =>
      openLoop(rate, settings.openSeconds, () => pool.transfer()),
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
  notes.push(
    'REST gateway: every write is planned by the gateway itself (one GetEndorsementPlan evaluation per transaction, as in production); the SDK leg reuses one plan per operation type',
    `REST open loop: whole transfers of the split parts left with the suppliers, passed back and forth (${String(pool.size)} parts); reads by id over ${String(everything.length)} ids`,
  );
  return { readable: everything, spare };
}

function backPressureSection(result: BackPressureResult): string[] {
  const failures = Object.entries(result.otherFailures).map(([detail, n]) => `${String(n)}× ${detail}`);
  return [
    `Offered ${String(result.offeredPerSecond)} whole transfers/s through REST for ${String(result.seconds)} s: twice the peak of ${result.peakPerSecond.toFixed(1)} committed/s measured just before (closed loop). Admission limit: the gateway's SCF_MAX_INFLIGHT_WRITES.`,
    '',
    '| measure | value | target |',
    '| --- | --- | --- |',
    `| committed (VALID) transfers/s at 2× offered | ${result.committedPerSecond.toFixed(1)} (${(result.ofPeak * 100).toFixed(0)} % of the peak) | within 10 % of the peak |`,
    `| acknowledged (2xx) | ${String(result.answered2xx)} | |`,
    `| refused 503 OVERLOADED (with Retry-After) | ${String(result.refused)} (${String(result.refusedWithRetryAfter)}) | the excess, with Retry-After |`,
    `| other failures | ${failures.length === 0 ? 'none' : failures.join('; ')} | |`,
    `| p99 latency to commit of the acknowledged | ${result.p99OkMs.toFixed(0)} ms | |`,
    `| slowest answer of any kind | ${result.maxAnswerMs.toFixed(0)} ms | ≤ the deadline, ${String(result.deadlineMs)} ms |`,
    `| answers past the deadline | ${String(result.pastDeadline)} | 0 |`,
    `| acknowledged but not committed VALID (GET /transactions/{txId}) | ${String(result.lost)} | 0 |`,
  ];
}

function soakSection(result: SoakResult): string[] {
  const verdict = result.slopeSecondHalfMiBPerMinute;
  return [
    `Gateway pid ${String(result.gatewayPid)}, RSS (VmRSS from /proc) every ${String(result.sampleSeconds)} s under ${String(result.offeredWrites)} whole transfers/s and ${String(result.offeredReads)} reads by id/s offered through REST for ${String(result.minutes.length)} min: start ${result.startMiB.toFixed(0)} MiB, end ${result.endMiB.toFixed(0)} MiB, max ${result.maxMiB.toFixed(0)} MiB (target ≤ 256 MB after 10 minutes); slope over the second half ${verdict.toFixed(2)} MiB/min (flat: about 0).`,
    '',
    '| minute | writes ok/s | reads ok/s | write p99 ms | read p99 ms | failures | RSS MiB |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...result.minutes.map(
      (m) =>
        `| ${String(m.minute)} | ${m.writesPerSecond.toFixed(1)} | ${m.readsPerSecond.toFixed(1)} | ${m.writeP99Ms.toFixed(0)} | ${m.readP99Ms.toFixed(0)} | ${String(m.failures)} | ${m.rssMiB.toFixed(0)} |`,
    ),
    '',
    `RSS series (MiB): ${result.rssSeries.join(', ')}`,
  ];
}

async function run(args: readonly string[], state: string): Promise<void> {
  const settings = loadSettings(args, state);
  const started = Date.now();
  const loadBefore = loadavg();
  const loadSamples: number[] = [loadBefore[0] ?? 0];
  const loadSampler = setInterval(() => loadSamples.push(loadavg()[0] ?? 0), 10_000);
  const notes: string[] = [];
  log(
    `${settings.quick ? 'quick' : 'full'} run against ${settings.state} (gateway ${settings.gatewayUrl}); load average ${loadBefore.map((v) => v.toFixed(2)).join(' ')}`,
  );
  const bench = new Bench(settings);
  const { ceiling, fabric, ...context } = await setUp(settings, bench, notes);
  const sections: { title: string; lines: string[] }[] = [];
  const data: Record<string, unknown> = {};
  try {
    const { phases } = settings;
    const sideBySide = phases.has('legs') ? await legs(context, ceiling) : { readable: [], spare: [] };
    const seeder = phases.has('growth') || phases.has('listpage') ? await Seeder.start(context) : undefined;
    if (seeder !== undefined) {
      if (phases.has('growth')) await growth(context, seeder);
      if (phases.has('listpage')) await listPages(context, seeder);
      notes.push(seeder.summary());
    }
    const seeded = seeder?.parts ?? [];
    const pool = new TransferPool(context, { sup1: seeded, sup2: sideBySide.spare });
    if (phases.has('backpressure')) {
      const pressure = await backPressure(context, pool);
      data.backPressure = pressure;
      sections.push({
        title: 'Back-pressure against its targets',
        lines: backPressureSection(pressure),
      });
      if (settings.soakMinutes > 0) {
        const readIds = [...sideBySide.readable, ...seeded];
        const soaked = await soak(context, pool, readIds, pressure.peakPerSecond);
        data.soak = soaked;
        sections.push({ title: 'Gateway memory soak', lines: soakSection(soaked) });
      }
    }
    if (settings.soakMinutes === 0) notes.push('gateway memory soak: not run (add --soak for 10 minutes)');
  } finally {
    clearInterval(loadSampler);
    fabric.close();
    context.rest.close();
  }
  const loadAfter = loadavg();
  await writeReport(
    settings,
    {
      startedAt: new Date(started).toISOString(),
      durationSeconds: (Date.now() - started) / 1000,
      loadBefore,
      loadAfter,
      loadSamples,
      notes,
      sections,
      data,
    },
    bench.runs,
  );
  log(
    `done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${settings.markdownPath}, ${settings.jsonPath}`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const lease = await acquireNetwork(option(args, 'gateway'), log);
  try {
    await run(args, lease.state);
  } finally {
    await releaseNetwork(lease, args.includes('--keep-network'), log);
  }
}

async function readsOf(
  context: Context,
  leg: 'sdk' | 'rest',
  ids: LegIds,
  calls: {
    byId: (id: string) => Promise<Outcome>;
    list: () => Promise<Outcome>;
    provenance: (id: string) => Promise<Outcome>;
  },
): Promise<void> {
  const { bench, actors } = context;
  const { reads, concurrency } = context.settings;
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
