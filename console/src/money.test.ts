import { amountProblem, checkParts, displayAmount, percent } from './money';

test('amounts are refused as the API refuses them (minor digits of the currency)', () => {
  expect(amountProblem('1250.50', 'EUR')).toBeUndefined();
  expect(amountProblem('1250.5', 'EUR')).toMatch(/exactly 2 decimal/);
  expect(amountProblem('1250', 'JPY')).toBeUndefined();
  expect(amountProblem('0.00', 'EUR')).toMatch(/greater than zero/);
  expect(amountProblem('12,50', 'EUR')).toMatch(/decimal string/);
});

test('split parts add up exactly, in integers (0.10 + 0.20 is 0.30)', () => {
  expect(checkParts(['0.10', '0.20'], '0.30', 'EUR')).toEqual({
    problems: [undefined, undefined],
    remaining: '0.00',
    addsUp: true,
  });
});

test('what is left to assign is shown, negative when the parts exceed the amount', () => {
  expect(checkParts(['1000.00', ''], '1250.50', 'EUR')).toMatchObject({ remaining: '250.50', addsUp: false });
  expect(checkParts(['1000.00', '300.00'], '1250.50', 'EUR')).toMatchObject({
    remaining: '-49.50',
    addsUp: false,
  });
});

test('an invalid part blocks the split even when the rest adds up', () => {
  const check = checkParts(['1250.50', '0.001'], '1250.50', 'EUR');
  expect(check.addsUp).toBe(false);
  expect(check.problems[1]).toMatch(/exactly 2 decimal/);
});

test('display groups thousands and percentages are rounded to a tenth', () => {
  expect(displayAmount('1234567.80', 'EUR')).toBe('1 234 567.80 EUR');
  expect(percent(1n, 3n)).toBe('33.3');
  expect(percent(2n, 3n)).toBe('66.7');
  expect(percent(5n, 0n)).toBe('0.0');
});
