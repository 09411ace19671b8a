import { RateLimitError } from '../domain/errors';

/** Limits failed login attempts per key (a user name, a client address) in a fixed window. */
export interface LoginThrottle {
  /**
   * Refuses when the key has used up its attempts.
   *
   * @throws RateLimitError with the seconds until the window ends
   */
  check(key: string): void;
  /** Counts a failed attempt against the key. */
  recordFailure(key: string): void;
  /** Forgets the failures of a key after a successful login. */
  reset(key: string): void;
}

/** Options of {@link createLoginThrottle}. */
export interface LoginThrottleOptions {
  readonly maxAttempts: number;
  readonly windowSeconds: number;
  /** Keys tracked at most; the oldest are dropped beyond it. */
  readonly capacity?: number;
  /** The clock, `Date.now` by default. */
  readonly now?: () => number;
}

interface Window {
  failures: number;
  readonly endsAt: number;
}

/** Creates an in-memory login throttle. */
export function createLoginThrottle(options: Readonly<LoginThrottleOptions>): LoginThrottle {
  const now = options.now ?? Date.now;
  const capacity = options.capacity ?? 100_000;
  const windows = new Map<string, Window>();

  const live = (key: string, time: number): Window | undefined => {
    const window = windows.get(key);
    if (window !== undefined && window.endsAt <= time) {
      windows.delete(key);
      return undefined;
    }
    return window;
  };

  /** Drops the oldest windows (insertion order) until there is room for one more. */
  const makeRoom = (): void => {
    for (const key of windows.keys()) {
      if (windows.size < capacity) {
        return;
      }
      windows.delete(key);
    }
  };

  return {
    check: (key) => {
      const time = now();
      const window = live(key, time);
      if (window !== undefined && window.failures >= options.maxAttempts) {
        throw new RateLimitError(Math.max(1, Math.ceil((window.endsAt - time) / 1000)));
      }
    },
    recordFailure: (key) => {
      const time = now();
      const window = live(key, time);
      if (window === undefined) {
        makeRoom();
        windows.set(key, { failures: 1, endsAt: time + options.windowSeconds * 1000 });
      } else {
        window.failures += 1;
      }
    },
    reset: (key) => {
      windows.delete(key);
    },
  };
}
