/** Bounding fabric-network calls, whose own timeouts are fixed per Gateway, by a request's deadline. */

/** A request's deadline passed; carries gRPC's DEADLINE_EXCEEDED code (4), as a gRPC call's would. */
export class DeadlineExceededError extends Error {
  override readonly name = DeadlineExceededError.name;
  readonly code = 4;
}

/**
 * Settles as `work` does, or rejects with {@link DeadlineExceededError} once `deadline` passes. The
 * work itself goes on (its later failure is ignored): the caller decides what that means.
 */
export async function beforeDeadline<T>(work: Promise<T>, deadline: Date, what: string): Promise<T> {
  work.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => {
        reject(new DeadlineExceededError(`${what}: the request deadline passed`));
      },
      Math.max(0, deadline.getTime() - Date.now()),
    );
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** Waits `ms`, or less when the deadline comes first. */
export function pause(ms: number, deadline: Date): Promise<void> {
  return new Promise((resolve) =>
    setTimeout(resolve, Math.max(0, Math.min(ms, deadline.getTime() - Date.now()))),
  );
}
