import { request, type ClientRequest } from 'node:http';

/** One server-sent event. */
export interface ServerSentEvent {
  readonly id: string | undefined;
  readonly event: string | undefined;
  readonly data: string;
}

/** An open event stream. */
export interface EventStreamClient {
  readonly status: number;
  /** Waits for the next `count` events (comments and `retry:` lines are skipped). */
  take(count: number, timeoutMs?: number): Promise<ServerSentEvent[]>;
  close(): void;
}

function parse(block: string): ServerSentEvent | undefined {
  const fields = new Map<string, string>();
  for (const line of block.split('\n')) {
    const match = /^([a-z]+): ?(.*)$/.exec(line);
    if (match?.[1] !== undefined) {
      fields.set(match[1], match[2] ?? '');
    }
  }
  const data = fields.get('data');
  return data === undefined ? undefined : { id: fields.get('id'), event: fields.get('event'), data };
}

/** Opens `GET <url>` as an event stream. */
export function openEventStream(url: string, headers: Record<string, string>): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    let client: ClientRequest | undefined = undefined;
    client = request(url, { headers: { Accept: 'text/event-stream', ...headers } }, (response) => {
      const events: ServerSentEvent[] = [];
      let waiter: (() => void) | undefined;
      let buffer = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\n\n'); end >= 0; end = buffer.indexOf('\n\n')) {
          const event = parse(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event !== undefined) {
            events.push(event);
          }
        }
        waiter?.();
      });
      resolve({
        status: response.statusCode ?? 0,
        take: async (count, timeoutMs = 5_000) => {
          const deadline = Date.now() + timeoutMs;
          while (events.length < count) {
            if (Date.now() > deadline) {
              throw new Error(`expected ${count} events, got ${events.length}`);
            }
            await new Promise<void>((wake) => {
              waiter = wake;
              setTimeout(wake, 100);
            });
          }
          return events.splice(0, count);
        },
        close: () => {
          client?.destroy();
        },
      });
    });
    client.on('error', reject);
    client.end();
  });
}
