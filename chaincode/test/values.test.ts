import { KeyEndorsementPolicy } from 'fabric-shim';
import Long from 'long';
import { peersOf } from '../src/endorsement';
import {
  arrayOf,
  ChaincodeError,
  ConflictError,
  Fields,
  FINANCING_MACHINE,
  FINANCING_STATUSES,
  integer,
  matching,
  nullable,
  oneOf,
  optionalArgument,
  parseJson,
  readAmount,
  readBalance,
  readCurrency,
  readDate,
  readId,
  readInvoiceHashes,
  readJsonArgument,
  readRootId,
  readTimestamp,
  RECEIVABLE_MACHINE,
  RECEIVABLE_STATUSES,
  requireStatus,
  text,
  toBytes,
  toJson,
  transition,
  ValidationError,
  type Machine,
} from '../src/contract';
import { digits, minor, total } from '../src/money';
import { dateFrom, dateOf, derivedId, isoTimestamp } from '../src/values';

function refusal(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error instanceof ChaincodeError ? error.message : '';
  }
  throw new Error('expected a ValidationError');
}

describe('amounts', () => {
  test.each(['1', '42', '999999999999999999', '100000000000000000'])('accepts the amount %s', (amount) => {
    expect(readAmount(amount, 'amount')).toBe(amount);
  });

  test.each([
    ['zero', '0'],
    ['negative', '-5'],
    ['fractional', '1.5'],
    ['19 digits', '1000000000000000000'],
    ['non-digit', '12a'],
    ['leading zero', '007'],
    ['blank', ''],
    ['exponent', '1e3'],
    ['padded', ' 12'],
  ])('refuses a %s amount', (_, amount) => {
    expect(refusal(() => readAmount(amount, 'amount'))).toMatch(
      /^VALIDATION_FAILED: amount must be a positive integer/,
    );
  });

  test('refuses an amount given as a JSON number', () => {
    expect(refusal(() => readAmount(100, 'amount'))).toBe('VALIDATION_FAILED: amount must be a string');
  });

  test('accepts a zero balance but not a negative one', () => {
    expect(readBalance('0', 'used')).toBe('0');
    refusal(() => readBalance('-1', 'used'));
  });

  test('adds amounts exactly beyond the float range', () => {
    expect(total(['999999999999999999', '999999999999999999', '1'])).toBe(1999999999999999999n);
    expect(digits(minor('900719925474099312') + 1n)).toBe('900719925474099313');
  });

  test('refuses to write a negative balance', () => {
    expect(() => digits(-1n)).toThrow('negative balance -1');
  });
});

describe('scalar values', () => {
  test('accepts ids of up to 128 characters with single separators', () => {
    expect(readId('A.b_c-9', 'id')).toBe('A.b_c-9');
    expect(readId('x'.repeat(128), 'id')).toHaveLength(128);
  });

  test.each(['', 'a..b', 'a/b', '.a', 'a.', 'a b', 'x'.repeat(129), 'é'])('refuses the id %j', (id) => {
    refusal(() => readId(id, 'id'));
  });

  test('reserves the .<digits> suffix of root ids for split parts', () => {
    expect(readRootId('INV-2025.A', 'id')).toBe('INV-2025.A');
    expect(refusal(() => readRootId('INV.1', 'id'))).toMatch(/reserved for split parts/);
  });

  test('accepts three capital letters as a currency', () => {
    expect(readCurrency('EUR', 'currency')).toBe('EUR');
    refusal(() => readCurrency('eur', 'currency'));
    refusal(() => readCurrency('EURO', 'currency'));
  });

  test.each(['2024-02-29', '2000-02-29', '2025-12-31', '2025-01-01'])('accepts the date %s', (date) => {
    expect(readDate(date, 'dueDate')).toBe(date);
  });

  test.each(['2025-02-29', '1900-02-29', '2025-13-01', '2025-00-10', '2025-04-31', '2025-1-01', '20250101'])(
    'refuses the date %s',
    (date) => {
      refusal(() => readDate(date, 'dueDate'));
    },
  );

  test('accepts a due date on or after the issue date only', () => {
    expect(dateFrom('2025-06-01')('2025-06-01', 'dueDate')).toBe('2025-06-01');
    expect(refusal(() => dateFrom('2025-06-01')('2025-05-31', 'dueDate'))).toBe(
      'VALIDATION_FAILED: dueDate 2025-05-31 is before 2025-06-01',
    );
    refusal(() => dateFrom('2025-06-01')('2025-06-31', 'dueDate'));
  });

  test('accepts up to 50 distinct lowercase SHA-256 digests', () => {
    const hashes = Array.from({ length: 50 }, (_, index) => index.toString(16).padStart(64, '0'));
    expect(readInvoiceHashes(hashes, 'invoiceHashes')).toEqual(hashes);
    refusal(() => readInvoiceHashes([...hashes, 'f'.repeat(64)], 'invoiceHashes'));
    refusal(() => readInvoiceHashes(['a'.repeat(64), 'a'.repeat(64)], 'invoiceHashes'));
    refusal(() => readInvoiceHashes(['A'.repeat(64)], 'invoiceHashes'));
  });

  test('derives ids from the first 16 characters of the transaction id', () => {
    expect(derivedId('R', '0123456789abcdef0123')).toBe('R-0123456789abcdef');
  });

  test('turns a Fabric timestamp into ISO-8601, with seconds as a Long or as a number', () => {
    const seconds = Date.UTC(2025, 5, 1, 12, 30, 15) / 1000;
    expect(isoTimestamp({ seconds: Long.fromNumber(seconds), nanos: 123_456_789 })).toBe(
      '2025-06-01T12:30:15.123Z',
    );
    // History entries carry a plain number at run time although the shim types it as a Long.
    const runtimeShape: unknown = { seconds, nanos: 0 };
    expect(isoTimestamp(runtimeShape as { seconds: Long; nanos: number })).toBe('2025-06-01T12:30:15.000Z');
    expect(dateOf('2025-06-01T12:30:15.000Z')).toBe('2025-06-01');
    expect(readTimestamp('2025-06-01T12:30:15.000Z', 'at')).toBe('2025-06-01T12:30:15.000Z');
  });
});

describe('guards', () => {
  test('reads declared fields and refuses unknown, missing and malformed ones', () => {
    const fields = Fields.of({ a: 'x', b: null }, 'body', ['a', 'b', 'c']);
    expect(fields.required('a', readId)).toBe('x');
    expect(fields.required('b', nullable(readId))).toBeNull();
    expect(fields.optional('c', readId)).toBeUndefined();
    expect(refusal(() => fields.required('c', readId))).toBe('VALIDATION_FAILED: body.c is required');
    expect(refusal(() => Fields.of({ z: 1 }, 'body', ['a']))).toBe(
      'VALIDATION_FAILED: body has an unknown field z',
    );
    for (const notObject of [null, [], 'text', 3]) {
      expect(refusal(() => Fields.of(notObject, 'body', []))).toBe(
        'VALIDATION_FAILED: body must be a JSON object',
      );
    }
  });

  test('bounds arrays and names the failing item', () => {
    const read = arrayOf(readId, 1, 2);
    expect(read(['a', 'b'], 'ids')).toEqual(['a', 'b']);
    expect(refusal(() => read([], 'ids'))).toBe('VALIDATION_FAILED: ids must have 1 to 2 items');
    expect(refusal(() => read('a', 'ids'))).toBe('VALIDATION_FAILED: ids must be an array');
    expect(refusal(() => read(['a', 'a/b'], 'ids'))).toMatch(/^VALIDATION_FAILED: ids\[1\] must be an id/);
  });

  test('refuses blank text, control characters and overlong text', () => {
    const read = text(5);
    expect(read('a b', 'reason')).toBe('a b');
    for (const bad of ['', '   ', 'a\nb', 'a\u0000', 'a\u0085', 'abcdef']) {
      refusal(() => read(bad, 'reason'));
    }
  });

  test('reads constants, integers, patterns, JSON arguments and optional arguments', () => {
    expect(oneOf(['A', 'B'])('B', 'kind')).toBe('B');
    expect(refusal(() => oneOf(['A', 'B'])('C', 'kind'))).toBe('VALIDATION_FAILED: kind must be one of A, B');
    expect(integer(1, 100)(100, 'pageSize')).toBe(100);
    for (const bad of [0, 101, 1.5, '10']) {
      refusal(() => integer(1, 100)(bad, 'pageSize'));
    }
    expect(refusal(() => matching(/^a+$/u, 'only a', 3)('aaaa', 'x'))).toBe(
      'VALIDATION_FAILED: x must be only a',
    );
    expect(readJsonArgument('{"a":[1]}', 'json')).toEqual({ a: [1] });
    expect(refusal(() => readJsonArgument('{', 'json'))).toBe('VALIDATION_FAILED: json must be valid JSON');
    expect(optionalArgument(readId)('', 'id')).toBeUndefined();
    expect(optionalArgument(readId)('X', 'id')).toBe('X');
  });
});

describe('the serializer', () => {
  test('sorts keys at every level and leaves out undefined properties', () => {
    const value = { b: 1, a: { d: [{ z: true, y: null }], c: 'x' }, u: undefined };
    expect(toJson(value)).toBe('{"a":{"c":"x","d":[{"y":null,"z":true}]},"b":1}');
    expect(parseJson(toJson(value))).toEqual({ a: { c: 'x', d: [{ y: null, z: true }] }, b: 1 });
  });

  test('produces the same bytes whatever the insertion order', () => {
    expect(Buffer.from(toBytes({ x: '1', y: '2' }))).toEqual(Buffer.from(toBytes({ y: '2', x: '1' })));
  });

  test('escapes strings as JSON does', () => {
    expect(toJson({ 'k"': 'line\nbreak \u0000' })).toBe('{"k\\"":"line\\nbreak \\u0000"}');
  });

  test('refuses numbers JSON cannot represent', () => {
    expect(() => toJson({ n: Number.NaN })).toThrow('cannot serialize the non-finite number NaN');
    expect(() => toJson([Number.POSITIVE_INFINITY])).toThrow('non-finite');
  });
});

function edges<S extends string, E extends string>(
  machine: Machine<S, E>,
  statuses: readonly S[],
  events: readonly E[],
): string[] {
  const found: string[] = [];
  for (const from of statuses) {
    for (const event of events) {
      try {
        found.push(`${from} -${event}-> ${transition(machine, 'subject', from, event)}`);
      } catch (error) {
        expect(error).toBeInstanceOf(ConflictError);
        expect(error).toHaveProperty('message', `CONFLICT: subject is ${from}: ${event} is not allowed`);
      }
    }
  }
  return found;
}

describe('the status machines', () => {
  test('allow exactly the documented receivable transitions, each by its own operation', () => {
    const events = [
      'ACCEPT',
      'REJECT',
      'CANCEL',
      'SPLIT',
      'REQUEST_FINANCING',
      'APPROVE_FINANCING',
      'REJECT_FINANCING',
      'SETTLE',
    ] as const;
    expect(edges(RECEIVABLE_MACHINE, RECEIVABLE_STATUSES, events).sort()).toEqual(
      [
        'PENDING_ACCEPTANCE -ACCEPT-> ACTIVE',
        'PENDING_ACCEPTANCE -REJECT-> REJECTED',
        'PENDING_ACCEPTANCE -CANCEL-> CANCELLED',
        'ACTIVE -SPLIT-> SPLIT',
        'ACTIVE -REQUEST_FINANCING-> FINANCING_REQUESTED',
        'ACTIVE -SETTLE-> SETTLED',
        'FINANCING_REQUESTED -APPROVE_FINANCING-> FINANCED',
        'FINANCING_REQUESTED -REJECT_FINANCING-> ACTIVE',
        'FINANCING_REQUESTED -SETTLE-> SETTLED',
        'FINANCED -SETTLE-> SETTLED',
      ].sort(),
    );
  });

  test('allow a financing request to be decided once', () => {
    expect(
      edges(FINANCING_MACHINE, FINANCING_STATUSES, ['APPROVE', 'REJECT', 'CANCEL'] as const).sort(),
    ).toEqual([
      'REQUESTED -APPROVE-> APPROVED',
      'REQUESTED -CANCEL-> CANCELLED',
      'REQUESTED -REJECT-> REJECTED',
    ]);
  });

  test('refuse an operation in a status it does not allow', () => {
    expect(() => {
      requireStatus('receivable R', 'SPLIT', ['ACTIVE']);
    }).toThrow('CONFLICT: receivable R is SPLIT, expected ACTIVE');
    expect(() => {
      requireStatus('receivable R', 'ACTIVE', ['ACTIVE']);
    }).not.toThrow();
  });
});

describe('key-level endorsement policies', () => {
  function policy(role: string, ...orgs: string[]): Uint8Array {
    const built = new KeyEndorsementPolicy();
    built.addOrgs(role, ...orgs);
    return built.getPolicy();
  }

  test('require a peer of every org, de-duplicated and sorted', () => {
    expect(peersOf('EnterpriseMSP', 'BankAMSP', 'EnterpriseMSP')).toEqual(
      policy('PEER', 'BankAMSP', 'EnterpriseMSP'),
    );
    expect(peersOf('BankAMSP')).not.toEqual(policy('MEMBER', 'BankAMSP'));
    expect(new KeyEndorsementPolicy(peersOf('B', 'A')).listOrgs()).toEqual(['A', 'B']);
  });
});
