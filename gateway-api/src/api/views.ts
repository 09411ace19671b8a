/**
 * Presenters: on-chain records (integer minor units) → API views (decimal strings with the
 * currency's minor digits).
 */
import type { z } from 'zod';
import { formatAmount } from '../domain/money';
import type {
  CreditLineRecord,
  FinancingRequestRecord,
  HopRecord,
  ReceivableRecord,
  TreeNodeRecord,
} from '../domain/records';
import type { CreditLineView, FinancingRequestView, HopView, ReceivableView, TreeNodeView } from './schemas';

type View<T extends z.ZodType> = z.infer<T>;

/** A credit line with decimal amounts. */
export function creditLineView(record: CreditLineRecord): View<typeof CreditLineView> {
  return {
    ...record,
    limit: formatAmount(record.limit, record.currency),
    used: formatAmount(record.used, record.currency),
  };
}

/** A provenance hop with a decimal amount. */
export function hopView(hop: HopRecord, currency: string): View<typeof HopView> {
  return { ...hop, amount: formatAmount(hop.amount, currency) };
}

/** A receivable with decimal amounts (absent optional parts left out). */
export function receivableView(record: ReceivableRecord): View<typeof ReceivableView> {
  const { financing, settlement, rejection, ...rest } = record;
  return {
    ...rest,
    amount: formatAmount(record.amount, record.currency),
    hops: record.hops.map((hop) => hopView(hop, record.currency)),
    ...(financing
      ? {
          financing: {
            ...financing,
            advanceAmount:
              financing.advanceAmount === undefined
                ? undefined
                : formatAmount(financing.advanceAmount, record.currency),
          },
        }
      : {}),
    ...(settlement ? { settlement } : {}),
    ...(rejection ? { rejection } : {}),
  };
}

/** A financing request with decimal amounts in the receivable's currency. */
export function financingRequestView(
  record: FinancingRequestRecord,
  currency: string,
): View<typeof FinancingRequestView> {
  return {
    ...record,
    currency,
    amount: formatAmount(record.amount, currency),
    advanceAmount:
      record.advanceAmount === undefined ? undefined : formatAmount(record.advanceAmount, currency),
  };
}

/** A split tree with decimal amounts. */
export function treeView(node: TreeNodeRecord, currency: string): TreeNodeView {
  return {
    id: node.id,
    amount: formatAmount(node.amount, currency),
    holderId: node.holderId,
    status: node.status,
    children: node.children.map((child) => treeView(child, currency)),
  };
}
