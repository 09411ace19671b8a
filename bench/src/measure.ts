import { cpuBetween, type GroupPids, readCpu, resolveGroups } from './cpu';
import { type Measured, type Outcome, closedLoop, summarize } from './load';
import { type Leg, runResult, type RunResult } from './report';
import type { Settings } from './settings';

export const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};

export class Bench {
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
export async function closedOver(
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

/** `count` ids drawn round-robin from `ids`. */
export function pick(ids: readonly string[], count: number): string[] {
  return Array.from({ length: ids.length === 0 ? 0 : count }, (_, index) => ids[index % ids.length] ?? '');
}
