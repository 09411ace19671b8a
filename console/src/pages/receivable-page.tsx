import type { ReactElement } from 'react';
import { Receivable } from '../api/schemas';
import { ActionsPanel } from '../components/actions-panel';
import { ProblemAlert } from '../components/problem-alert';
import { ProvenanceView } from '../components/provenance-view';
import { isOverdue, OverdueBadge, StatusBadge, today } from '../components/status-badge';
import { TxLink } from '../components/tx-link';
import { displayAmount } from '../money';
import { hrefOf } from '../routes';
import type { Session } from '../session';
import { useLoad } from '../use-load';

/** One receivable: its fields, the actions this user may take, its provenance and history. */
export function ReceivablePage({
  session,
  id,
}: {
  readonly session: Session;
  readonly id: string;
}): ReactElement {
  const [loaded, reload] = useLoad(
    () => session.api.get(`/receivables/${encodeURIComponent(id)}`, Receivable),
    id,
  );
  return (
    <section aria-labelledby="receivable-title">
      <h2 id="receivable-title">Receivable {id}</h2>
      {loaded.state === 'loading' && <p aria-busy="true">Loading…</p>}
      {loaded.state === 'failed' && <ProblemAlert error={loaded.error} />}
      {loaded.state === 'ready' && (
        <>
          <Fields receivable={loaded.value} />
          <ActionsPanel session={session} receivable={loaded.value} onDone={reload} />
          <ProvenanceView session={session} id={id} version={loaded.value.updatedTxId} />
        </>
      )}
    </section>
  );
}

function Fields({ receivable: r }: { readonly receivable: Receivable }): ReactElement {
  const link = (target: string): ReactElement => (
    <a href={hrefOf({ name: 'receivable', id: target })}>{target}</a>
  );
  return (
    <dl className="fields">
      <dt>Status</dt>
      <dd data-testid="status">
        <StatusBadge status={r.status} /> {isOverdue(r, today()) && <OverdueBadge />}
      </dd>
      <dt>Amount</dt>
      <dd data-testid="amount">{displayAmount(r.amount, r.currency)}</dd>
      <dt>Holder</dt>
      <dd data-testid="holder">{r.holderId}</dd>
      <dt>Obligor</dt>
      <dd>{r.obligorId}</dd>
      <dt>Original creditor</dt>
      <dd>{r.originalCreditorId}</dd>
      <dt>Issued / due</dt>
      <dd>
        {r.issueDate} / {r.dueDate}
      </dd>
      <dt>Credit line</dt>
      <dd>{r.creditLineId}</dd>
      {r.parentId !== null && (
        <>
          <dt>Part of</dt>
          <dd>{link(r.parentId)}</dd>
        </>
      )}
      {r.childIds.length > 0 && (
        <>
          <dt>Parts</dt>
          <dd>
            {r.childIds.map((child, index) => (
              <span key={child}>
                {index > 0 && ', '}
                {link(child)}
              </span>
            ))}
          </dd>
        </>
      )}
      {r.financing !== undefined && (
        <>
          <dt>Financing</dt>
          <dd>
            {r.financing.status} by {r.financing.bankId} ({r.financing.requestId})
            {r.financing.advanceAmount !== undefined &&
              `, advance ${displayAmount(r.financing.advanceAmount, r.currency)}`}
          </dd>
        </>
      )}
      {r.settlement !== undefined && (
        <>
          <dt>Settlement</dt>
          <dd>
            {r.settlement.paymentRef} <TxLink txId={r.settlement.txId} />
          </dd>
        </>
      )}
      <dt>Last change</dt>
      <dd>
        <TxLink txId={r.updatedTxId} />
      </dd>
    </dl>
  );
}
