import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { CurrencyCache } from '../domain/currency-cache';
import type { EventSubscription, Ledger, LedgerCaller } from '../ledger/ledger';
import type { EventLog } from '../store/event-log';
import type { EventFeed } from './event-feed';
import { projectEvent } from './event-projection';

/** Follows the chaincode's events into the event log. */
export interface EventListener {
  /** Starts following (in the background); resumes after the log's checkpoint. */
  start(): void;
  /** Stops following and waits for the loop to end. */
  stop(): Promise<void>;
}

/** Options of {@link createEventListener}. */
export interface EventListenerOptions {
  readonly ledger: Ledger;
  readonly eventLog: EventLog;
  readonly feed: EventFeed;
  /** Learns the currency of every receivable an event carries. */
  readonly currencies: CurrencyCache;
  /** The identity that reads the events (an org administrator); looked up at each (re)connection. */
  readonly caller: () => LedgerCaller | undefined;
  readonly log: Logger;
  /** Called once per event appended. */
  readonly onAppended?: () => void;
  /** First and longest wait between reconnections. */
  readonly retryDelayMs?: { readonly initial: number; readonly max: number };
}

/**
 * Creates the listener: `network.getChaincodeEvents` from the checkpoint persisted in SQLite; each
 * event is appended to the log together with the new checkpoint (one SQLite transaction), so a
 * restart neither loses nor repeats one. Connection failures are retried with backoff.
 */
export function createEventListener(options: Readonly<EventListenerOptions>): EventListener {
  const { ledger, eventLog, feed, log } = options;
  const delays = options.retryDelayMs ?? { initial: 1_000, max: 30_000 };
  const abort = new AbortController();
  const stopped = (): boolean => abort.signal.aborted;
  let subscription: EventSubscription | undefined;
  let loop: Promise<void> | undefined;

  const follow = async (caller: LedgerCaller): Promise<void> => {
    subscription = await ledger.subscribeEvents({ caller, after: eventLog.checkpoint() });
    for await (const event of subscription) {
      const { data, receivables } = projectEvent(event.eventName, event.payload);
      options.currencies.remember(receivables);
      const id = eventLog.append({
        transactionId: event.transactionId,
        blockNumber: event.blockNumber,
        eventName: event.eventName,
        data,
      });
      if (id !== undefined) {
        options.onAppended?.();
        feed.notify();
      }
    }
  };

  const run = async (): Promise<void> => {
    let delay = delays.initial;
    while (!stopped()) {
      const caller = options.caller();
      try {
        if (caller === undefined) {
          throw new Error('no identity to read events with');
        }
        await follow(caller);
        delay = delays.initial;
      } catch (error) {
        if (stopped()) {
          return;
        }
        log.warn({ err: error, retryInMs: delay }, 'chaincode event stream interrupted');
      }
      await sleep(delay, undefined, { signal: abort.signal }).catch(() => undefined);
      delay = Math.min(delay * 2, delays.max);
    }
  };

  return {
    start: () => {
      loop ??= run();
    },
    stop: async () => {
      abort.abort();
      subscription?.close();
      await loop;
    },
  };
}
