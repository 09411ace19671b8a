import type { Context } from './context';
import { closedLoop, type Measured, openLoop } from './load';
import { log } from './measure';
import type { TransferPool } from './pool';

/** What the back-pressure run found (BENCHMARKS.md "Back-pressure"). */
export interface BackPressureResult {
  /** Committed whole transfers/s through REST, closed loop at the closed-loop concurrency. */
  readonly peakPerSecond: number;
  readonly offeredPerSecond: number;
  readonly seconds: number;
  readonly committedPerSecond: number;
  /** committed / peak. */
  readonly ofPeak: number;
  readonly answered2xx: number;
  readonly refused: number;
  readonly refusedWithRetryAfter: number;
  readonly otherFailures: Readonly<Record<string, number>>;
  readonly p99OkMs: number;
  /** The slowest answer of any kind (from its scheduled start). */
  readonly maxAnswerMs: number;
  readonly deadlineMs: number;
  readonly pastDeadline: number;
  /** 2xx answers whose transaction id is not a committed VALID transaction (qscc). */
  readonly lost: number;
}

function percentile99(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(sorted.length * 0.99) - 1)] ?? Number.NaN;
}

/** Every acknowledged transaction id, checked on the ledger (GET /transactions/{txId}). */
async function unconfirmed(context: Context, txIds: readonly string[]): Promise<number> {
  let lost = 0;
  await closedLoop(txIds.length, 8, async (index) => {
    const answer = await context.rest.call('GET', `/transactions/${txIds[index] ?? ''}`, context.tokens.sup1);
    if (answer.status !== 200 || answer.body.validationCode !== 'VALID') {
      lost += 1;
      log(
        `acknowledged ${txIds[index] ?? ''} not committed VALID: ${String(answer.status)} ${JSON.stringify(answer.body)}`,
      );
    }
    return { kind: 'ok' };
  });
  return lost;
}

/**
 * Back-pressure: the peak committed rate of whole transfers (closed loop), then an open loop offering
 * twice that for `settings.backPressureSeconds`. The gateway should refuse the excess (503 with
 * Retry-After) and keep its committed rate near the peak, no answer later than the deadline, and
 * every 2xx a committed transaction.
 */
export async function backPressure(context: Context, pool: TransferPool): Promise<BackPressureResult> {
  const { bench, settings } = context;
  const peak = await bench.measure(
    'backpressure',
    'transfer (whole), peak',
    'write',
    'closed',
    settings.concurrency,
    () => closedLoop(settings.writes, settings.concurrency, () => pool.transfer()),
  );
  const peakRun = bench.runs.at(-1);
  const peakPerSecond = peakRun?.stats.throughput ?? 0;
  if (peak.samples.length === 0 || peakPerSecond <= 0) throw new Error('back-pressure: no peak measured');
  const offered = Math.ceil(2 * peakPerSecond);
  const seconds = settings.backPressureSeconds;
  log(
    `back-pressure: peak ${peakPerSecond.toFixed(1)} transfers/s; offering ${String(offered)}/s for ${String(seconds)} s`,
  );
  const txIds: string[] = [];
  const measured: Measured = await bench.measure(
    'backpressure',
    'transfer (whole), 2× peak offered',
    'write',
    'open',
    offered,
    () =>
      openLoop(offered, seconds, async () => {
        const outcome = await pool.transfer();
        if (outcome.kind === 'ok' && outcome.result !== undefined) txIds.push(outcome.result);
        return outcome;
      }),
  );
  const run = bench.runs.at(-1);
  const okLatencies = measured.samples.filter((s) => s.outcome.kind === 'ok').map((s) => s.latencyMs);
  const refusals = measured.samples.filter(
    (s) => s.outcome.kind !== 'ok' && s.outcome.detail.startsWith('HTTP 503 OVERLOADED'),
  );
  const otherFailures: Record<string, number> = {};
  for (const { outcome } of measured.samples) {
    if (outcome.kind === 'ok' || outcome.detail.startsWith('HTTP 503 OVERLOADED')) continue;
    otherFailures[outcome.detail] = (otherFailures[outcome.detail] ?? 0) + 1;
  }
  const committedPerSecond = run?.stats.throughput ?? 0;
  log(`back-pressure: checking the ${String(txIds.length)} acknowledged transactions on the ledger`);
  const lost = (await unconfirmed(context, txIds)) + (okLatencies.length - txIds.length);
  return {
    peakPerSecond,
    offeredPerSecond: offered,
    seconds,
    committedPerSecond,
    ofPeak: peakPerSecond > 0 ? committedPerSecond / peakPerSecond : 0,
    answered2xx: okLatencies.length,
    refused: refusals.length,
    refusedWithRetryAfter: refusals.filter(
      (s) => s.outcome.kind !== 'ok' && s.outcome.detail.includes('Retry-After'),
    ).length,
    otherFailures,
    p99OkMs: percentile99(okLatencies),
    maxAnswerMs: Math.max(0, ...measured.samples.map((s) => s.latencyMs)),
    deadlineMs: settings.deadlineMs,
    pastDeadline: measured.samples.filter((s) => s.latencyMs > settings.deadlineMs).length,
    lost,
  };
}
