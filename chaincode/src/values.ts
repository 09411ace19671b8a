/**
 * Readers for the scalar values of the API (ids, currencies, dates, digests, tx ids, timestamps)
 * and the derivations that are allowed to produce new ones: ids from the transaction id, times from
 * the transaction timestamp. Nothing here reads the clock or a random source.
 */
import type { Timestamp } from 'fabric-shim';
import { ValidationError } from './errors';
import { arrayOf, matching, type Reader } from './guards';

/** Longest id accepted, in characters. */
const MAX_ID_LENGTH = 128;

const ID_PATTERN = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/u;

/** An id: letters and digits, with single `.`, `_` or `-` between them, at most 128 characters. */
export const readId: Reader<string> = matching(
  ID_PATTERN,
  `an id of letters and digits, single . _ - between them, at most ${MAX_ID_LENGTH} characters`,
  MAX_ID_LENGTH,
);

/** Tests whether `value` is a syntactically valid id (for ids computed by the contract). */
export function isId(value: string): boolean {
  return value.length <= MAX_ID_LENGTH && ID_PATTERN.test(value);
}

/**
 * The id of a new root receivable: an {@link readId} that does not end in `.<digits>`, the suffix
 * reserved for the parts of a split (`<parentId>.<n>`), so a root can never collide with a part.
 */
export const readRootId: Reader<string> = (value, path) => {
  const id = readId(value, path);
  if (/\.[0-9]+$/u.test(id)) {
    throw new ValidationError(`${path} must not end in .<digits>, which is reserved for split parts`);
  }
  return id;
};

/** An ISO 4217-style currency code: three capital letters. */
export const readCurrency: Reader<string> = matching(/^[A-Z]{3}$/u, 'three capital letters', 3);

/** A calendar date `YYYY-MM-DD` that exists (leap years included). */
export const readDate: Reader<string> = (value, path) => {
  const date = matching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/u, 'a date YYYY-MM-DD', 10)(value, path);
  const [year, month, day] = date.split('-').map(Number);
  if (
    year === undefined ||
    month === undefined ||
    day === undefined ||
    day < 1 ||
    day > daysIn(year, month)
  ) {
    throw new ValidationError(`${path} must be a calendar date YYYY-MM-DD`);
  }
  return date;
};

/** A {@link readDate} not before `earliest` (a `YYYY-MM-DD` date). */
export function dateFrom(earliest: string): Reader<string> {
  return (value, path) => {
    const date = readDate(value, path);
    if (date < earliest) {
      throw new ValidationError(`${path} ${date} is before ${earliest}`);
    }
    return date;
  };
}

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

const readDigest: Reader<string> = matching(/^[0-9a-f]{64}$/u, 'a lowercase hex SHA-256 digest', 64);

/** Up to 50 distinct invoice digests. */
export const readInvoiceHashes: Reader<string[]> = (value, path) => {
  const hashes = arrayOf(readDigest, 0, 50)(value, path);
  if (new Set(hashes).size !== hashes.length) {
    throw new ValidationError(`${path} must not contain duplicates`);
  }
  return hashes;
};

/** A Fabric transaction id (hex SHA-256), as stored in the ledger objects. */
export const readTxId: Reader<string> = matching(/^[0-9a-f]{64}$/u, 'a transaction id', 64);

/** A UTC timestamp as written by {@link isoTimestamp}. */
export const readTimestamp: Reader<string> = matching(
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/u,
  'an ISO-8601 UTC timestamp',
  24,
);

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
