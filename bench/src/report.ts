import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { type CpuUsed, GROUP_LABELS, GROUPS, type Group } from './cpu';
import type { Stats } from './load';
import { repoRoot, type Settings } from './settings';

export type Leg = 'ceiling' | 'sdk' | 'rest' | 'growth' | 'listpage' | 'backpressure';
export const LEG_LABELS: Readonly<Record<Leg, string>> = {
  ceiling: 'Ceiling: minimal chaincode (one putState) through fabric-network',
  sdk: 'SDK: receivables through fabric-network 2.2.20, no HTTP',
  rest: 'REST: receivables through the gateway (HTTP keep-alive)',
  growth: 'Growth: reads as the ledger grows, provenance as the lineage deepens',
  listpage: 'List pages: a page of 100 for a supplier and for an auditor',
  backpressure: 'Back-pressure: REST whole transfers at the peak, then at twice the peak offered',
};
const SIDE_BY_SIDE: readonly Leg[] = ['ceiling', 'sdk', 'rest'];

/** One measured run: an operation of a leg at one concurrency (closed loop) or offered rate (open loop). */
export interface RunResult {
  readonly leg: Leg;
  readonly operation: string;
  readonly kind: 'write' | 'read';
  readonly mode: 'closed' | 'open';
  /** Workers (closed) or offered operations per second (open). */
  readonly level: number;
  readonly stats: Stats;
  /** CPU ms per successful operation, per process group, and machine-wide (every process, ours or not). */
  readonly cpuMsPerOp: Readonly<Record<Group | 'machine', number>>;
  /** Cores busy on the whole machine during the run (all processes). */
  readonly machineCoresBusy: number;
  readonly loadAverage1m: number;
}

export function runResult(
  base: Omit<RunResult, 'cpuMsPerOp' | 'machineCoresBusy' | 'loadAverage1m'>,
  cpu: CpuUsed,
): RunResult {
  const per = (ms: number): number => (base.stats.ok > 0 ? ms / base.stats.ok : Number.NaN);
  const cpuMsPerOp = { machine: per(cpu.machineBusyMs) } as Record<Group | 'machine', number>;
  for (const group of GROUPS) cpuMsPerOp[group] = per(cpu.groups[group]);
  return {
    ...base,
    cpuMsPerOp,
    machineCoresBusy: cpu.wallMs > 0 ? cpu.machineBusyMs / cpu.wallMs : 0,
    loadAverage1m: loadavg()[0] ?? 0,
  };
}

function git(args: readonly string[]): string {
  try {
    return execFileSync('git', [...args], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export interface RunInfo {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly loadBefore: readonly number[];
  readonly loadAfter: readonly number[];
  /** 1-minute load average sampled through the run. */
  readonly loadSamples: readonly number[];
  readonly notes: readonly string[];
  /** Sections after the leg tables (back-pressure, soak), and their data for the JSON. */
  readonly sections: readonly { readonly title: string; readonly lines: readonly string[] }[];
  readonly data: Readonly<Record<string, unknown>>;
}

/** bench/tuning.md, the measured tuning log, is carried into BENCHMARKS.md as it is. */
function tuningLog(): string[] {
  try {
    return readFileSync(join(repoRoot, 'bench', 'tuning.md'), 'utf8')
      .trimEnd()
      .split('\n');
  } catch {
    return [];
  }
}

function loadSummary(samples: readonly number[]): string {
  if (samples.length === 0) return 'not sampled';
  const mean = samples.reduce((sum, v) => sum + v, 0) / samples.length;
  return `min ${Math.min(...samples).toFixed(2)}, mean ${mean.toFixed(2)}, max ${Math.max(...samples).toFixed(2)} (${String(samples.length)} samples)`;
}

function machine(): Record<string, string | number> {
  const cores = cpus();
  return {
    cpu: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
  };
}

const f0 = (value: number): string => (Number.isFinite(value) ? value.toFixed(0) : '–');
const f1 = (value: number): string => (Number.isFinite(value) ? value.toFixed(1) : '–');

function level(run: RunResult): string {
  return run.mode === 'closed' ? `closed, ${run.level} workers` : `open, ${run.level}/s offered`;
}

function table(runs: readonly RunResult[]): string[] {
  const head = [
    'operation',
    'load',
    'n',
    'ok/s',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'conflicts',
    'errors',
    ...GROUPS.map((group) => `CPU ms/op ${group}`),
    'CPU ms/op machine',
    'cores busy',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const run of runs) {
    const { stats } = run;
    lines.push(
      `| ${[
        run.operation,
        level(run),
        String(stats.count),
        f1(stats.throughput),
        f0(stats.p50Ms),
        f0(stats.p95Ms),
        f0(stats.p99Ms),
        String(stats.conflicts),
        String(stats.errors),
        ...GROUPS.map((group) => f1(run.cpuMsPerOp[group])),
        f1(run.cpuMsPerOp.machine),
        run.machineCoresBusy.toFixed(2),
      ].join(' | ')} |`,
    );
  }
  return lines;
}

function sideBySide(runs: readonly RunResult[]): string[] {
  const closed = runs.filter((run) => run.mode === 'closed' && SIDE_BY_SIDE.includes(run.leg));
  const operations = [...new Set(closed.map((run) => run.operation))];
  const cell = (leg: Leg, operation: string): string => {
    const run = closed.find((candidate) => candidate.leg === leg && candidate.operation === operation);
    return run === undefined ? '' : `${f1(run.stats.throughput)} /s, p50 ${f0(run.stats.p50Ms)} ms`;
  };
  const lines = [
    '| operation (closed loop) | ceiling | SDK | REST | REST / SDK throughput |',
    '| --- | --- | --- | --- | --- |',
  ];
  for (const operation of operations) {
    const sdk = closed.find((run) => run.leg === 'sdk' && run.operation === operation);
    const rest = closed.find((run) => run.leg === 'rest' && run.operation === operation);
    const ratio =
      sdk !== undefined && rest !== undefined && sdk.stats.throughput > 0
        ? `${((rest.stats.throughput / sdk.stats.throughput) * 100).toFixed(0)} %`
        : '';
    lines.push(
      `| ${operation} | ${cell('ceiling', operation)} | ${cell('sdk', operation)} | ${cell('rest', operation)} | ${ratio} |`,
    );
  }
  return lines;
}

function topConsumers(runs: readonly RunResult[]): string[] {
  return runs
    .filter((run) => run.mode === 'closed' && run.stats.ok > 0)
    .map((run) => {
      const ranked = GROUPS.map((group) => [group, run.cpuMsPerOp[group]] as const)
        .filter(([, ms]) => Number.isFinite(ms) && ms > 0)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([group, ms]) => `${group} ${ms.toFixed(1)}`);
      return `- ${run.leg} ${run.operation}: ${ranked.join(', ')} ms/op (machine-wide ${f1(run.cpuMsPerOp.machine)})`;
    });
}

function failures(runs: readonly RunResult[]): string[] {
  const lines: string[] = [];
  for (const run of runs) {
    const entries = Object.entries(run.stats.failures);
    if (entries.length === 0) continue;
    lines.push(
      `- ${run.leg} ${run.operation} (${level(run)}): ${entries.map(([detail, n]) => `${n}× ${detail}`).join('; ')}`,
    );
  }
  return lines.length > 0 ? lines : ['- none'];
}

/** JSON as the repository's prettier formats it (so `prettier --check` passes on the results). */
async function prettyJson(path: string, value: unknown): Promise<string> {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  try {
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(path)) ?? {};
    return await prettier.format(text, { ...options, filepath: path });
  } catch {
    return text;
  }
}

/** Writes BENCHMARKS.md and results.json (or their quick-mode copies). */
export async function writeReport(
  settings: Settings,
  info: RunInfo,
  runs: readonly RunResult[],
): Promise<void> {
  const commit = git(['rev-parse', '--short', 'HEAD']);
  const dirty =
    git(['status', '--porcelain', '--untracked-files=no']) === '' ? '' : ' (working tree modified)';
  const settingsRecord = {
    quick: settings.quick,
    writesPerOperation: settings.writes,
    readsPerOperation: settings.reads,
    concurrency: settings.concurrency,
    writeRates: settings.writeRates,
    readRates: settings.readRates,
    openSeconds: settings.openSeconds,
    growthSizes: settings.growthSizes,
    provenanceDepths: settings.provenanceDepths,
    listSize: settings.listSize,
    backPressureSeconds: settings.backPressureSeconds,
    deadlineMs: settings.deadlineMs,
    soakMinutes: settings.soakMinutes,
    gateway: settings.gatewayUrl,
    networkId: settings.topology.networkId,
  };
  const document = {
    startedAt: info.startedAt,
    durationSeconds: info.durationSeconds,
    machine: machine(),
    commit: `${commit}${dirty}`,
    loadAverage: { before: info.loadBefore, after: info.loadAfter, samples1m: info.loadSamples },
    settings: settingsRecord,
    notes: info.notes,
    runs,
    ...info.data,
  };
  mkdirSync(dirname(settings.jsonPath), { recursive: true });
  writeFileSync(settings.jsonPath, await prettyJson(settings.jsonPath, document));

  const m = machine();
  const legs: Leg[] = ['ceiling', 'sdk', 'rest', 'growth', 'listpage', 'backpressure'];
  const md = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/, against a running network; see bench/README.md). Every number',
    'below was measured in one run on the machine described, under whatever else it was running at the',
    'time (the load average says how busy it was): compare the legs with each other, not with other',
    'machines or other runs. On a machine shared with other work (as during development: several',
    'networks and test suites at once on 2 cores) every absolute number is depressed; before/after',
    'comparisons (Tuning) were measured back to back in the same time window for that reason.',
    'Raw data: [`bench/results.json`](bench/results.json).',
    '',
    '## Run',
    '',
    `- when: ${info.startedAt}, ${info.durationSeconds.toFixed(0)} s`,
    `- machine: ${String(m.cpu)}, ${String(m.cores)} cores, ${String(m.memoryGiB)} GiB, Node ${String(m.node)}`,
    `- commit: ${commit}${dirty}`,
    `- load average (1/5/15 min): before ${info.loadBefore.map((v) => v.toFixed(2)).join(' / ')}, after ${info.loadAfter.map((v) => v.toFixed(2)).join(' / ')}; during the run (1 min, every 10 s): ${loadSummary(info.loadSamples)}`,
    `- settings: ${settings.quick ? 'quick, ' : ''}${settings.writes} writes per operation per leg, ${settings.reads} reads per read operation, closed loop at ${settings.concurrency} workers; open loop (REST) at ${settings.writeRates.join(', ')} writes/s and ${settings.readRates.join(', ')} reads/s offered, ${settings.openSeconds} s each; growth at ${settings.growthSizes.join(', ')} receivables, provenance at depths ${settings.provenanceDepths.join(', ')}; list pages at ${settings.listSize} receivables; back-pressure ${settings.backPressureSeconds} s at 2× peak; soak ${settings.soakMinutes > 0 ? `${settings.soakMinutes} min` : 'not run (--soak)'}`,
    `- network: Fabric 1.4.12, 3 Raft orderers, 4 peer orgs (one peer each), LevelDB, mutual TLS, BatchTimeout 250 ms / MaxMessageCount 100 (network/topology.sh); network id ${settings.topology.networkId}; gateway ${settings.gatewayUrl}`,
    ...info.notes.map((note) => `- ${note}`),
    '',
    '**Columns.** `ok/s`: operations that succeeded (writes: committed VALID) per second of wall time;',
    'latencies over those, from the start of the call (open loop: its scheduled start) to its answer,',
    'which for a write is after its commit event. `conflicts`: lost races (MVCC, phantom, or a changed',
    'key policy; HTTP 409); `errors`: everything else that failed. `CPU ms/op <group>`: CPU time of',
    'that process group during the run (from /proc), divided by the successful operations: `orderers`,',
    "`peers`, `chaincode` (this network's chaincode containers, every chaincode), `dockerd` (with",
    "containerd and the shims), `gateway` (the REST gateway process), `client` (this benchmark's own",
    'process: the SDK client, or the HTTP load generator). The peers and orderers also served anyone',
    'else using the network during the run. `machine`: busy CPU time of the whole machine (every',
    'process, ours or not) per operation; `cores busy`: the same as cores.',
    '',
    '## Side by side',
    '',
    ...sideBySide(runs),
    '',
  ];
  for (const leg of legs) {
    const legRuns = runs.filter((run) => run.leg === leg);
    if (legRuns.length === 0) continue;
    md.push(`## ${LEG_LABELS[leg]}`, '', ...table(legRuns), '');
  }
  for (const section of info.sections) md.push(`## ${section.title}`, '', ...section.lines, '');
  md.push(...tuningLog(), '');
  md.push(
    '## Where the CPU goes (largest three groups per operation, closed loop)',
    '',
    ...topConsumers(runs),
    '',
    '## Conflicts and errors',
    '',
    ...failures(runs),
    '',
    `Process groups: ${GROUPS.map((group) => `\`${group}\` = ${GROUP_LABELS[group]}`).join('; ')}.`,
    '',
  );
  mkdirSync(dirname(settings.markdownPath), { recursive: true });
  writeFileSync(settings.markdownPath, md.join('\n'));
}
