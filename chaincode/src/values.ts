/**
 * The derivations that are allowed to produce new values inside a transaction: ids from the
 * transaction id, times from the transaction timestamp. Nothing here reads the clock or a random
 * source. (The schemas of the values are the contract's: contract/values.ts.)
 */
import type { Timestamp } from 'fabric-shim';
import { ValidationError } from './contract/errors';
import { readDate, type Schema } from './contract';
import { refine } from './contract/schema';

/** A date (contract `readDate`) not before `earliest` (a `YYYY-MM-DD` date). */
export function dateFrom(earliest: string): Schema<string> {
  return refine(readDate, `not before ${earliest}`, (date, path) => {
    if (date < earliest) {
      throw new ValidationError(`${path} ${date} is before ${earliest}`);
    }
    return date;
  });
}

/** The id the contract assigns when none is given: `<prefix>-` and the first 16 characters of the tx id. */
export function derivedId(prefix: string, txId: string): string {
  return `${prefix}-${txId.slice(0, 16)}`;
}

/**
 * A Fabric timestamp as an ISO-8601 UTC string with milliseconds. The shim types `seconds` as a
 * `Long`; history entries carry a plain number at run time, so both are accepted.
 */
export function isoTimestamp(timestamp: Timestamp): string {
  const raw: unknown = timestamp.seconds;
  const seconds = typeof raw === 'number' ? raw : timestamp.seconds.toNumber();
  return new Date(seconds * 1000 + Math.floor(timestamp.nanos / 1_000_000)).toISOString();
}

/** The `YYYY-MM-DD` date part of an ISO timestamp. */
export function dateOf(isoTime: string): string {
  return isoTime.slice(0, 10);
}
