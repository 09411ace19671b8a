import { setTimeout as sleep } from 'node:timers/promises';

/** Options of {@link retryUntil}. */
export interface RetryOptions {
  /** Give up (rethrowing the last error) once this time has passed. */
  readonly deadline: Date;
  /** First wait between attempts; doubled after each, up to `maxDelayMs`. */
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  /** Told of each failed attempt that will be retried. */
  readonly onRetry?: (error: unknown, delayMs: number) => void;
}

/** Runs `attempt` until it succeeds or the deadline passes. */
export async function retryUntil<T>(attempt: () => Promise<T>, options: Readonly<RetryOptions>): Promise<T> {
  for (let delay = options.initialDelayMs; ; delay = Math.min(delay * 2, options.maxDelayMs)) {
    try {
      return await attempt();
    } catch (error) {
      if (Date.now() + delay >= options.deadline.getTime()) {
        throw error;
      }
      options.onRetry?.(error, delay);
      await sleep(delay);
    }
  }
}
