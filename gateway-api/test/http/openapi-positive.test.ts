/**
 * Positive mode against the OpenAPI document: requests generated from each operation's documented
 * parameters and body (fast-check arbitraries built from the document's JSON Schemas) are valid
 * by the document, so the gateway must not refuse them as invalid (400 `VALIDATION_FAILED`). Other
 * answers (403, 404, 409, a fake ledger's refusal) are not this test's concern.
 */
import fc from 'fast-check';
import request from 'supertest';
import { z } from 'zod';
import { receivable } from '../support/fixtures';
import { bearer, enrolStandardUsers, startTestGateway, type TestGateway } from '../support/test-gateway';

type Schema = {
  readonly $ref?: string;
  readonly type?: string;
  readonly enum?: readonly string[];
  readonly pattern?: string;
  readonly format?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: Schema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly anyOf?: readonly Schema[];
};
const SchemaShape: z.ZodType<Schema> = z.looseObject({});
const Parameter = z.object({
  name: z.string(),
  in: z.string(),
  required: z.boolean().optional(),
  schema: SchemaShape,
});
const Operation = z.object({
  parameters: z.array(Parameter).optional(),
  requestBody: z
    .object({ content: z.object({ 'application/json': z.object({ schema: SchemaShape }) }) })
    .optional(),
});
const Document = z.object({
  paths: z.record(z.string(), z.record(z.string(), Operation)),
  components: z.object({ schemas: z.record(z.string(), SchemaShape) }),
});
type Document = z.infer<typeof Document>;

/** An arbitrary of the values `schema` allows (the JSON Schema subset the document uses). */
function arbitrary(document: Document, schema: Schema): fc.Arbitrary<unknown> {
  if (schema.$ref !== undefined) {
    const target = document.components.schemas[schema.$ref.replace('#/components/schemas/', '')];
    if (target === undefined) throw new Error(`unresolved ${schema.$ref}`);
    return arbitrary(document, target);
  }
  if (schema.anyOf !== undefined)
    return fc.oneof(...schema.anyOf.map((option) => arbitrary(document, option)));
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum);
  switch (schema.type) {
    case 'string':
      return string(schema);
    case 'integer':
    case 'number':
      return fc.integer({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6 });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = arbitrary(document, schema.items ?? {});
      const bounds = { minLength: schema.minItems ?? 0, maxLength: schema.maxItems ?? 5 };
      return schema.uniqueItems === true
        ? fc.uniqueArray(items, { ...bounds, selector: (item) => JSON.stringify(item) })
        : fc.array(items, bounds);
    }
    case 'object':
      return fc.record(
        Object.fromEntries(
          Object.entries(schema.properties ?? {}).map(([name, member]) => [
            name,
            arbitrary(document, member),
          ]),
        ),
        { requiredKeys: [...(schema.required ?? [])] },
      );
    default:
      throw new Error(`no arbitrary for ${JSON.stringify(schema)}`);
  }
}

function string(schema: Schema): fc.Arbitrary<string> {
  const minLength = schema.minLength ?? 0;
  const maxLength = schema.maxLength ?? 64;
  if (schema.format === 'date') {
    const days = fc.integer({ min: 0, max: 3_000_000 });
    return days.map((day) => new Date(Date.UTC(1000, 0, 1) + day * 86_400_000).toISOString().slice(0, 10));
  }
  const base =
    schema.pattern === undefined
      ? fc.string({ minLength, maxLength })
      : fc.stringMatching(new RegExp(schema.pattern));
  return base.filter((value) => value.length >= minLength && value.length <= maxLength);
}

type Sample = { readonly path: string; readonly query: string; readonly body: unknown };

/** Requests generated for one operation. */
function samples(
  document: Document,
  template: string,
  operation: z.infer<typeof Operation>,
  count: number,
): Sample[] {
  const parameters = (operation.parameters ?? []).filter(
    ({ in: where }) => where === 'path' || where === 'query',
  );
  const record = fc.record(
    Object.fromEntries(
      parameters.map((parameter) => [parameter.name, arbitrary(document, parameter.schema)]),
    ),
    { requiredKeys: parameters.filter((parameter) => parameter.required === true).map(({ name }) => name) },
  );
  const body =
    operation.requestBody === undefined
      ? fc.constant(undefined)
      : arbitrary(document, operation.requestBody.content['application/json'].schema);
  return fc.sample(fc.tuple(record, body), { numRuns: count, seed: 13 }).map(([values, generated]) => {
    const named = values as Record<string, unknown>;
    const path = template.replace(/\{([A-Za-z]+)\}/g, (_match, name: string) =>
      encodeURIComponent(String(named[name])),
    );
    const query = parameters
      .filter(({ in: where, name }) => where === 'query' && named[name] !== undefined)
      .map(({ name }) => `${name}=${encodeURIComponent(String(named[name]))}`)
      .join('&');
    return { path, query, body: generated };
  });
}

let gateway: TestGateway;
let document: Document;
let token: { enterpriseAdmin: string; core: string; bankA: string; auditor: string };

beforeAll(async () => {
  gateway = await startTestGateway();
  token = await enrolStandardUsers(gateway);
  document = Document.parse((await request(gateway.app).get('/api/openapi.json')).body);
  // The amounts of a transfer, split or approval are in the receivable's currency, read first.
  gateway.ledger.on('GetReceivable', () => receivable());
  gateway.ledger.on('GetFinancingRequest', () => ({
    id: 'FR-1',
    receivableId: 'R1',
    requesterId: 'SUP1',
    bankId: 'BANKA',
    amount: '125050',
    status: 'REQUESTED',
    requestedTxId: 'f'.repeat(64),
  }));
});
afterAll(() => gateway.stop());

const RUNS = 25;

/** A caller allowed to reach each operation's validation of amounts (a bank grants and approves). */
function callerOf(template: string): string {
  if (template.startsWith('/api/v1/participants')) return token.enterpriseAdmin;
  if (template === '/api/v1/risk') return token.auditor;
  if (template === '/api/v1/credit-lines' || template.startsWith('/api/v1/financing-requests'))
    return token.bankA;
  return token.core;
}

/**
 * What the document cannot state, because it depends on more than the request: an amount has
 * exactly its currency's minor digits (the currency is the body's, or the receivable's on the
 * ledger), and a user's name ends with the administrator's own org.
 */
const BEYOND_THE_DOCUMENT = [
  'POST /api/v1/participants/{id}/users',
  'POST /api/v1/credit-lines',
  'POST /api/v1/receivables',
  'POST /api/v1/receivables/{id}/transfer',
  'POST /api/v1/receivables/{id}/split',
  'POST /api/v1/financing-requests/{id}/approve',
];

test('requests generated from the document are not refused as invalid', async () => {
  const refusals: Record<string, number> = {};
  for (const [template, operations] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      if (!template.startsWith('/api/v1/') || template === '/api/v1/events') continue;
      const who = callerOf(template);
      let refused = 0;
      for (const sample of samples(document, template, operation, RUNS)) {
        const url = `${sample.path}${sample.query === '' ? '' : `?${sample.query}`}`;
        const call =
          method === 'post'
            ? request(gateway.app)
                .post(url)
                .send(sample.body as object)
            : request(gateway.app).get(url);
        const response = await call.set(bearer(who));
        if (response.status === 400) refused += 1;
      }
      refusals[`${method.toUpperCase()} ${template}`] = refused;
    }
  }
  const refusing = Object.keys(refusals).filter((operation) => (refusals[operation] ?? 0) > 0);
  expect(Object.keys(refusals)).toHaveLength(27);
  expect(refusing.filter((operation) => !BEYOND_THE_DOCUMENT.includes(operation))).toEqual([]);
}, 120_000);
