import { useState, type ReactElement } from 'react';
import { ReceivablePage, RECEIVABLE_STATUSES, type Receivable, type ReceivableStatus } from '../api/schemas';
import { ProblemAlert } from '../components/problem-alert';
import { isOverdue, OverdueBadge, StatusBadge, today } from '../components/status-badge';
import { displayAmount, minorUnitsOf } from '../money';
import { hrefOf } from '../routes';
import type { Session } from '../session';
import { useLoad } from '../use-load';

type Side = 'holder' | 'obligor' | 'all';

/** Filters the API does not take, applied to the page shown. */
export interface LocalFilters {
  readonly minAmount: string;
  readonly maxAmount: string;
  readonly dueFrom: string;
  readonly dueTo: string;
}

/** Whether a receivable passes the amount and due-date filters (empty or invalid bounds are ignored). */
export function passes(receivable: Receivable, filters: LocalFilters): boolean {
  const amount = minorUnitsOf(receivable.amount, receivable.currency) ?? 0n;
  const min = minorUnitsOf(filters.minAmount, receivable.currency);
  const max = minorUnitsOf(filters.maxAmount, receivable.currency);
  return (
    (min === undefined || amount >= min) &&
    (max === undefined || amount <= max) &&
    (filters.dueFrom === '' || receivable.dueDate >= filters.dueFrom) &&
    (filters.dueTo === '' || receivable.dueDate <= filters.dueTo)
  );
}

const PAGE_SIZE = 20;

function query(participantId: string | null, side: Side, status: string, cursor: string | undefined): string {
  const params = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (participantId !== null && side === 'holder') params.set('holderId', participantId);
  if (participantId !== null && side === 'obligor') params.set('obligorId', participantId);
  if (status !== '') params.set('status', status);
  if (cursor !== undefined) params.set('cursor', cursor);
  return `/receivables?${params.toString()}`;
}

/** The receivables the user may see: held, owed, or all; filtered; a page at a time. */
export function ReceivablesPage({ session }: { readonly session: Session }): ReactElement {
  const { participantId } = session.me;
  const [side, setSide] = useState<Side>(participantId === null ? 'all' : 'holder');
  const [status, setStatus] = useState<ReceivableStatus | ''>('');
  const [filters, setFilters] = useState<LocalFilters>({
    minAmount: '',
    maxAmount: '',
    dueFrom: '',
    dueTo: '',
  });
  // The cursors of the pages before the one shown (the first page has none).
  const [cursors, setCursors] = useState<readonly (string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  const path = query(participantId, side, status, cursor);
  const [page] = useLoad(() => session.api.get(path, ReceivablePage), path);
  const now = today();

  const restart = (): void => {
    setCursors([undefined]);
  };
  const filter = (key: keyof LocalFilters) => (value: string) => {
    setFilters({ ...filters, [key]: value });
  };

  return (
    <section aria-labelledby="receivables-title">
      <h2 id="receivables-title">Receivables</h2>
      <div className="filters">
        {participantId !== null && (
          <fieldset className="tabs">
            <legend>Show</legend>
            {(['holder', 'obligor', 'all'] as const).map((value) => (
              <label key={value}>
                <input
                  type="radio"
                  name="side"
                  checked={side === value}
                  onChange={() => {
                    setSide(value);
                    restart();
                  }}
                />
                {value === 'holder' ? 'held by me' : value === 'obligor' ? 'owed by me' : 'all I may see'}
              </label>
            ))}
          </fieldset>
        )}
        <label>
          Status
          <select
            value={status}
            onChange={(event) => {
              const value = RECEIVABLE_STATUSES.find((known) => known === event.target.value);
              setStatus(value ?? '');
              restart();
            }}
          >
            <option value="">any</option>
            {RECEIVABLE_STATUSES.map((value) => (
              <option key={value} value={value}>
                {value}
              </option>
            ))}
          </select>
        </label>
        <TextFilter label="Amount from" value={filters.minAmount} onChange={filter('minAmount')} />
        <TextFilter label="Amount to" value={filters.maxAmount} onChange={filter('maxAmount')} />
        <TextFilter label="Due from" type="date" value={filters.dueFrom} onChange={filter('dueFrom')} />
        <TextFilter label="Due to" type="date" value={filters.dueTo} onChange={filter('dueTo')} />
      </div>
      {page.state === 'loading' && <p aria-busy="true">Loading…</p>}
      {page.state === 'failed' && <ProblemAlert error={page.error} />}
      {page.state === 'ready' && (
        <>
          <ReceivableTable items={page.value.items.filter((item) => passes(item, filters))} today={now} />
          <nav className="pager" aria-label="Pages">
            <button
              type="button"
              disabled={cursors.length === 1}
              onClick={() => {
                setCursors(cursors.slice(0, -1));
              }}
            >
              Previous page
            </button>
            <span>Page {cursors.length}</span>
            <button
              type="button"
              disabled={page.value.nextCursor === null}
              onClick={() => {
                setCursors([...cursors, page.value.nextCursor ?? undefined]);
              }}
            >
              Next page
            </button>
          </nav>
        </>
      )}
    </section>
  );
}

function TextFilter(props: {
  readonly label: string;
  readonly value: string;
  readonly type?: 'date';
  readonly onChange: (value: string) => void;
}): ReactElement {
  return (
    <label>
      {props.label}
      <input
        type={props.type ?? 'text'}
        inputMode={props.type === undefined ? 'decimal' : undefined}
        value={props.value}
        onChange={(event) => {
          props.onChange(event.target.value);
        }}
      />
    </label>
  );
}

/** What a row of {@link ReceivableTable} shows. */
export type ReceivableRow = Pick<
  Receivable,
  'id' | 'holderId' | 'obligorId' | 'amount' | 'currency' | 'dueDate' | 'status'
>;

/** A table of receivables, each row a link to its page; overdue ones marked. */
export function ReceivableTable({
  items,
  today: now,
}: {
  readonly items: readonly ReceivableRow[];
  readonly today: string;
}): ReactElement {
  if (items.length === 0) return <p>No receivables.</p>;
  return (
    <div className="table-scroll">
      <table>
        <thead>
          <tr>
            <th scope="col">Id</th>
            <th scope="col">Holder</th>
            <th scope="col">Obligor</th>
            <th scope="col" className="number">
              Amount
            </th>
            <th scope="col">Due</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => {
            const overdue = isOverdue(item, now);
            return (
              <tr key={item.id} className={overdue ? 'overdue-row' : undefined}>
                <td>
                  <a href={hrefOf({ name: 'receivable', id: item.id })}>{item.id}</a>
                </td>
                <td>{item.holderId}</td>
                <td>{item.obligorId}</td>
                <td className="number">{displayAmount(item.amount, item.currency)}</td>
                <td>{item.dueDate}</td>
                <td>
                  <StatusBadge status={item.status} /> {overdue && <OverdueBadge />}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
