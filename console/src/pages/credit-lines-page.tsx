import type { ReactElement } from 'react';
import { allPages } from '../api/client';
import { CreditLinePage } from '../api/schemas';
import { Bar } from '../components/bar';
import { ProblemAlert } from '../components/problem-alert';
import { decimalOf, displayAmount, minorUnitsOf, percent } from '../money';
import type { Session } from '../session';
import { useLoad } from '../use-load';

/** Minor units of a non-negative balance ("0.00" included, which is not a valid amount). */
function balance(text: string, currency: string): bigint {
  return minorUnitsOf(text, currency) ?? 0n;
}

/** The credit lines the user may see (as bank or obligor; auditors: all): limit, used and room. */
export function CreditLinesPage({ session }: { readonly session: Session }): ReactElement {
  const [lines] = useLoad(() => allPages(session.api, '/credit-lines', CreditLinePage), 'all');
  return (
    <section aria-labelledby="lines-title">
      <h2 id="lines-title">Credit lines</h2>
      {lines.state === 'loading' && <p aria-busy="true">Loading…</p>}
      {lines.state === 'failed' && <ProblemAlert error={lines.error} />}
      {lines.state === 'ready' && lines.value.items.length === 0 && <p>No credit lines.</p>}
      {lines.state === 'ready' && lines.value.items.length > 0 && (
        <ul className="lines">
          {lines.value.items.map((line) => {
            const limit = balance(line.limit, line.currency);
            const used = balance(line.used, line.currency);
            return (
              <li key={line.id} data-testid={`line-${line.id}`}>
                <div className="line-head">
                  <strong>{line.obligorId}</strong> from {line.bankId} <small>({line.id})</small>
                </div>
                <Bar part={used} whole={limit} label={`${line.id} used`} />
                <div className="line-figures">
                  <span>limit {displayAmount(line.limit, line.currency)}</span>
                  <span>
                    used {displayAmount(line.used, line.currency)} ({percent(used, limit)} %)
                  </span>
                  <span>room {displayAmount(decimalOf(limit - used, line.currency), line.currency)}</span>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
