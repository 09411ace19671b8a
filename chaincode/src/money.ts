/**
 * Exact money: amounts are integer minor units held as decimal digit strings (contract `readAmount`,
 * `readBalance`) and computed with `BigInt`, never `Number`.
 */

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
