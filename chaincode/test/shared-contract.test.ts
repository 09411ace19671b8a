import {
  errorCodeOf,
  ERROR_CODES,
  EVENT_NAMES,
  isJsonValue,
  nullable,
  optional,
  optionalArgument,
  readId,
  readProvenanceTree,
  readReceivable,
  record,
  refine,
  TRANSACTIONS,
  ValidationError,
} from '../src/contract';
import { CORE, json, Scenario, SUP1, SUP2 } from './support/fixtures';

describe('the shared contract', () => {
  test('parses the result of every write, and its event payload, with the transaction’s result schema', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('100');
    await s.submit(SUP1, 'AcceptReceivable', [issued.id]);
    await s.submit(SUP1, 'TransferReceivable', [issued.id, SUP2.id, '40']);
    await s.submit(CORE, 'SettleReceivable', [issued.id, 'PAY']);
    const names = new Map<string, string>(
      Object.entries(TRANSACTIONS).flatMap(([name, spec]) => ('event' in spec ? [[spec.event, name]] : [])),
    );
    const events = s.ledger.events();
    expect(events.length).toBeGreaterThan(5);
    for (const event of events) {
      const name = names.get(event.name) as keyof typeof TRANSACTIONS;
      expect(() => TRANSACTIONS[name].result(JSON.parse(event.payload), event.name)).not.toThrow();
    }
    expect([...names.keys()].sort()).toEqual([...EVENT_NAMES].sort());
  });

  test('parses every read result with its result schema', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('100');
    await s.submit(SUP1, 'AcceptReceivable', [issued.id]);
    await s.submit(SUP1, 'SplitReceivable', [issued.id, '["60","40"]']);
    const reads = [
      ['GetReceivable', [issued.id]],
      ['GetProvenance', [`${issued.id}.1`]],
      ['GetHistory', [issued.id]],
      ['QueryReceivables', ['{"pageSize":10}']],
      ['ListCreditLines', ['{"pageSize":10}']],
      ['ListParticipants', ['{"pageSize":10}']],
      ['GetParticipant', [SUP1.id]],
    ] as const;
    for (const [name, args] of reads) {
      const result = json(await s.evaluate(SUP1, name, args));
      expect(() => TRANSACTIONS[name].result(result, name)).not.toThrow();
    }
  });

  test('describes each record in JSON Schema with exactly the fields its reader accepts', async () => {
    const s = await new Scenario().standard();
    const issued = await s.issue('100');
    const { properties, required, additionalProperties } = readReceivable.jsonSchema;
    const optionalFields = ['financing', 'settlement', 'rejection'];
    expect(Object.keys(properties ?? {}).sort()).toEqual([...Object.keys(issued), ...optionalFields].sort());
    expect(required).toContain('childIds');
    expect(required).not.toContain('financing');
    expect(additionalProperties).toBe(false);
    expect(properties?.id).toMatchObject({
      type: 'string',
      maxLength: 128,
      pattern: readId.jsonSchema.pattern,
    });
    expect(() => readReceivable({ ...issued, extra: 1 }, 'r')).toThrow('r has an unknown field extra');
  });

  test('states in JSON Schema the constraints of scalars, optionals, nulls and refinements', () => {
    const positive = refine(readId, 'not X', (value, path) => {
      if (value === 'X') throw new ValidationError(`${path} is X`);
      return value;
    });
    const shape = record({ a: positive, b: optional(nullable(readId)), c: optionalArgument(readId) });
    expect(shape.jsonSchema.required).toEqual(['a', 'c']);
    expect(shape.jsonSchema.properties?.a?.description).toContain('not X');
    expect(shape.jsonSchema.properties?.b).toEqual({ anyOf: [readId.jsonSchema, { type: 'null' }] });
    expect(shape({ a: 'Y', c: '' }, 'v')).toEqual({ a: 'Y', c: undefined });
    expect(() => shape({ a: 'X', c: '' }, 'v')).toThrow('VALIDATION_FAILED: v.a is X');
    expect(readProvenanceTree.jsonSchema.properties?.children?.items?.$ref).toBe(
      '#/components/schemas/ProvenanceTree',
    );
  });

  test('reads the stable code a refusal starts with, and nothing else', () => {
    expect(ERROR_CODES.map((code) => errorCodeOf(`${code}: detail`))).toEqual([...ERROR_CODES]);
    expect(errorCodeOf('TIMEOUT: no')).toBeUndefined();
    expect(errorCodeOf('no code at all')).toBeUndefined();
  });

  test('tells JSON values from other values', () => {
    expect(isJsonValue({ a: [1, 'x', null, true, { b: undefined }] })).toBe(true);
    expect(isJsonValue(Number.NaN)).toBe(false);
    expect(isJsonValue([1n])).toBe(false);
    expect(isJsonValue(new Date(0))).toBe(false);
    expect(isJsonValue(undefined)).toBe(false);
  });
});
