import fc from 'fast-check';
import { formatAmount, minorDigits, readAmount } from './money';

describe('readAmount', () => {
  test.each([
    ['1250.50', 'EUR', '125050'],
    ['0.01', 'USD', '1'],
    ['1250', 'JPY', '1250'],
    ['1250', 'KRW', '1250'],
    ['1.500', 'BHD', '1500'],
    ['0.001', 'KWD', '1'],
    ['1.0000', 'CLF', '10000'],
    ['9999999999999999.99', 'CNY', '999999999999999999'],
  ])('%s %s → %s minor units', (decimal, currency, minor) => {
    expect(readAmount(decimal, currency)).toEqual({ ok: true, minorUnits: minor });
  });

  test.each([
    ['1250.5', 'EUR', 'wrong minor digits'],
    ['1250.00', 'JPY', 'wrong minor digits'],
    ['1.50', 'BHD', 'wrong minor digits'],
    ['0.00', 'EUR', 'not positive'],
    ['0', 'JPY', 'not positive'],
    ['10000000000000000.00', 'EUR', 'too large'],
    ['1000000000000000000', 'JPY', 'too large'],
    ['-1.00', 'EUR', 'not a decimal'],
    ['1e2', 'EUR', 'not a decimal'],
    ['01.00', 'EUR', 'not a decimal'],
    ['1.00', 'XYZ', 'unknown currency'],
  ])('%s %s is refused (%s)', (decimal, currency, problem) => {
    expect(readAmount(decimal, currency)).toMatchObject({ ok: false, problem });
  });
});

describe('formatAmount', () => {
  test.each([
    ['125050', 'EUR', '1250.50'],
    ['1', 'EUR', '0.01'],
    ['0', 'EUR', '0.00'],
    ['1250', 'JPY', '1250'],
    ['1', 'BHD', '0.001'],
    ['999999999999999999', 'USD', '9999999999999999.99'],
  ])('%s %s → %s', (minor, currency, decimal) => {
    expect(formatAmount(minor, currency)).toBe(decimal);
  });

  test('refuses what is not minor units', () => {
    expect(() => formatAmount('1.5', 'EUR')).toThrow(RangeError);
    expect(() => formatAmount('10', 'ZZZ')).toThrow(RangeError);
  });
});

test('reading what was formatted gives the minor units back, for every currency digit count', () => {
  fc.assert(
    fc.property(
      fc.bigInt({ min: 1n, max: 10n ** 18n - 1n }),
      fc.constantFrom('EUR', 'JPY', 'BHD', 'CLF'),
      (minor, currency) => {
        const decimal = formatAmount(minor.toString(), currency);
        expect(decimal.split('.')[1]?.length ?? 0).toBe(minorDigits(currency));
        expect(readAmount(decimal, currency)).toEqual({ ok: true, minorUnits: minor.toString() });
      },
    ),
  );
});
