/** Tells the open event streams that the event log has grown. */
export interface EventFeed {
  /** Announces that events were appended. */
  notify(): void;
  /** Calls `listener` on every announcement until the returned function is called. */
  subscribe(listener: () => void): () => void;
}

/** Creates an in-process event feed. */
export function createEventFeed(): EventFeed {
  const listeners = new Set<() => void>();
  return {
    notify: () => {
      for (const listener of listeners) {
        listener();
      }
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
