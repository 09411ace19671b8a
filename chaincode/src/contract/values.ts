/**
 * The scalar values of the contract: ids, amounts, currencies, dates, digests, transaction ids,
 * timestamps and free text, each with its schema.
 */
import { ValidationError } from './errors';
import { arrayOf, matching, refine, text, type Schema } from './schema';

/** Longest id accepted, in characters. */
export const MAX_ID_LENGTH = 128;

const ID_PATTERN = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/u;

/** An id: letters and digits, with single `.`, `_` or `-` between them, at most 128 characters. */
export const readId: Schema<string> = matching(
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
export const readRootId: Schema<string> = refine(
  readId,
  'not ending in .<digits>, which is reserved for split parts',
  (id, path) => {
    if (/\.[0-9]+$/u.test(id)) {
      throw new ValidationError(`${path} must not end in .<digits>, which is reserved for split parts`);
    }
    return id;
  },
);

/** A positive amount of minor units, 1 to 18 digits, no leading zero (so `"0"`, `"-5"`, `"1.5"` fail). */
export const readAmount: Schema<string> = matching(
  /^[1-9][0-9]{0,17}$/u,
  'a positive integer amount of minor units with at most 18 digits',
  18,
);

/** A non-negative balance of minor units (a credit line's `used`), at most 18 digits. */
export const readBalance: Schema<string> = matching(
  /^(?:0|[1-9][0-9]{0,17})$/u,
  'a non-negative integer amount of minor units with at most 18 digits',
  18,
);

/** An ISO 4217-style currency code: three capital letters. */
export const readCurrency: Schema<string> = matching(/^[A-Z]{3}$/u, 'three capital letters', 3);

/** A calendar date `YYYY-MM-DD` that exists (leap years included). */
export const readDate: Schema<string> = refine(
  matching(/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/u, 'a date YYYY-MM-DD', 10),
  'a calendar date that exists',
  (date, path) => {
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
  },
);

function daysIn(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
}

/** Most invoice digests a receivable carries. */
export const MAX_INVOICE_HASHES = 50;

/** A SHA-256 digest in lowercase hex (an invoice's). */
export const readDigest: Schema<string> = matching(/^[0-9a-f]{64}$/u, 'a lowercase hex SHA-256 digest', 64);

/** Up to 50 distinct invoice digests. */
export const readInvoiceHashes: Schema<string[]> = refine(
  arrayOf(readDigest, 0, MAX_INVOICE_HASHES),
  'no duplicates',
  (hashes, path) => {
    if (new Set(hashes).size !== hashes.length) {
      throw new ValidationError(`${path} must not contain duplicates`);
    }
    return hashes;
  },
);

/** A Fabric transaction id (hex SHA-256), as stored in the ledger objects. */
export const readTxId: Schema<string> = matching(/^[0-9a-f]{64}$/u, 'a transaction id', 64);

/** A UTC timestamp with milliseconds, as the contract writes it. */
export const readTimestamp: Schema<string> = matching(
  /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/u,
  'an ISO-8601 UTC timestamp',
  24,
);

/** An MSP id. */
export const readMspId: Schema<string> = matching(/^[A-Za-z0-9.-]+$/u, 'an MSP id', 128);

/** A participant's display name: 1–128 characters. */
export const readName: Schema<string> = text(128);

/** A rejection reason: 1–512 characters. */
export const readReason: Schema<string> = text(512);

/** A settlement's payment reference: 1–128 characters. */
export const readPaymentRef: Schema<string> = text(128);

/** A bookmark as handed to clients: the base64url form of the next key (`""`: the first page). */
export const readBookmark: Schema<string> = matching(
  /^[A-Za-z0-9_-]*$/u,
  'a bookmark from a previous page',
  4096,
);
