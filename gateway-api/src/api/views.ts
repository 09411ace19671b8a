/**
 * Presenters: on-chain records (integer minor units) → API views (decimal strings with the
 * currency's minor digits).
 */
import type { z } from 'zod';
import { formatAmount } from '../domain/money';
import type {
  CreditLine,
  FinancingRequest,
  HistoryEntry,
  Hop,
  ProvenanceTree,
  Receivable,
} from 'receivables-chaincode/contract';
import type { TransactionInfo } from '../ledger/ledger';
import type { CreditLineWrite } from '../usecases/credit-lines';
import type { Page } from '../usecases/ledger-calls';
import type { FinancingWrite } from '../usecases/financing';
import type { EnrolledUser } from '../usecases/identities';
import type { ParticipantWrite } from '../usecases/participants';
import type { Provenance, ReceivableList, ReceivableWrite } from '../usecases/receivables';
import type {
  CreditLineView,
  CreditLineWriteView,
  FinancingRequestView,
  FinancingWriteView,
  HistoryView,
  ParticipantWriteView,
  ProvenanceView,
  ReceivablePageView,
  ReceivableView,
  ReceivableWriteView,
  TransactionView,
  UserView,
} from './schemas';

type View<T extends z.ZodType> = z.infer<T>;

/** A credit line with decimal amounts. */
export function creditLineView(record: CreditLine): View<typeof CreditLineView> {
  return {
    ...record,
    limit: formatAmount(record.limit, record.currency),
    used: formatAmount(record.used, record.currency),
  };
}

/** A provenance hop with a decimal amount. */
export function hopView(hop: Hop, currency: string): Hop {
  return { ...hop, amount: formatAmount(hop.amount, currency) };
}

/** A receivable with decimal amounts (absent optional parts left out). */
export function receivableView(record: Receivable): View<typeof ReceivableView> {
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
  record: FinancingRequest,
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
export function treeView(node: ProvenanceTree, currency: string): ProvenanceTree {
  return {
    id: node.id,
    amount: formatAmount(node.amount, currency),
    holderId: node.holderId,
    status: node.status,
    children: node.children.map((child) => treeView(child, currency)),
  };
}

/** A receivable write: the receivable, its new or settled parts, and the transaction. */
export function receivableWriteView(write: ReceivableWrite): View<typeof ReceivableWriteView> {
  return {
    ...receivableView(write.receivable),
    txId: write.txId,
    ...(write.parts === undefined ? {} : { parts: write.parts.map(receivableView) }),
  };
}

/** A page of a list, each item rendered by `view`. */
export function pageView<T, V>(
  page: Page<T>,
  view: (item: T) => V,
): { items: V[]; nextCursor: string | null } {
  return { items: page.items.map(view), nextCursor: page.nextCursor };
}

/** A page of receivables. */
export function receivablePageView(list: ReceivableList): View<typeof ReceivablePageView> {
  return pageView(list, receivableView);
}

/** A provenance with decimal amounts. */
export function provenanceView(provenance: Provenance): View<typeof ProvenanceView> {
  const { currency } = provenance;
  return {
    currency,
    path: provenance.path.map((hop) => hopView(hop, currency)),
    tree: treeView(provenance.tree, currency),
  };
}

/** A receivable's history with decimal amounts. */
export function historyView(history: readonly HistoryEntry[]): View<typeof HistoryView> {
  return history.map((entry) => ({
    ...entry,
    value: entry.value === null ? null : receivableView(entry.value),
  }));
}

/** A financing write: the request, the receivable it concerns, and the transaction. */
export function financingWriteView(write: FinancingWrite): View<typeof FinancingWriteView> {
  return {
    ...financingRequestView(write.financingRequest, write.receivable.currency),
    receivable: receivableView(write.receivable),
    txId: write.txId,
  };
}

/** A participant just registered. */
export function participantWriteView(write: ParticipantWrite): View<typeof ParticipantWriteView> {
  return { ...write.participant, txId: write.txId };
}

/** A credit line just granted. */
export function creditLineWriteView(write: CreditLineWrite): View<typeof CreditLineWriteView> {
  return { ...creditLineView(write.creditLine), txId: write.txId };
}

/** A user just enrolled. */
export function userView(user: EnrolledUser): View<typeof UserView> {
  return {
    username: user.username,
    org: user.org,
    mspId: user.mspId,
    participantId: user.participantId,
    role: user.role,
  };
}

/** A transaction as recorded. */
export function transactionView(info: TransactionInfo): View<typeof TransactionView> {
  return {
    txId: info.transactionId,
    validationCode: info.validationCode,
    blockNumber: info.blockNumber.toString(),
    creatorMspId: info.creatorMspId,
    ...(info.timestamp === undefined ? {} : { timestamp: info.timestamp }),
  };
}
