/**
 * The currency of each receivable the gateway has seen. A receivable's currency is fixed at
 * issuance and never changes (its parts inherit it), so a remembered currency never goes stale;
 * knowing it saves a `GetReceivable` round trip before converting a decimal amount of a request.
 */

/** Remembered currencies by receivable id. */
export interface CurrencyCache {
  /** The currency of `receivableId`, when seen. */
  get(receivableId: string): string | undefined;
  /** Remembers the currency of each receivable. */
  remember(receivables: Iterable<{ readonly id: string; readonly currency: string }>): void;
}

/** Entries kept by default: about 10 MB at most. */
const DEFAULT_CAPACITY = 100_000;

/** An in-memory cache that forgets the least recently remembered receivables beyond `capacity`. */
export function createCurrencyCache(capacity: number = DEFAULT_CAPACITY): CurrencyCache {
  const currencies = new Map<string, string>();
  return {
    get: (receivableId) => currencies.get(receivableId),
    remember: (receivables) => {
      for (const { id, currency } of receivables) {
        currencies.delete(id);
        currencies.set(id, currency);
        if (currencies.size > capacity) {
          const oldest = currencies.keys().next();
          if (oldest.done !== true) {
            currencies.delete(oldest.value);
          }
        }
      }
    },
  };
}
