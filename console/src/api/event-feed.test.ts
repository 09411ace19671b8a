/**
 * @jest-environment node
 */
import { followEvents, parseBlocks, type FeedEvent } from './event-feed';

const stream = (text: string): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(new TextEncoder().encode(text));
      controller.close();
    },
  });

test('complete blocks are parsed; a partial one is kept for the next chunk; comments are skipped', () => {
  const { blocks, rest } = parseBlocks(
    ': heartbeat\n\nid: 7\nevent: ReceivableIssued\ndata: {"a":1}\n\nid: 8\nev',
  );
  expect(blocks.map((block) => Object.fromEntries(block))).toEqual([
    {},
    { id: '7', event: 'ReceivableIssued', data: '{"a":1}' },
  ]);
  expect(rest).toBe('id: 8\nev');
});

test('after the stream drops, it reconnects with Last-Event-ID: nothing lost or repeated', async () => {
  const abort = new AbortController();
  const seen: FeedEvent[] = [];
  const states: string[] = [];
  const asked: (string | null)[] = [];
  const answers = [
    'retry: 1\n\nid: 1\nevent: A\ndata: x\n\nid: 2\nevent: B\ndata: y\n\n',
    'id: 3\nevent: C\ndata: z\n\n',
  ];
  const fakeFetch = (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    asked.push(new Headers(init?.headers).get('last-event-id'));
    const body = answers.shift();
    if (body === undefined) {
      abort.abort();
      return Promise.reject(new Error('aborted'));
    }
    return Promise.resolve(new Response(stream(body), { status: 200 }));
  };
  await followEvents({
    token: 't',
    signal: abort.signal,
    fetch: fakeFetch,
    onEvent: (event) => seen.push(event),
    onState: (state) => states.push(state),
  });
  expect(seen.map((event) => [event.id, event.event])).toEqual([
    [1, 'A'],
    [2, 'B'],
    [3, 'C'],
  ]);
  expect(asked).toEqual([null, '2', '3']);
  expect(states).toEqual(['connecting', 'open', 'reconnecting', 'open', 'reconnecting']);
});

test('a refused connection is retried too', async () => {
  const abort = new AbortController();
  let calls = 0;
  const fakeFetch = (): Promise<Response> => {
    calls += 1;
    if (calls === 3) abort.abort();
    return Promise.resolve(new Response('{}', { status: 503 }));
  };
  await followEvents({
    token: 't',
    signal: abort.signal,
    fetch: fakeFetch,
    retryMs: 1,
    onEvent: () => undefined,
    onState: () => undefined,
  });
  expect(calls).toBe(3);
});
