import type { ReactElement } from 'react';
import { History, Provenance } from '../api/schemas';
import { displayAmount } from '../money';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import { ProblemAlert } from './problem-alert';
import { SplitTree } from './split-tree';
import { TxLink } from './tx-link';

/** Where a receivable came from: the split tree, the hops from the issuance, its key history. */
export function ProvenanceView({
  session,
  id,
  version,
}: {
  readonly session: Session;
  readonly id: string;
  /** Changes when the receivable changed, to load again. */
  readonly version: string;
}): ReactElement {
  const base = `/receivables/${encodeURIComponent(id)}`;
  const [provenance] = useLoad(() => session.api.get(`${base}/provenance`, Provenance), `${id}@${version}`);
  const [history] = useLoad(() => session.api.get(`${base}/history`, History), `${id}@${version}`);
  return (
    <>
      <section aria-labelledby="provenance-title">
        <h3 id="provenance-title">Provenance</h3>
        {provenance.state === 'loading' && <p aria-busy="true">Loading…</p>}
        {provenance.state === 'failed' && <ProblemAlert error={provenance.error} />}
        {provenance.state === 'ready' && (
          <>
            <SplitTree root={provenance.value.tree} currency={provenance.value.currency} focusId={id} />
            <h4>Hops</h4>
            <ol className="timeline" aria-label="Hops">
              {provenance.value.path.map((hop) => (
                <li key={`${hop.txId}-${hop.kind}-${hop.toId}`}>
                  <time dateTime={hop.timestamp}>{hop.timestamp.replace('T', ' ').slice(0, 19)}</time>{' '}
                  <strong>{hop.kind}</strong> {hop.fromId} → {hop.toId},{' '}
                  {displayAmount(hop.amount, provenance.value.currency)} <TxLink txId={hop.txId} />
                </li>
              ))}
            </ol>
          </>
        )}
      </section>
      <section aria-labelledby="history-title">
        <h3 id="history-title">Key history</h3>
        {history.state === 'loading' && <p aria-busy="true">Loading…</p>}
        {history.state === 'failed' && <ProblemAlert error={history.error} />}
        {history.state === 'ready' && (
          <div className="table-scroll">
            <table aria-label="Key history">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Transaction</th>
                  <th scope="col">Status</th>
                  <th scope="col">Holder</th>
                  <th scope="col" className="number">
                    Amount
                  </th>
                </tr>
              </thead>
              <tbody>
                {history.value.map((entry) => (
                  <tr key={entry.txId}>
                    <td>{entry.timestamp.replace('T', ' ').slice(0, 19)}</td>
                    <td>
                      <TxLink txId={entry.txId} />
                    </td>
                    <td>{entry.isDelete ? 'deleted' : entry.value?.status}</td>
                    <td>{entry.value?.holderId}</td>
                    <td className="number">
                      {entry.value === null ? '' : displayAmount(entry.value.amount, entry.value.currency)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}
