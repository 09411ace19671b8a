import { readFileSync } from 'node:fs';
import type { Context } from './context';
import { openLoop, summarize } from './load';
import { log } from './measure';
import type { TransferPool } from './pool';

/** One minute of the soak: the load it carried and the gateway's RSS at its end. */
export interface SoakMinute {
  readonly minute: number;
  readonly writesPerSecond: number;
  readonly readsPerSecond: number;
  readonly writeP99Ms: number;
  readonly readP99Ms: number;
  readonly failures: number;
  readonly rssMiB: number;
}

export interface SoakResult {
  readonly gatewayPid: number;
  readonly offeredWrites: number;
  readonly offeredReads: number;
  readonly minutes: readonly SoakMinute[];
  /** RSS every `sampleSeconds`, MiB. */
  readonly rssSeries: readonly number[];
  readonly sampleSeconds: number;
  readonly startMiB: number;
  readonly endMiB: number;
  readonly maxMiB: number;
  /** Least-squares slope of the RSS over the second half of the soak, MiB per minute. */
  readonly slopeSecondHalfMiBPerMinute: number;
}

/** Resident set size of a process, MiB (VmRSS of /proc/<pid>/status). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kib = /^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1];
  if (kib === undefined) throw new Error(`no VmRSS for pid ${String(pid)}`);
  return Number(kib) / 1024;
}

function slope(values: readonly number[], perMinute: number): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, v) => sum + v, 0) / n;
  let numerator = 0;
  let denominator = 0;
  values.forEach((value, x) => {
    numerator += (x - meanX) * (value - meanY);
    denominator += (x - meanX) ** 2;
  });
  return (numerator / denominator) * perMinute;
}

const SAMPLE_SECONDS = 5;

/**
 * Gateway memory soak: whole transfers at half the peak and reads by id at twice that, through REST
 * for `minutes`, with the gateway's RSS sampled from /proc every 5 s.
 */
export async function soak(
  context: Context,
  pool: TransferPool,
  readIds: readonly string[],
  peakPerSecond: number,
): Promise<SoakResult> {
  const { settings, rest, tokens } = context;
  const pid = settings.gatewayPid;
  if (pid === undefined) throw new Error('soak: the gateway pid is unknown (--gateway-pid)');
  const offeredWrites = Math.max(1, Math.round(peakPerSecond / 2));
  const offeredReads = offeredWrites * 2;
  const series = [rssMiB(pid)];
  const sampler = setInterval(() => series.push(rssMiB(pid)), SAMPLE_SECONDS * 1000);
  const minutes: SoakMinute[] = [];
  log(
    `soak: ${String(settings.soakMinutes)} min of ${String(offeredWrites)} transfers/s + ${String(offeredReads)} reads/s, gateway pid ${String(pid)} at ${series[0]?.toFixed(0) ?? '?'} MiB`,
  );
  try {
    for (let minute = 1; minute <= settings.soakMinutes; minute += 1) {
      const [writes, reads] = await Promise.all([
        openLoop(offeredWrites, 60, () => pool.transfer()),
        openLoop(offeredReads, 60, (index) =>
          rest.outcome('GET', `/receivables/${readIds[index % readIds.length] ?? ''}`, tokens.sup1, 200),
        ),
      ]);
      const w = summarize(writes);
      const r = summarize(reads);
      const entry: SoakMinute = {
        minute,
        writesPerSecond: w.throughput,
        readsPerSecond: r.throughput,
        writeP99Ms: w.p99Ms,
        readP99Ms: r.p99Ms,
        failures: w.errors + w.conflicts + r.errors + r.conflicts,
        rssMiB: rssMiB(pid),
      };
      minutes.push(entry);
      log(
        `soak minute ${String(minute)}: ${w.throughput.toFixed(1)} writes/s, ${r.throughput.toFixed(1)} reads/s, ${String(entry.failures)} failures, RSS ${entry.rssMiB.toFixed(0)} MiB`,
      );
    }
  } finally {
    clearInterval(sampler);
  }
  series.push(rssMiB(pid));
  return {
    gatewayPid: pid,
    offeredWrites,
    offeredReads,
    minutes,
    rssSeries: series.map((v) => Math.round(v * 10) / 10),
    sampleSeconds: SAMPLE_SECONDS,
    startMiB: series[0] ?? Number.NaN,
    endMiB: series.at(-1) ?? Number.NaN,
    maxMiB: Math.max(...series),
    slopeSecondHalfMiBPerMinute: slope(series.slice(Math.floor(series.length / 2)), 60 / SAMPLE_SECONDS),
  };
}
