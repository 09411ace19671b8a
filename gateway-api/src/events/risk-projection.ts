/**
 * The early-warning figures, kept off chain: a fold of the gateway's event log (the chaincode
 * events, as the event stream serves them) into the latest state of every credit line and
 * receivable. Each report first reads the events appended since the last one, so a page costs
 * no chain scan. Amounts are summed as integers of minor units.
 */
import { RECEIVABLE_STATUSES } from 'receivables-chaincode/contract';
import { z } from 'zod';
import { formatAmount, readAmount } from '../domain/money';
import type { EventLog } from '../store/event-log';

const LineData = z.object({
  id: z.string(),
  bankId: z.string(),
  obligorId: z.string(),
  currency: z.string(),
  limit: z.string(),
});

const ReceivableData = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  holderId: z.string(),
  obligorId: z.string(),
  amount: z.string(),
  currency: z.string(),
  dueDate: z.string(),
  status: z.enum(RECEIVABLE_STATUSES),
  creditLineId: z.string(),
});
type ReceivableData = z.infer<typeof ReceivableData>;
type ReceivableStatus = ReceivableData['status'];

const ReceivableEventData = z.object({
  receivable: ReceivableData,
  parts: z.array(ReceivableData).optional(),
});

/** A receivable in a report. */
export type RiskReceivable = Pick<
  ReceivableData,
  'id' | 'holderId' | 'obligorId' | 'amount' | 'currency' | 'dueDate' | 'status'
>;

/** What the risk dashboard shows. */
export interface RiskReport {
  /** The last event folded in. */
  readonly asOfEventId: number;
  /** Per credit line: its obligor, bank, limit and the live issued roots drawn on it. */
  readonly utilization: {
    readonly creditLineId: string;
    readonly obligorId: string;
    readonly bankId: string;
    readonly currency: string;
    readonly limit: string;
    readonly used: string;
  }[];
  /** Held receivables due from `today` to 30 days later, soonest first. */
  readonly dueSoon: RiskReceivable[];
  /** Open receivables past their due date, oldest first. */
  readonly overdue: RiskReceivable[];
  /** Held receivables by holder and currency, largest first, with the holder's share in %. */
  readonly byHolder: Concentration<'holderId'>[];
  /** Live roots on each bank's credit lines, by bank and currency, largest first. */
  readonly byBank: Concentration<'bankId'>[];
}

export type Concentration<K extends string> = Readonly<Record<K, string>> & {
  readonly currency: string;
  readonly amount: string;
  readonly share: string;
};

/** Parts that hold value now (a split parent's value is in its parts). */
const HELD: ReadonlySet<ReceivableStatus> = new Set(['ACTIVE', 'FINANCING_REQUESTED', 'FINANCED']);
/** Receivables still awaiting payment. */
const OPEN: ReadonlySet<ReceivableStatus> = new Set([...HELD, 'PENDING_ACCEPTANCE']);
/** Roots no longer drawing on their credit line. */
const CLOSED: ReadonlySet<ReceivableStatus> = new Set(['SETTLED', 'REJECTED', 'CANCELLED']);

const DUE_SOON_DAYS = 30;
const BATCH = 500;

function minor(amount: string, currency: string): bigint {
  const reading = readAmount(amount, currency);
  return reading.ok ? BigInt(reading.minorUnits) : 0n;
}

/** `part / whole` in percent with one decimal, on integers. */
function share(part: bigint, whole: bigint): string {
  const tenths = whole === 0n ? 0n : (part * 1000n + whole / 2n) / whole;
  return `${tenths / 10n}.${tenths % 10n}`;
}

function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

/** Sums amounts by `key` and currency; shares are of the currency's total. */
function concentration<K extends string>(
  key: K,
  entries: readonly { readonly who: string; readonly currency: string; readonly amount: bigint }[],
): Concentration<K>[] {
  const sums = new Map<string, { who: string; currency: string; amount: bigint }>();
  const totals = new Map<string, bigint>();
  for (const entry of entries) {
    const id = `${entry.currency}\u0000${entry.who}`;
    const sum = sums.get(id) ?? { who: entry.who, currency: entry.currency, amount: 0n };
    sums.set(id, { ...sum, amount: sum.amount + entry.amount });
    totals.set(entry.currency, (totals.get(entry.currency) ?? 0n) + entry.amount);
  }
  return [...sums.values()]
    .sort((a, b) => (a.amount === b.amount ? a.who.localeCompare(b.who) : a.amount > b.amount ? -1 : 1))
    .map(
      (sum) =>
        ({
          [key]: sum.who,
          currency: sum.currency,
          amount: formatAmount(sum.amount.toString(), sum.currency),
          share: share(sum.amount, totals.get(sum.currency) ?? 0n),
        }) as Concentration<K>,
    );
}

/** The projection over an event log. */
export interface RiskProjection {
  /** Folds in the events appended since the last call, then reports as of `today` (`YYYY-MM-DD`). */
  report(today: string): RiskReport;
}

export function createRiskProjection(eventLog: Pick<EventLog, 'readAfter'>): RiskProjection {
  const lines = new Map<string, z.infer<typeof LineData>>();
  const receivables = new Map<string, ReceivableData>();
  let lastId = 0;

  const fold = (eventName: string, data: unknown): void => {
    if (eventName === 'CreditLineGranted') {
      const line = LineData.safeParse(data).data;
      if (line !== undefined) lines.set(line.id, line);
      return;
    }
    const result = ReceivableEventData.safeParse(data).data;
    if (result === undefined) return;
    for (const receivable of [result.receivable, ...(result.parts ?? [])]) {
      receivables.set(receivable.id, receivable);
    }
  };

  const catchUp = (): void => {
    for (;;) {
      const events = eventLog.readAfter(lastId, BATCH);
      for (const event of events) {
        fold(event.eventName, JSON.parse(event.data));
        lastId = event.id;
      }
      if (events.length < BATCH) return;
    }
  };

  return {
    report: (today) => {
      catchUp();
      const all = [...receivables.values()];
      const liveRoots = all.filter((r) => r.parentId === null && !CLOSED.has(r.status));
      const held = all.filter((r) => HELD.has(r.status));
      const horizon = addDays(today, DUE_SOON_DAYS);
      const view = (receivable: ReceivableData): RiskReceivable => {
        const { id, holderId, obligorId, amount, currency, dueDate, status } = receivable;
        return { id, holderId, obligorId, amount, currency, dueDate, status };
      };
      const byDue = (a: ReceivableData, b: ReceivableData): number =>
        a.dueDate === b.dueDate ? a.id.localeCompare(b.id) : a.dueDate < b.dueDate ? -1 : 1;
      return {
        asOfEventId: lastId,
        utilization: [...lines.values()]
          .map((line) => ({
            creditLineId: line.id,
            obligorId: line.obligorId,
            bankId: line.bankId,
            currency: line.currency,
            limit: line.limit,
            used: formatAmount(
              liveRoots
                .filter((r) => r.creditLineId === line.id)
                .reduce((sum, r) => sum + minor(r.amount, r.currency), 0n)
                .toString(),
              line.currency,
            ),
          }))
          .sort(
            (a, b) => a.obligorId.localeCompare(b.obligorId) || a.creditLineId.localeCompare(b.creditLineId),
          ),
        dueSoon: held
          .filter((r) => r.dueDate >= today && r.dueDate <= horizon)
          .sort(byDue)
          .map(view),
        overdue: all
          .filter((r) => OPEN.has(r.status) && r.dueDate < today)
          .sort(byDue)
          .map(view),
        byHolder: concentration(
          'holderId',
          held.map((r) => ({ who: r.holderId, currency: r.currency, amount: minor(r.amount, r.currency) })),
        ),
        byBank: concentration(
          'bankId',
          liveRoots.flatMap((r) => {
            const line = lines.get(r.creditLineId);
            return line === undefined
              ? []
              : [{ who: line.bankId, currency: r.currency, amount: minor(r.amount, r.currency) }];
          }),
        ),
      };
    },
  };
}
