import type { RequestHandler } from 'express';
import { OverloadError } from '../domain/errors';

/** Options of {@link admitWrites}. */
export interface AdmissionOptions {
  /** Writes (every method but GET, HEAD, OPTIONS) being answered at once; one more is refused. */
  readonly maxInFlight: number;
  /** Sent as `Retry-After` with the refusal. */
  readonly retryAfterSeconds: number;
}

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Admission control for writes: past `maxInFlight` writes in flight a write is refused at once
 * (503 OVERLOADED with `Retry-After`) instead of joining an unbounded queue in front of the
 * endorsing peers, where it would wait past its deadline and slow every write admitted before it.
 * A write's slot is held from its arrival to the end of its response (or the client going away),
 * so the limit bounds the whole request: endorsement planning, ordering and the commit wait.
 */
export function admitWrites(options: Readonly<AdmissionOptions>): RequestHandler {
  let inFlight = 0;
  return (request, response, next) => {
    if (READS.has(request.method)) {
      next();
      return;
    }
    if (inFlight >= options.maxInFlight) {
      next(new OverloadError(options.retryAfterSeconds));
      return;
    }
    inFlight += 1;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      inFlight -= 1;
    };
    response.once('finish', release);
    response.once('close', release);
    next();
  };
}
