import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runFile } from './cli';
import type { Settings } from './settings';

/** The process groups whose CPU the benchmark accounts for. */
export const GROUPS = ['orderers', 'peers', 'chaincode', 'dockerd', 'gateway', 'client'] as const;
export type Group = (typeof GROUPS)[number];

export const GROUP_LABELS: Readonly<Record<Group, string>> = {
  orderers: 'orderers',
  peers: 'peers',
  chaincode: 'chaincode containers',
  dockerd: 'dockerd (+containerd)',
  gateway: 'REST gateway',
  client: 'bench process (SDK client / HTTP load generator)',
};

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

interface ProcRow {
  readonly pid: number;
  readonly ppid: number;
  readonly ticks: number;
}

/** utime + stime (clock ticks) and parent of a process, from /proc/<pid>/stat. */
function procRow(pid: number): ProcRow | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: parse after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) };
  } catch {
    return undefined;
  }
}

function allProcesses(): ProcRow[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .map((entry) => procRow(Number(entry)))
    .filter((row): row is ProcRow => row !== undefined);
}

function descendants(
  roots: readonly number[],
  rows: readonly ProcRow[],
  exclude: ReadonlySet<number>,
): number[] {
  const children = new Map<number, number[]>();
  for (const row of rows) children.set(row.ppid, [...(children.get(row.ppid) ?? []), row.pid]);
  const found: number[] = [];
  const queue = roots.filter((pid) => !exclude.has(pid));
  while (queue.length > 0) {
    const pid = queue.shift();
    if (pid === undefined) break;
    found.push(pid);
    for (const child of children.get(pid) ?? []) if (!exclude.has(child)) queue.push(child);
  }
  return found;
}

function pidFile(settings: Settings, name: string): number | undefined {
  try {
    const pid = Number(readFileSync(join(settings.state, 'pids', `${name}.pid`), 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Host pids of this network's chaincode containers (`docker top` through DOCKER_HOST). */
async function containerPids(settings: Settings): Promise<number[]> {
  const env: Record<string, string> =
    settings.dockerHost === undefined ? {} : { DOCKER_HOST: settings.dockerHost };
  const names = await runFile('docker', ['ps', '--format', '{{.Names}}'], env, 30_000);
  if (names.code !== 0) throw new Error(`docker ps failed (DOCKER_HOST?): ${names.stderr}`);
  const mine = names.stdout.split('\n').filter((name) => name.startsWith(`${settings.topology.networkId}-`));
  const pids: number[] = [];
  for (const name of mine) {
    const top = await runFile('docker', ['top', name, '-eo', 'pid'], env, 30_000);
    for (const line of top.stdout.split('\n').slice(1)) {
      const pid = Number(line.trim());
      if (Number.isInteger(pid) && pid > 0) pids.push(pid);
    }
  }
  return pids;
}

/** Which pids make up each group; resolved once per run (processes are long-lived). */
export type GroupPids = Readonly<Record<Exclude<Group, 'client'>, readonly number[]>>;

export async function resolveGroups(settings: Settings): Promise<GroupPids> {
  const rows = allProcesses();
  const none = new Set<number>();
  const named = (prefix: string): number[] =>
    readdirSync(join(settings.state, 'pids'))
      .filter((file) => file.startsWith(prefix) && file.endsWith('.pid'))
      .map((file) => pidFile(settings, file.slice(0, -4)))
      .filter((pid): pid is number => pid !== undefined);
  const chaincode = await containerPids(settings);
  const containerTrees = new Set(descendants(chaincode, rows, none));
  const engine = pidFile(settings, 'engine');
  return {
    orderers: descendants(named('orderer'), rows, none),
    peers: descendants(named('peer.'), rows, none),
    chaincode: [...containerTrees],
    // dockerd and what it runs (containerd, shims), not the containers' own processes.
    dockerd: engine === undefined ? [] : descendants([engine], rows, containerTrees),
    gateway: settings.gatewayPid === undefined ? [] : descendants([settings.gatewayPid], rows, none),
  };
}

/** CPU time so far, ms, of each group, and of the whole machine (all cores, busy time). */
export interface CpuReading {
  readonly groups: Readonly<Record<Group, number>>;
  readonly machineBusyMs: number;
  readonly at: number;
}

function machineBusyMs(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '';
  const values = line.trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal …: busy = all but idle and iowait
  const busy = values.reduce((sum, value, index) => (index === 3 || index === 4 ? sum : sum + value), 0);
  return (busy * 1000) / TICKS_PER_SECOND;
}

export function readCpu(groups: GroupPids): CpuReading {
  const ticks = (pids: readonly number[]): number =>
    pids.reduce((sum, pid) => sum + (procRow(pid)?.ticks ?? 0), 0);
  const own = process.cpuUsage();
  const result: Record<Group, number> = {
    orderers: (ticks(groups.orderers) * 1000) / TICKS_PER_SECOND,
    peers: (ticks(groups.peers) * 1000) / TICKS_PER_SECOND,
    chaincode: (ticks(groups.chaincode) * 1000) / TICKS_PER_SECOND,
    dockerd: (ticks(groups.dockerd) * 1000) / TICKS_PER_SECOND,
    gateway: (ticks(groups.gateway) * 1000) / TICKS_PER_SECOND,
    client: (own.user + own.system) / 1000,
  };
  return { groups: result, machineBusyMs: machineBusyMs(), at: performance.now() };
}

/** CPU used between two readings: per group and machine-wide, ms. */
export interface CpuUsed {
  readonly groups: Readonly<Record<Group, number>>;
  readonly machineBusyMs: number;
  readonly wallMs: number;
}

export function cpuBetween(before: CpuReading, after: CpuReading): CpuUsed {
  const groups = {} as Record<Group, number>;
  for (const group of GROUPS) groups[group] = after.groups[group] - before.groups[group];
  return { groups, machineBusyMs: after.machineBusyMs - before.machineBusyMs, wallMs: after.at - before.at };
}
