/**
 * Money at the edges: decimal strings with exactly the currency's minor digits ("1250.50" EUR,
 * "1250" JPY, "1250.500" BHD) ⇄ integer minor units as digit strings ("125050"), with string and
 * BigInt arithmetic only, never floating point.
 */

const ZERO_DIGIT = 'BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF';
const THREE_DIGIT = 'BHD IQD JOD KWD LYD OMR TND';
const FOUR_DIGIT = 'CLF UYW';
const TWO_DIGIT =
  'AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BMD BND BOB BOV BRL BSD BTN BWP BYN BZD CAD CDF ' +
  'CHE CHF CHW CNY COP COU CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD ' +
  'GTQ GYD HKD HNL HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL ' +
  'MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR ' +
  'PLN QAR RON RSD RUB SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP ' +
  'TRY TTD TWD TZS UAH USD USN UYU UZS VED VES WST XCD XCG YER ZAR ZMW ZWG';

/** ISO 4217 minor units (number of decimal digits) of every active currency code. */
const MINOR_DIGITS: ReadonlyMap<string, number> = new Map(
  (
    [
      [ZERO_DIGIT, 0],
      [TWO_DIGIT, 2],
      [THREE_DIGIT, 3],
      [FOUR_DIGIT, 4],
    ] as const
  ).flatMap(([codes, digits]) => codes.split(' ').map((code) => [code, digits] as const)),
);

/** The largest number of digits an amount in minor units may have (fits a signed 64-bit integer). */
export const MAX_MINOR_DIGITS = 18;

/** Amounts on chain: positive integers in minor units, at most 18 digits, as decimal digit strings. */
export const MINOR_UNITS_PATTERN = /^[1-9][0-9]{0,17}$/;

const DECIMAL_PATTERN = /^(0|[1-9][0-9]*)(?:\.([0-9]+))?$/;

/** Why a decimal amount was refused. */
export type AmountProblem =
  'unknown currency' | 'not a decimal' | 'wrong minor digits' | 'not positive' | 'too large';

/** The result of reading a decimal amount. */
export type AmountReading =
  | { readonly ok: true; readonly minorUnits: string }
  | { readonly ok: false; readonly problem: AmountProblem; readonly message: string };

/**
 * The number of minor digits of an ISO 4217 currency, or `undefined` for an unknown code.
 */
export function minorDigits(currency: string): number | undefined {
  return MINOR_DIGITS.get(currency);
}

/** The active ISO 4217 codes with defined minor units, in order (the API document lists them). */
export const KNOWN_CURRENCIES: readonly string[] = [...MINOR_DIGITS.keys()].sort();

/** Whether `currency` is an active ISO 4217 code with defined minor units. */
export function isKnownCurrency(currency: string): boolean {
  return MINOR_DIGITS.has(currency);
}

/**
 * Reads a decimal amount written with exactly the currency's minor digits and returns it in
 * integer minor units ("1250.50" EUR → "125050").
 */
export function readAmount(decimal: string, currency: string): AmountReading {
  const digits = minorDigits(currency);
  if (digits === undefined) {
    return { ok: false, problem: 'unknown currency', message: `unknown currency ${currency}` };
  }
  const match = DECIMAL_PATTERN.exec(decimal);
  if (match === null) {
    return { ok: false, problem: 'not a decimal', message: 'must be a decimal string such as "1250.50"' };
  }
  const whole = match[1] ?? '';
  const fraction = match[2] ?? '';
  if (fraction.length !== digits) {
    const example = digits === 0 ? '"1250"' : `"1250.${'0'.repeat(digits)}"`;
    return {
      ok: false,
      problem: 'wrong minor digits',
      message: `${currency} amounts have exactly ${digits} decimal digit(s), e.g. ${example}`,
    };
  }
  const minorUnits = `${whole}${fraction}`.replace(/^0+/, '');
  if (minorUnits === '') {
    return { ok: false, problem: 'not positive', message: 'must be greater than zero' };
  }
  if (minorUnits.length > MAX_MINOR_DIGITS) {
    return {
      ok: false,
      problem: 'too large',
      message: `must have at most ${MAX_MINOR_DIGITS} digits in minor units`,
    };
  }
  return { ok: true, minorUnits };
}

/**
 * Writes integer minor units as a decimal with the currency's minor digits ("125050" EUR → "1250.50").
 *
 * @throws RangeError for an unknown currency or a value that is not a non-negative integer string
 */
export function formatAmount(minorUnits: string, currency: string): string {
  const digits = minorDigits(currency);
  if (digits === undefined) {
    throw new RangeError(`unknown currency ${currency}`);
  }
  if (!/^(0|[1-9][0-9]*)$/.test(minorUnits)) {
    throw new RangeError('minor units must be a non-negative integer string');
  }
  if (digits === 0) {
    return minorUnits;
  }
  const padded = minorUnits.padStart(digits + 1, '0');
  return `${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}
