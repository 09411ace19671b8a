import { once } from 'node:events';
import type { RequestHandler, Response } from 'express';
import { NoQuery } from '../api/schemas';
import { EvaluationError, OverloadError, RequestValidationError } from '../domain/errors';
import type { EventFeed } from '../events/event-feed';
import { subjectsOf, type EventSubject } from '../events/event-projection';
import type { Ledger } from '../ledger/ledger';
import type { EventLog, LoggedEvent } from '../store/event-log';
import { authenticate, type AuthenticationDeps } from '../usecases/authentication';
import type { AuthenticatedUser } from '../usecases/context';
import { bearerToken } from './bearer-token';

/** The open server-sent event streams. */
export interface EventStreams {
  /** `GET /api/v1/events`. */
  readonly handler: RequestHandler;
  /** How many streams are open. */
  count(): number;
  /** Ends every stream (at shutdown). */
  closeAll(): void;
}

/** Options of {@link createEventStreams}. */
export interface EventStreamsOptions {
  readonly auth: AuthenticationDeps;
  readonly eventLog: EventLog;
  readonly feed: EventFeed;
  /** Asked, as each reader, whether it may read what an event is about. */
  readonly ledger: Pick<Ledger, 'evaluate'>;
  /** The deadline of each visibility query. */
  readonly queryTimeoutMs: number;
  /** How long a stream waits before asking again when the ledger cannot answer; 3 s by default. */
  readonly retryDelayMs?: number;
  /** Streams beyond this many are refused with 503. */
  readonly maxStreams: number;
  /** Interval of the keep-alive comments. */
  readonly heartbeatMs: number;
}

const BATCH = 100;
/** The reconnection delay suggested to clients. */
const RETRY_MS = 3_000;

function lastEventId(header: string | undefined): number {
  if (header === undefined || header === '') {
    return 0;
  }
  if (!/^(0|[1-9][0-9]{0,14})$/.test(header)) {
    throw new RequestValidationError([{ path: 'header.last-event-id', message: 'must be an event id' }]);
  }
  return Number(header);
}

/** The chaincode refused to show the object to the reader (it answers NOT_FOUND, or FORBIDDEN). */
function refused(error: unknown): boolean {
  return error instanceof EvaluationError && (error.code === 'NOT_FOUND' || error.code === 'FORBIDDEN');
}

/**
 * What one reader may see, by the chaincode's own rule: each subject is evaluated as the reader
 * (`GetReceivable`, …); a positive answer is cached for the stream (visibility only grows as
 * receivables move, and once shown an object's later events stay relevant); a refusal is not cached,
 * so an object the reader becomes a party of later shows from then on. Any other failure (peer
 * unavailable) propagates: the event is neither shown nor skipped.
 */
function visibilityFor(
  user: AuthenticatedUser,
  options: Readonly<EventStreamsOptions>,
): (event: LoggedEvent) => Promise<LoggedEvent | undefined> {
  const readable = new Set<string>();
  const mayRead = async (subject: EventSubject): Promise<boolean> => {
    const cacheKey = `${subject.fn}\u0000${subject.id}`;
    if (readable.has(cacheKey)) {
      return true;
    }
    try {
      await options.ledger.evaluate({
        caller: user.caller,
        fn: subject.fn,
        args: [subject.id],
        deadline: new Date(Date.now() + options.queryTimeoutMs),
      });
    } catch (error) {
      if (refused(error)) {
        return false;
      }
      throw error;
    }
    readable.add(cacheKey);
    return true;
  };
  return async (event) => {
    const data: unknown = JSON.parse(event.data);
    const subjects = subjectsOf(event.eventName, data);
    let shown = false;
    for (const subject of subjects.anyOf) {
      if (await mayRead(subject)) {
        shown = true;
        break;
      }
    }
    if (!shown) {
      return undefined;
    }
    if (subjects.parts.length === 0) {
      return event;
    }
    const visibleParts = new Set<string>();
    for (const id of subjects.parts) {
      if (await mayRead({ fn: 'GetReceivable', id })) {
        visibleParts.add(id);
      }
    }
    if (visibleParts.size === subjects.parts.length) {
      return event;
    }
    const { parts, ...rest } = data as { parts: { id: string }[] };
    return {
      ...event,
      data: JSON.stringify({ ...rest, parts: parts.filter((part) => visibleParts.has(part.id)) }),
    };
  };
}

function format(event: LoggedEvent): string {
  const data = `{"txId":${JSON.stringify(event.transactionId)},"blockNumber":${JSON.stringify(event.blockNumber)},"payload":${event.data}}`;
  return `id: ${event.id}\nevent: ${event.eventName}\ndata: ${data}\n\n`;
}

/**
 * Creates the SSE endpoint: chaincode events from the event log, starting after `Last-Event-ID` (the
 * log's persistent row id, so a resume survives gateway restarts), then live as the listener
 * appends — each shown only when the chaincode lets the user read what it is about (see
 * {@link visibilityFor}); receivable parts the user may not read are left out of the event.
 */
export function createEventStreams(options: Readonly<EventStreamsOptions>): EventStreams {
  const open = new Set<Response>();

  const stream = (response: Response, user: AuthenticatedUser, from: number): void => {
    const visible = visibilityFor(user, options);
    const closed = new AbortController();
    let cursor = from;
    let pumping = false;
    let pending = false;
    /** Whether the feed announced events while the pump was writing (read after each await). */
    const announcedMeanwhile = (): boolean => pending && !closed.signal.aborted;

    const pump = async (): Promise<void> => {
      if (pumping) {
        pending = true;
        return;
      }
      pumping = true;
      try {
        do {
          pending = false;
          for (let batch = options.eventLog.readAfter(cursor, BATCH); batch.length > 0;) {
            for (const event of batch) {
              const shown = await visible(event);
              if (closed.signal.aborted) {
                return;
              }
              cursor = event.id;
              if (shown !== undefined && !response.write(format(shown))) {
                await once(response, 'drain', { signal: closed.signal });
              }
            }
            batch = options.eventLog.readAfter(cursor, BATCH);
          }
        } while (announcedMeanwhile());
      } catch (error) {
        if (closed.signal.aborted || !(error instanceof EvaluationError)) {
          response.destroy();
        } else {
          // The ledger could not say whether the user may see the next event: ask again later.
          retry = setTimeout(() => void pump(), options.retryDelayMs ?? RETRY_MS);
        }
      } finally {
        pumping = false;
      }
    };
    let retry: NodeJS.Timeout | undefined;

    const unsubscribe = options.feed.subscribe(() => void pump());
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), options.heartbeatMs);
    heartbeat.unref();
    response.on('close', () => {
      closed.abort();
      clearTimeout(retry);
      unsubscribe();
      clearInterval(heartbeat);
      open.delete(response);
    });
    open.add(response);
    void pump();
  };

  return {
    handler: async (request, response) => {
      const user = await authenticate(options.auth, bearerToken(request));
      const query = NoQuery.safeParse(request.query);
      if (!query.success) {
        throw new RequestValidationError([{ path: 'query', message: 'no query parameters are accepted' }]);
      }
      const from = lastEventId(request.get('Last-Event-ID'));
      if (open.size >= options.maxStreams) {
        throw new OverloadError(5);
      }
      response.status(200).set({
        'Content-Type': 'text/event-stream; charset=utf-8',
        'Cache-Control': 'no-cache, no-transform',
        Connection: 'keep-alive',
        'X-Accel-Buffering': 'no',
      });
      response.flushHeaders();
      response.write(`retry: ${RETRY_MS}\n\n`);
      stream(response, user, from);
    },
    count: () => open.size,
    closeAll: () => {
      for (const response of open) {
        response.end();
      }
    },
  };
}
