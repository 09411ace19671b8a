import type { ReactElement } from 'react';
import { RiskReport } from '../api/schemas';
import { Bar } from '../components/bar';
import { ProblemAlert } from '../components/problem-alert';
import { ReceivableTable } from './receivables-page';
import { displayAmount, minorUnitsOf } from '../money';
import type { Session } from '../session';
import { useLoad } from '../use-load';
import { today } from '../components/status-badge';

const minor = (amount: string, currency: string): bigint => minorUnitsOf(amount, currency) ?? 0n;

/** The early-warning view, from the gateway's projection of the chaincode events (`GET /risk`). */
export function RiskPage({ session }: { readonly session: Session }): ReactElement {
  const [report, reload] = useLoad(() => session.api.get('/risk', RiskReport), 'risk');
  return (
    <section aria-labelledby="risk-title">
      <h2 id="risk-title">Risk</h2>
      <button type="button" onClick={reload}>
        Refresh
      </button>
      {report.state === 'loading' && <p aria-busy="true">Loading…</p>}
      {report.state === 'failed' && <ProblemAlert error={report.error} />}
      {report.state === 'ready' && (
        <>
          <p className="hint">As of event #{report.value.asOfEventId}.</p>
          <h3>Credit-line utilization by obligor</h3>
          <ul className="lines">
            {report.value.utilization.map((line) => (
              <li key={line.creditLineId}>
                <div className="line-head">
                  <strong>{line.obligorId}</strong> from {line.bankId}
                </div>
                <Bar
                  part={minor(line.used, line.currency)}
                  whole={minor(line.limit, line.currency)}
                  label={`${line.obligorId} utilization`}
                />
                <div className="line-figures">
                  <span>
                    used {displayAmount(line.used, line.currency)} of{' '}
                    {displayAmount(line.limit, line.currency)}
                  </span>
                </div>
              </li>
            ))}
          </ul>
          <h3>Overdue</h3>
          <ReceivableTable items={report.value.overdue} today={today()} />
          <h3>Due within 30 days</h3>
          <ReceivableTable items={report.value.dueSoon} today={today()} />
          <div className="two-columns">
            <Concentration
              title="Holdings by holder"
              rows={report.value.byHolder.map((row) => ({ ...row, who: row.holderId }))}
            />
            <Concentration
              title="Outstanding by bank"
              rows={report.value.byBank.map((row) => ({ ...row, who: row.bankId }))}
            />
          </div>
        </>
      )}
    </section>
  );
}

function Concentration(props: {
  readonly title: string;
  readonly rows: readonly {
    readonly who: string;
    readonly amount: string;
    readonly currency: string;
    readonly share: string;
  }[];
}): ReactElement {
  return (
    <section>
      <h3>{props.title}</h3>
      <ul className="lines">
        {props.rows.map((row) => (
          <li key={`${row.who}-${row.currency}`}>
            <div className="line-head">
              <strong>{row.who}</strong> {displayAmount(row.amount, row.currency)} ({row.share} %)
            </div>
            <Bar part={BigInt(row.share.replace('.', ''))} whole={1000n} label={`${row.who} share`} />
          </li>
        ))}
      </ul>
    </section>
  );
}
