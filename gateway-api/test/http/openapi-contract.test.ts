/**
 * The OpenAPI document against the chaincode's contract: every response schema derived from a
 * record states the record's fields, required-ness, types, enums, patterns and lengths, with the
 * record's minor-unit amounts as the API's decimal amounts.
 */
import request from 'supertest';
import { z } from 'zod';
import {
  DECIMAL_AMOUNT_SCHEMA,
  readAmount,
  readBalance,
  readCreditLine,
  readCurrency,
  readFinancingRequest,
  readHistoryEntry,
  readParticipant,
  readProvenanceTree,
  readReceivable,
  type JsonSchema,
} from 'receivables-chaincode/contract';
import { startTestGateway, type TestGateway } from '../support/test-gateway';

let gateway: TestGateway;
let components: Readonly<Record<string, unknown>>;

beforeAll(async () => {
  gateway = await startTestGateway();
  const response = await request(gateway.app).get('/api/openapi.json');
  components = z
    .object({ components: z.object({ schemas: z.record(z.string(), z.unknown()) }) })
    .parse(response.body).components.schemas;
});
afterAll(() => gateway.stop());

/** The facts a field's schema states, compared one by one. */
const FACETS = [
  'type',
  'enum',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
] as const;

type Disagreement = { readonly path: string; readonly contract: unknown; readonly document: unknown };

/** Where `documented` (from the OpenAPI document) and the contract's `record` schema disagree. */
function disagreements(record: JsonSchema, documented: unknown, path: string): Disagreement[] {
  const expected =
    record === readAmount.jsonSchema || record === readBalance.jsonSchema ? DECIMAL_AMOUNT_SCHEMA : record;
  if (typeof documented !== 'object' || documented === null) {
    return [{ path, contract: expected, document: documented }];
  }
  const found = documented as Record<string, unknown>;
  const facets = FACETS.flatMap((facet) =>
    JSON.stringify(expected[facet]) === JSON.stringify(found[facet])
      ? []
      : [{ path: `${path}.${facet}`, contract: expected[facet], document: found[facet] }],
  );
  const nested: Disagreement[] = [];
  if (expected.$ref !== undefined) {
    return found.$ref === expected.$ref
      ? facets
      : [...facets, { path, contract: expected.$ref, document: found.$ref }];
  }
  if (expected.properties !== undefined) {
    const properties = (found.properties ?? {}) as Record<string, unknown>;
    const names = (schema: object): string[] => Object.keys(schema).sort();
    if (JSON.stringify(names(expected.properties)) !== JSON.stringify(names(properties))) {
      nested.push({
        path: `${path}.properties`,
        contract: names(expected.properties),
        document: names(properties),
      });
    }
    if (
      JSON.stringify([...(expected.required ?? [])].sort()) !==
      JSON.stringify([...((found.required as string[] | undefined) ?? [])].sort())
    ) {
      nested.push({ path: `${path}.required`, contract: expected.required, document: found.required });
    }
    for (const [name, member] of Object.entries(expected.properties)) {
      nested.push(...disagreements(member, properties[name], `${path}.${name}`));
    }
  }
  if (expected.items !== undefined) {
    nested.push(...disagreements(expected.items, found.items, `${path}[]`));
  }
  if (expected.anyOf !== undefined) {
    const options = (found.anyOf ?? []) as unknown[];
    expected.anyOf.forEach((option, index) =>
      nested.push(...disagreements(option, options[index], `${path}|${index}`)),
    );
  }
  return [...facets, ...nested];
}

/** A record's schema with more required fields, as a view adds them. */
function plus(record: JsonSchema, fields: Readonly<Record<string, JsonSchema>>): JsonSchema {
  return {
    ...record,
    properties: { ...record.properties, ...fields },
    required: [...(record.required ?? []), ...Object.keys(fields)],
  };
}

const RECORD_VIEWS: readonly (readonly [string, JsonSchema])[] = [
  ['Participant', readParticipant.jsonSchema],
  ['CreditLine', readCreditLine.jsonSchema],
  ['Receivable', readReceivable.jsonSchema],
  ['FinancingRequest', plus(readFinancingRequest.jsonSchema, { currency: readCurrency.jsonSchema })],
  ['ProvenanceTree', readProvenanceTree.jsonSchema],
];

test.each(RECORD_VIEWS)('the document states the %s record as the contract does', (name, record) => {
  expect(disagreements(record, components[name], name)).toEqual([]);
});

test('the answers composed of records state them as the contract does', () => {
  const history = components.History as { items: unknown };
  const page = components.ReceivablePage as { properties: { items: { items: unknown } } };
  const write = components.FinancingWrite as { properties: { receivable: unknown } };
  expect([
    ...disagreements(readHistoryEntry.jsonSchema, history.items, 'History[]'),
    ...disagreements(readReceivable.jsonSchema, page.properties.items.items, 'ReceivablePage.items[]'),
    ...disagreements(readReceivable.jsonSchema, write.properties.receivable, 'FinancingWrite.receivable'),
  ]).toEqual([]);
});

test('the comparison finds a field the document misses, a wrong pattern and a dropped requirement', () => {
  const fields = Object.fromEntries(
    Object.entries(readParticipant.jsonSchema.properties ?? {}).filter(([name]) => name !== 'id'),
  );
  const drifted = {
    ...readParticipant.jsonSchema,
    properties: { ...fields, mspId: { type: 'string', pattern: '^.*$' } },
    required: ['name'],
  };
  expect(disagreements(readParticipant.jsonSchema, drifted, 'Participant').map(({ path }) => path)).toEqual(
    expect.arrayContaining(['Participant.properties', 'Participant.required', 'Participant.mspId.pattern']),
  );
});
