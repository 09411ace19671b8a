import type { ReactElement } from 'react';
import type { Receivable, ReceivableStatus } from '../api/schemas';

const OPEN: ReadonlySet<ReceivableStatus> = new Set([
  'PENDING_ACCEPTANCE',
  'ACTIVE',
  'FINANCING_REQUESTED',
  'FINANCED',
]);

/** Whether a receivable still waits for payment after its due date (`today`: `YYYY-MM-DD`). */
export function isOverdue(receivable: Pick<Receivable, 'dueDate' | 'status'>, today: string): boolean {
  return OPEN.has(receivable.status) && receivable.dueDate < today;
}

/** Today as `YYYY-MM-DD` (UTC, as the ledger's dates). */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

export function StatusBadge({ status }: { readonly status: ReceivableStatus }): ReactElement {
  return <span className={`badge status-${status.toLowerCase()}`}>{status.replace(/_/g, ' ')}</span>;
}

export function OverdueBadge(): ReactElement {
  return <span className="badge overdue">OVERDUE</span>;
}
