/**
 * The REST views of the contract's records, as the gateway answers them and the console reads them:
 * each record's JSON Schema with its minor-unit amounts presented as decimal strings (the only
 * difference between a record and its view), composed into the answers of the API. Derived from
 * the records, so a field added to a record appears in its view, its OpenAPI schema and the
 * console's validation at once.
 */
import {
  PROVENANCE_TREE_SCHEMA_NAME,
  readCreditLine,
  readFinancingRequest,
  readHistoryEntry,
  readHop,
  readParticipant,
  readProvenanceTree,
  readReceivable,
  type CreditLine,
  type FinancingRequest,
  type HistoryEntry,
  type Hop,
  type Participant,
  type ProvenanceTree,
  type Receivable,
} from './records';
import type { JsonSchema } from './schema';
import { readAmount, readBalance, readCurrency, readTxId } from './values';

/** A decimal amount as the API writes and reads it: the minor digits are the currency's. */
export const DECIMAL_AMOUNT_PATTERN = /^(?:0|[1-9][0-9]*)(?:\.[0-9]+)?$/;

/** The JSON Schema of a decimal amount of the API. */
export const DECIMAL_AMOUNT_SCHEMA: JsonSchema = {
  type: 'string',
  maxLength: 40,
  pattern: DECIMAL_AMOUNT_PATTERN.source,
  description: 'a decimal string with exactly the currency minor digits ("1250.50" EUR, "1250" JPY)',
};

const MINOR_UNIT_SCHEMAS: readonly JsonSchema[] = [readAmount.jsonSchema, readBalance.jsonSchema];

/** `schema` with each subschema that `replace` answers (not `undefined`) for replaced, at any depth. */
function rewrite(schema: JsonSchema, replace: (subschema: JsonSchema) => JsonSchema | undefined): JsonSchema {
  const replaced = replace(schema);
  if (replaced !== undefined) {
    return replaced;
  }
  const { items, properties, anyOf } = schema;
  const inner = (member: JsonSchema): JsonSchema => rewrite(member, replace);
  return {
    ...schema,
    ...(items === undefined ? {} : { items: inner(items) }),
    ...(anyOf === undefined ? {} : { anyOf: anyOf.map(inner) }),
    ...(properties === undefined
      ? {}
      : {
          properties: Object.fromEntries(
            Object.entries(properties).map(([name, member]) => [name, inner(member)]),
          ),
        }),
  };
}

/** `schema` with every minor-unit amount (the contract's amount and balance schemas) a decimal one. */
export function withDecimalAmounts(schema: JsonSchema): JsonSchema {
  return rewrite(schema, (subschema) =>
    MINOR_UNIT_SCHEMAS.includes(subschema) ? DECIMAL_AMOUNT_SCHEMA : undefined,
  );
}

/** An object schema `base` with more required `fields` (and more optional ones, `optionalFields`). */
function extended(
  base: JsonSchema,
  fields: Readonly<Record<string, JsonSchema>>,
  optionalFields: Readonly<Record<string, JsonSchema>> = {},
): JsonSchema {
  return {
    ...base,
    properties: { ...base.properties, ...fields, ...optionalFields },
    required: [...(base.required ?? []), ...Object.keys(fields)],
  };
}

function object(fields: Readonly<Record<string, JsonSchema>>): JsonSchema {
  return extended({ type: 'object', additionalProperties: false }, fields);
}

const arrayOfView = (items: JsonSchema): JsonSchema => ({ type: 'array', items });
const committedTx = { txId: { ...readTxId.jsonSchema, description: 'the committed transaction' } };

const participantView = readParticipant.jsonSchema;
const creditLineView = withDecimalAmounts(readCreditLine.jsonSchema);
const receivableView = withDecimalAmounts(readReceivable.jsonSchema);
const financingRequestView = extended(withDecimalAmounts(readFinancingRequest.jsonSchema), {
  currency: readCurrency.jsonSchema,
});

/** A page of a list: `nextCursor` is null on the last page. */
function pageView(item: JsonSchema): JsonSchema {
  return object({
    items: arrayOfView(item),
    nextCursor: { anyOf: [{ type: 'string', minLength: 1 }, { type: 'null' }] },
  });
}

/**
 * The JSON Schema of every answer derived from a record, by the name the OpenAPI document gives it.
 * The provenance tree refers to itself as `#/components/schemas/ProvenanceTree`.
 */
export const VIEW_SCHEMAS = {
  Participant: participantView,
  ParticipantWrite: extended(participantView, committedTx),
  ParticipantPage: pageView(participantView),
  CreditLine: creditLineView,
  CreditLineWrite: extended(creditLineView, committedTx),
  CreditLinePage: pageView(creditLineView),
  Receivable: receivableView,
  ReceivableWrite: extended(receivableView, committedTx, { parts: arrayOfView(receivableView) }),
  ReceivablePage: pageView(receivableView),
  FinancingRequest: financingRequestView,
  FinancingWrite: extended(financingRequestView, { ...committedTx, receivable: receivableView }),
  [PROVENANCE_TREE_SCHEMA_NAME]: withDecimalAmounts(readProvenanceTree.jsonSchema),
  Provenance: object({
    currency: readCurrency.jsonSchema,
    path: withDecimalAmounts(arrayOfView(readHop.jsonSchema)),
    tree: { $ref: `#/components/schemas/${PROVENANCE_TREE_SCHEMA_NAME}` },
  }),
  History: arrayOfView(withDecimalAmounts(readHistoryEntry.jsonSchema)),
} as const satisfies Readonly<Record<string, JsonSchema>>;

/** The name of a view. */
export type ViewName = keyof typeof VIEW_SCHEMAS;

/** A page of a list, as the REST API answers it. */
type Page<T> = { readonly items: readonly T[]; readonly nextCursor: string | null };

/** A committed write's transaction. */
type Committed = { readonly txId: string };

/** The type of each view (amounts are strings on both sides, so a view types as its record). */
export type Views = {
  readonly Participant: Participant;
  readonly ParticipantWrite: Participant & Committed;
  readonly ParticipantPage: Page<Participant>;
  readonly CreditLine: CreditLine;
  readonly CreditLineWrite: CreditLine & Committed;
  readonly CreditLinePage: Page<CreditLine>;
  readonly Receivable: Receivable;
  readonly ReceivableWrite: Receivable & Committed & { readonly parts?: readonly Receivable[] };
  readonly ReceivablePage: Page<Receivable>;
  readonly FinancingRequest: FinancingRequest & { readonly currency: string };
  readonly FinancingWrite: FinancingRequest &
    Committed & { readonly currency: string; readonly receivable: Receivable };
  readonly ProvenanceTree: ProvenanceTree;
  readonly Provenance: {
    readonly currency: string;
    readonly path: readonly Hop[];
    readonly tree: ProvenanceTree;
  };
  readonly History: readonly HistoryEntry[];
};

/**
 * `VIEW_SCHEMAS[name]` as one self-contained JSON Schema document (references to other views point
 * into its `$defs`), for a validator that knows no OpenAPI components.
 */
export function standaloneViewSchema(name: ViewName): JsonSchema & { readonly $defs: object } {
  const local = (schema: JsonSchema): JsonSchema =>
    rewrite(schema, ({ $ref }) =>
      $ref === undefined ? undefined : { $ref: $ref.replace('#/components/schemas/', '#/$defs/') },
    );
  return {
    ...local(VIEW_SCHEMAS[name]),
    $defs: { [PROVENANCE_TREE_SCHEMA_NAME]: local(VIEW_SCHEMAS[PROVENANCE_TREE_SCHEMA_NAME]) },
  };
}
