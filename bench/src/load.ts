/** What became of one operation. */
export type Outcome =
  | { readonly kind: 'ok'; readonly result?: string }
  | { readonly kind: 'conflict' | 'error'; readonly detail: string };

export interface Sample {
  /** Start (scheduled start in open loop) to commit / answer, ms. */
  readonly latencyMs: number;
  readonly outcome: Outcome;
}

export interface Measured {
  readonly samples: readonly Sample[];
  readonly elapsedMs: number;
}

/** The numbers of one run. */
export interface Stats {
  readonly count: number;
  readonly ok: number;
  readonly conflicts: number;
  readonly errors: number;
  /** Error and conflict details, with how often each occurred. */
  readonly failures: Readonly<Record<string, number>>;
  readonly elapsedSeconds: number;
  /** Successful (for writes: committed VALID) operations per second of wall time. */
  readonly throughput: number;
  readonly p50Ms: number;
  readonly p95Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

function percentile(sorted: readonly number[], fraction: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

/** Throughput and latency percentiles (nearest rank, over successful operations). */
export function summarize({ samples, elapsedMs }: Measured): Stats {
  const latencies = samples
    .filter((sample) => sample.outcome.kind === 'ok')
    .map((sample) => sample.latencyMs)
    .sort((a, b) => a - b);
  const failures: Record<string, number> = {};
  let conflicts = 0;
  let errors = 0;
  for (const { outcome } of samples) {
    if (outcome.kind === 'ok') continue;
    if (outcome.kind === 'conflict') conflicts += 1;
    else errors += 1;
    failures[outcome.detail] = (failures[outcome.detail] ?? 0) + 1;
  }
  const elapsedSeconds = elapsedMs / 1000;
  return {
    count: samples.length,
    ok: latencies.length,
    conflicts,
    errors,
    failures,
    elapsedSeconds,
    throughput: elapsedSeconds > 0 ? latencies.length / elapsedSeconds : 0,
    p50Ms: percentile(latencies, 0.5),
    p95Ms: percentile(latencies, 0.95),
    p99Ms: percentile(latencies, 0.99),
    maxMs: latencies.at(-1) ?? Number.NaN,
  };
}

/** `count` operations by `concurrency` workers, each starting its next one when the last ends. */
export async function closedLoop(
  count: number,
  concurrency: number,
  operation: (index: number, worker: number) => Promise<Outcome>,
): Promise<Measured> {
  const samples: Sample[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async (_: unknown, id: number): Promise<void> => {
    for (let index = next++; index < count; index = next++) {
      const begin = performance.now();
      const outcome = await operation(index, id);
      samples.push({ latencyMs: performance.now() - begin, outcome });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return { samples, elapsedMs: performance.now() - started };
}

/**
 * Open loop: operation i starts at i / rate seconds whatever the earlier ones are doing, for
 * `seconds`; its latency counts from its scheduled start (no coordinated omission). More than
 * `maxOutstanding` in flight counts the scheduled operation as an error (`overload: not sent`).
 */
export async function openLoop(
  rate: number,
  seconds: number,
  operation: (index: number) => Promise<Outcome>,
  maxOutstanding = 2000,
): Promise<Measured> {
  const count = Math.max(1, Math.round(rate * seconds));
  const samples: Sample[] = [];
  const pending: Promise<void>[] = [];
  let outstanding = 0;
  const started = performance.now();
  for (let index = 0; index < count; index += 1) {
    const due = started + (index * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    if (outstanding >= maxOutstanding) {
      samples.push({ latencyMs: 0, outcome: { kind: 'error', detail: 'overload: not sent' } });
      continue;
    }
    outstanding += 1;
    pending.push(
      operation(index).then((outcome) => {
        outstanding -= 1;
        samples.push({ latencyMs: performance.now() - due, outcome });
      }),
    );
  }
  await Promise.all(pending);
  return { samples, elapsedMs: performance.now() - started };
}
