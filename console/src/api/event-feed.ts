/**
 * `GET /api/v1/events` read with fetch (EventSource cannot send a bearer token): server-sent
 * events parsed as they arrive; when the stream ends or fails, it reconnects after the server's
 * `retry` delay with `Last-Event-ID`, so no event is lost or repeated.
 */
import { API_BASE } from './client';

export interface FeedEvent {
  readonly id: number;
  readonly event: string;
  readonly data: string;
}

export type FeedState = 'connecting' | 'open' | 'reconnecting';

export interface FollowOptions {
  readonly token: string;
  readonly onEvent: (event: FeedEvent) => void;
  readonly onState: (state: FeedState) => void;
  readonly signal: AbortSignal;
  /** Resume after this event id. */
  readonly lastEventId?: number;
  /** The fetch to use (tests give their own). */
  readonly fetch?: typeof fetch;
  /** How long to wait before reconnecting when the server named no delay. */
  readonly retryMs?: number;
}

/** Splits a buffer into complete SSE blocks and the incomplete rest. */
export function parseBlocks(buffer: string): {
  readonly blocks: readonly Map<string, string>[];
  readonly rest: string;
} {
  const parts = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = parts.pop() ?? '';
  const blocks = parts.map((block) => {
    const fields = new Map<string, string>();
    for (const line of block.split('\n')) {
      if (line === '' || line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const name = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
      fields.set(
        name,
        name === 'data' && fields.has('data') ? `${fields.get('data') ?? ''}\n${value}` : value,
      );
    }
    return fields;
  });
  return { blocks, rest };
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Follows the event feed until `signal` aborts. */
export async function followEvents(options: Readonly<FollowOptions>): Promise<void> {
  const doFetch = options.fetch ?? fetch;
  let lastId = options.lastEventId;
  let retryMs = options.retryMs ?? 3_000;
  const stopped = (): boolean => options.signal.aborted;
  options.onState('connecting');
  while (!stopped()) {
    try {
      const headers: Record<string, string> = {
        authorization: `Bearer ${options.token}`,
        accept: 'text/event-stream',
      };
      if (lastId !== undefined) headers['last-event-id'] = String(lastId);
      const response = await doFetch(`${API_BASE}/events`, { headers, signal: options.signal });
      if (response.ok && response.body !== null) {
        options.onState('open');
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          const { blocks, rest } = parseBlocks(buffer + value);
          buffer = rest;
          for (const fields of blocks) {
            const retry = Number(fields.get('retry'));
            if (Number.isInteger(retry) && retry > 0) retryMs = retry;
            const id = Number(fields.get('id'));
            if (!fields.has('id') || !Number.isInteger(id)) continue;
            lastId = id;
            options.onEvent({ id, event: fields.get('event') ?? 'message', data: fields.get('data') ?? '' });
          }
        }
      }
    } catch {
      // A dropped connection is what the reconnection below is for.
    }
    if (stopped()) return;
    options.onState('reconnecting');
    await wait(retryMs, options.signal);
  }
}
