import {
  DECIMAL_AMOUNT_SCHEMA,
  readAmount,
  readName,
  readReceivable,
  standaloneViewSchema,
  VIEW_SCHEMAS,
  type JsonSchema,
} from '../src/contract';

const property = (schema: JsonSchema, name: string): JsonSchema | undefined => schema.properties?.[name];

describe('the REST views of the records', () => {
  test('a receivable view is the record with every minor-unit amount a decimal one', () => {
    const view = VIEW_SCHEMAS.Receivable;
    expect(Object.keys(view.properties ?? {})).toEqual(
      Object.keys(readReceivable.jsonSchema.properties ?? {}),
    );
    expect(view.required).toEqual(readReceivable.jsonSchema.required);
    expect(property(view, 'amount')).toBe(DECIMAL_AMOUNT_SCHEMA);
    expect(property(property(view, 'hops')?.items ?? {}, 'amount')).toBe(DECIMAL_AMOUNT_SCHEMA);
    expect(property(property(view, 'financing') ?? {}, 'advanceAmount')).toBe(DECIMAL_AMOUNT_SCHEMA);
    expect(property(view, 'id')).toEqual(property(readReceivable.jsonSchema, 'id'));
    expect(JSON.stringify(view)).not.toContain(JSON.stringify(readAmount.jsonSchema.pattern));
  });

  test('a write view adds the committed transaction as required, and a receivable write its optional parts', () => {
    expect(VIEW_SCHEMAS.ReceivableWrite.required).toEqual([
      ...(readReceivable.jsonSchema.required ?? []),
      'txId',
    ]);
    expect(property(VIEW_SCHEMAS.ReceivableWrite, 'parts')?.items).toEqual(VIEW_SCHEMAS.Receivable);
    expect(VIEW_SCHEMAS.FinancingRequest.required).toContain('currency');
  });

  test('a standalone view refers to the provenance tree in its own $defs', () => {
    const provenance = standaloneViewSchema('Provenance');
    expect(property(provenance, 'tree')).toEqual({ $ref: '#/$defs/ProvenanceTree' });
    expect(JSON.stringify(provenance)).not.toContain('#/components/');
    expect(Object.keys(provenance.$defs)).toEqual(['ProvenanceTree']);
  });

  test('the free-text pattern refuses what the reader refuses without the u flag', () => {
    const pattern = new RegExp(readName.jsonSchema.pattern ?? '');
    const accepted = ['Acme', ' Acme Corp ', 'Müller & Söhne'];
    const refused = ['', '   ', 'a\u0007b', 'x\u0085'];
    expect(accepted.map((value) => pattern.test(value))).toEqual(accepted.map(() => true));
    expect(refused.map((value) => pattern.test(value))).toEqual(refused.map(() => false));
    expect(
      refused.filter((value) => value !== '').map((value) => () => readName(value, 'name')),
    ).toHaveLength(3);
    for (const value of refused) {
      expect(() => readName(value, 'name')).toThrow('name must be');
    }
  });
});
