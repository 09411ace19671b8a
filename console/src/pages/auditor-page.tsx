import { useEffect, useState, type SyntheticEvent, type ReactElement } from 'react';
import { followEvents, type FeedEvent, type FeedState } from '../api/event-feed';
import { Transaction } from '../api/schemas';
import { Field } from '../components/action-form';
import { ProblemAlert } from '../components/problem-alert';
import { hrefOf } from '../routes';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import { idProblem, transactionIdProblem } from '../validation';

/** Find any receivable, look up a transaction, follow the live event feed. */
export function AuditorPage({
  session,
  tx,
}: {
  readonly session: Session;
  readonly tx?: string;
}): ReactElement {
  return (
    <section aria-labelledby="auditor-title">
      <h2 id="auditor-title">Audit</h2>
      <div className="two-columns">
        <FindReceivable />
        <TransactionLookup key={tx ?? ''} session={session} initial={tx} />
      </div>
      <EventFeed session={session} />
    </section>
  );
}

function FindReceivable(): ReactElement {
  const [id, setId] = useState('');
  const problem = idProblem(id.trim());
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (problem === undefined) window.location.hash = hrefOf({ name: 'receivable', id: id.trim() });
  };
  return (
    <form onSubmit={submit} aria-label="Find a receivable" className="action">
      <h3>Find a receivable</h3>
      <Field label="Receivable id" value={id} onChange={setId} problem={problem} />
      <button type="submit" disabled={problem !== undefined}>
        Open
      </button>
    </form>
  );
}

function TransactionLookup({
  session,
  initial,
}: {
  readonly session: Session;
  readonly initial?: string | undefined;
}): ReactElement {
  const [txId, setTxId] = useState(initial ?? '');
  const [looked, setLooked] = useState<string | undefined>(
    initial !== undefined && transactionIdProblem(initial) === undefined ? initial : undefined,
  );
  const [answer] = useLoad(
    () =>
      looked === undefined
        ? Promise.resolve(undefined)
        : session.api.get(`/transactions/${looked}`, Transaction),
    looked ?? '',
  );
  const problem = transactionIdProblem(txId.trim());
  const submit = (event: SyntheticEvent): void => {
    event.preventDefault();
    if (problem === undefined) setLooked(txId.trim());
  };
  return (
    <form onSubmit={submit} aria-label="Look up a transaction" className="action">
      <h3>Look up a transaction</h3>
      <Field label="Transaction id" value={txId} onChange={setTxId} problem={problem} />
      <button type="submit" disabled={problem !== undefined}>
        Look up
      </button>
      {answer.state === 'failed' && <ProblemAlert error={answer.error} />}
      {answer.state === 'ready' && answer.value !== undefined && (
        <dl className="fields" aria-label="Transaction">
          <dt>Validation code</dt>
          <dd data-testid="validation-code">{answer.value.validationCode}</dd>
          <dt>Block</dt>
          <dd data-testid="block">{answer.value.blockNumber}</dd>
          <dt>Creator</dt>
          <dd data-testid="creator">{answer.value.creatorMspId}</dd>
          <dt>Time</dt>
          <dd>{answer.value.timestamp ?? '—'}</dd>
        </dl>
      )}
    </form>
  );
}

const SHOWN = 50;

/** What an event is about: the id of its receivable (or credit line, participant), else its raw data. */
export function summary(data: string): string {
  try {
    // The stream's data: `{ txId, blockNumber, payload }`, the payload as the event log keeps it.
    const value: unknown = JSON.parse(data);
    const payload = typeof value === 'object' && value !== null && 'payload' in value ? value.payload : value;
    if (typeof payload === 'object' && payload !== null) {
      const subject = 'receivable' in payload ? payload.receivable : payload;
      if (
        typeof subject === 'object' &&
        subject !== null &&
        'id' in subject &&
        typeof subject.id === 'string'
      ) {
        return subject.id;
      }
    }
  } catch {
    // not JSON: shown as it is
  }
  return data.slice(0, 80);
}

function EventFeed({ session }: { readonly session: Session }): ReactElement {
  const [events, setEvents] = useState<readonly FeedEvent[]>([]);
  const [state, setState] = useState<FeedState>('connecting');
  useEffect(() => {
    const abort = new AbortController();
    void followEvents({
      token: session.token,
      signal: abort.signal,
      onState: setState,
      onEvent: (event) => {
        setEvents((old) => [event, ...old].slice(0, SHOWN));
      },
    });
    return () => {
      abort.abort();
    };
  }, [session.token]);
  return (
    <section aria-labelledby="feed-title">
      <h3 id="feed-title">
        Live events <span className={`feed-state ${state}`}>{state}</span>
      </h3>
      <ol className="feed" aria-live="polite" aria-label="Events, newest first">
        {events.map((event) => (
          <li key={event.id}>
            <span className="feed-id">#{event.id}</span> <strong>{event.event}</strong> {summary(event.data)}
          </li>
        ))}
      </ol>
    </section>
  );
}
