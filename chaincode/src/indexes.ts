/**
 * The composite-key indexes (LevelDB has no rich queries). An index entry is a key with a one-byte
 * value; receivable entries are rewritten on every change of holder or status.
 */
import type { Receivable, ReceivableStatus } from './contract';
import type { State } from './state';

/** `rcv~holder [holderId, status, id]`. */
const RECEIVABLES_BY_HOLDER = 'rcv~holder';

/** `rcv~obligor [obligorId, status, id]`. */
const RECEIVABLES_BY_OBLIGOR = 'rcv~obligor';

/** `rcv~status [status, id]`. */
const RECEIVABLES_BY_STATUS = 'rcv~status';

/**
 * `rcv~party [participantId, id]`: the participants that may see a receivable (visibility.ts). An
 * entry is only ever added, by a blind write (no read), so concurrent writes adding one never conflict.
 */
export const RECEIVABLES_BY_PARTY = 'rcv~party';

/** `creditline~obligor [obligorId, currency, id]`. */
export const CREDIT_LINES_BY_OBLIGOR = 'creditline~obligor';

/** An index entry: object type and attributes. */
type Entry = readonly [objectType: string, attributes: readonly string[]];

function entriesOf(receivable: Receivable): Entry[] {
  const { id, holderId, obligorId, status } = receivable;
  return [
    [RECEIVABLES_BY_HOLDER, [holderId, status, id]],
    [RECEIVABLES_BY_OBLIGOR, [obligorId, status, id]],
    [RECEIVABLES_BY_STATUS, [status, id]],
  ];
}

/** Stages the index changes from `previous` (none for a new receivable) to `next`: only what differs. */
export function reindex(state: State, previous: Receivable | undefined, next: Receivable): void {
  const keyOf = ([objectType, attributes]: Entry): string => state.key(objectType, attributes);
  const before = previous === undefined ? [] : entriesOf(previous);
  const after = entriesOf(next);
  const beforeKeys = new Set(before.map(keyOf));
  const afterKeys = new Set(after.map(keyOf));
  for (const entry of before.filter((candidate) => !afterKeys.has(keyOf(candidate)))) {
    state.deleteIndex(...entry);
  }
  for (const entry of after.filter((candidate) => !beforeKeys.has(keyOf(candidate)))) {
    state.putIndex(...entry);
  }
}

/** Stages the entries saying that each of `participantIds` may see each of `receivableIds`. */
export function addParties(
  state: State,
  receivableIds: readonly string[],
  participantIds: Iterable<string>,
): void {
  for (const participantId of participantIds) {
    for (const id of receivableIds) {
      state.putIndex(RECEIVABLES_BY_PARTY, [participantId, id]);
    }
  }
}

/** What QueryReceivables filters on. */
export type ReceivableFilter = {
  readonly holderId?: string;
  readonly obligorId?: string;
  readonly status?: ReceivableStatus;
};

/** The partial key a query scans: the index's object type and the attribute prefix. */
export type IndexRange = { readonly objectType: string; readonly prefix: readonly string[] };

/**
 * The index that serves `filter` for a caller who sees the receivables of party `partyId` (none: an
 * auditor, who sees all): by holder when a holder is given, else by obligor, else the party's own
 * entries, else by status (all receivables when nothing is given). Filters the index does not cover
 * are applied to what it returns.
 */
export function rangeFor({ holderId, obligorId, status }: ReceivableFilter, partyId?: string): IndexRange {
  const statusPrefix = status === undefined ? [] : [status];
  if (holderId !== undefined) {
    return { objectType: RECEIVABLES_BY_HOLDER, prefix: [holderId, ...statusPrefix] };
  }
  if (obligorId !== undefined) {
    return { objectType: RECEIVABLES_BY_OBLIGOR, prefix: [obligorId, ...statusPrefix] };
  }
  if (partyId !== undefined) {
    return { objectType: RECEIVABLES_BY_PARTY, prefix: [partyId] };
  }
  return { objectType: RECEIVABLES_BY_STATUS, prefix: statusPrefix };
}

/** Whether `receivable` passes every part of `filter`. */
export function matches(receivable: Receivable, { holderId, obligorId, status }: ReceivableFilter): boolean {
  return (
    (holderId === undefined || receivable.holderId === holderId) &&
    (obligorId === undefined || receivable.obligorId === obligorId) &&
    (status === undefined || receivable.status === status)
  );
}
