import { once } from 'node:events';
import type { RequestHandler, Response } from 'express';
import { NoQuery } from '../api/schemas';
import { OverloadError, RequestValidationError } from '../domain/errors';
import { kindOfOrg } from '../domain/orgs';
import type { EventFeed } from '../events/event-feed';
import type { EventLog, EventReader, LoggedEvent } from '../store/event-log';
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

function readerOf(user: AuthenticatedUser): EventReader {
  return kindOfOrg(user.org) === 'AUDITOR'
    ? { all: true }
    : { all: false, participantId: user.participantId };
}

function format(event: LoggedEvent): string {
  const data = `{"txId":${JSON.stringify(event.transactionId)},"blockNumber":${JSON.stringify(event.blockNumber)},"payload":${event.data}}`;
  return `id: ${event.id}\nevent: ${event.eventName}\ndata: ${data}\n\n`;
}

/**
 * Creates the SSE endpoint: chaincode events from the event log, filtered to what the user may see
 * (auditors: all), starting after `Last-Event-ID`, then live as the listener appends.
 */
export function createEventStreams(options: Readonly<EventStreamsOptions>): EventStreams {
  const open = new Set<Response>();

  const stream = (response: Response, reader: EventReader, from: number): void => {
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
          for (let batch = options.eventLog.readAfter(cursor, reader, BATCH); batch.length > 0;) {
            for (const event of batch) {
              cursor = event.id;
              if (!response.write(format(event))) {
                await once(response, 'drain', { signal: closed.signal });
              }
            }
            batch = options.eventLog.readAfter(cursor, reader, BATCH);
          }
        } while (announcedMeanwhile());
      } catch {
        response.destroy();
      } finally {
        pumping = false;
      }
    };

    const unsubscribe = options.feed.subscribe(() => void pump());
    const heartbeat = setInterval(() => response.write(': keep-alive\n\n'), options.heartbeatMs);
    heartbeat.unref();
    response.on('close', () => {
      closed.abort();
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
      stream(response, readerOf(user), from);
    },
    count: () => open.size,
    closeAll: () => {
      for (const response of open) {
        response.end();
      }
    },
  };
}
