/**
 * Exact money: amounts are integer minor units held as decimal digit strings and computed with
 * `BigInt`, never `Number`.
 */
import { matching, type Reader } from './guards';

/** A positive amount of minor units, 1 to 18 digits, no leading zero (so `"0"`, `"-5"`, `"1.5"` fail). */
export const readAmount: Reader<string> = matching(
  /^[1-9][0-9]{0,17}$/u,
  'a positive integer amount of minor units with at most 18 digits',
  18,
);

/** A non-negative balance of minor units (a credit line's `used`), at most 18 digits. */
export const readBalance: Reader<string> = matching(
  /^(?:0|[1-9][0-9]{0,17})$/u,
  'a non-negative integer amount of minor units with at most 18 digits',
  18,
);

/** The exact value of an amount or balance string. */
export function minor(amount: string): bigint {
  return BigInt(amount);
}

/** The digit string of a non-negative exact value. */
export function digits(value: bigint): string {
  if (value < 0n) {
    throw new Error(`negative balance ${value.toString()}`);
  }
  return value.toString();
}

/** The exact sum of amounts. */
export function total(amounts: readonly string[]): bigint {
  return amounts.reduce((sum, amount) => sum + minor(amount), 0n);
}
