/**
 * Amounts as the API takes them: decimal strings with exactly the currency's minor digits, checked
 * by the gateway's own rule (`readAmount`), added up as integers of minor units, never floats.
 */
import { formatAmount, readAmount } from '../../gateway-api/src/domain/money';

/** The problem with an amount as typed, or `undefined` when the API would take it. */
export function amountProblem(text: string, currency: string): string | undefined {
  const reading = readAmount(text.trim(), currency);
  return reading.ok ? undefined : reading.message;
}

/** The amount in minor units, or `undefined` when it is not a valid amount. */
export function minorUnitsOf(text: string, currency: string): bigint | undefined {
  const reading = readAmount(text.trim(), currency);
  return reading.ok ? BigInt(reading.minorUnits) : undefined;
}

/** Minor units as a decimal of the currency ("125050" EUR → "1250.50"). */
export function decimalOf(minorUnits: bigint, currency: string): string {
  return formatAmount(minorUnits.toString(), currency);
}

/** Whether parts typed by the user add up exactly to `total`, and what is left to assign. */
export interface PartsCheck {
  readonly problems: readonly (string | undefined)[];
  /** total − sum of the valid parts, in the currency's decimals (negative: too much). */
  readonly remaining: string;
  readonly addsUp: boolean;
}

/** Checks the parts of a split against the receivable's amount. */
export function checkParts(parts: readonly string[], total: string, currency: string): PartsCheck {
  const totalMinor = minorUnitsOf(total, currency) ?? 0n;
  const problems = parts.map((part) => amountProblem(part, currency));
  const sum = parts.reduce((acc, part) => acc + (minorUnitsOf(part, currency) ?? 0n), 0n);
  const left = totalMinor - sum;
  const remaining = left < 0n ? `-${decimalOf(-left, currency)}` : decimalOf(left, currency);
  return { problems, remaining, addsUp: left === 0n && problems.every((p) => p === undefined) };
}

/** Formats an amount for reading: thousands separated, the currency after it. */
export function displayAmount(amount: string, currency: string): string {
  const [whole = '', fraction] = amount.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return `${grouped}${fraction === undefined ? '' : `.${fraction}`} ${currency}`;
}

/** `part / whole` as a percentage with one decimal, computed on integers. */
export function percent(part: bigint, whole: bigint): string {
  if (whole === 0n) return '0.0';
  const tenths = (part * 1000n + whole / 2n) / whole;
  return `${tenths / 10n}.${tenths % 10n}`;
}
