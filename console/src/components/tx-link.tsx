import type { ReactElement } from 'react';
import { hrefOf } from '../routes';

/** A transaction id, shortened, linking to its lookup on the auditor page. */
export function TxLink({ txId }: { readonly txId: string }): ReactElement {
  return (
    <a className="tx" href={hrefOf({ name: 'auditor', tx: txId })} title={txId}>
      <code>{txId.slice(0, 10)}…</code>
    </a>
  );
}
