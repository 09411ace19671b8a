/**
 * Validating schemas for untrusted values (transaction arguments, JSON arguments, ledger bytes,
 * chaincode results and events on the client side). A schema is a reader: it takes an `unknown` and
 * either returns a typed value or throws a {@link ValidationError} naming the offending path. Each
 * one also carries the JSON Schema of what it accepts, so that an API document can state every
 * constraint the reader enforces (checks JSON Schema cannot express are named in `description`).
 */
import { ValidationError } from './errors';
import { parseJson } from './serializer';

/** The JSON Schema (draft 2020-12 subset, as OpenAPI 3.1 uses it) of what a schema accepts. */
export type JsonSchema = {
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'object' | 'array' | 'null';
  readonly description?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly enum?: readonly string[];
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly properties?: { readonly [name: string]: JsonSchema };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly anyOf?: readonly JsonSchema[];
  /** A reference to a named schema (a recursive one: the provenance tree). */
  readonly $ref?: string;
};

/** Reads an untrusted value at `path` (used in error messages) into a `T`, or throws. */
export type Reader<T> = (value: unknown, path: string) => T;

/** A {@link Reader} with the JSON Schema of the values it accepts. */
export type Schema<T> = Reader<T> & { readonly jsonSchema: JsonSchema };

/** The type a schema reads. */
export type Infer<S> = S extends Reader<infer T> ? T : never;

/** A schema made of `read` and its JSON Schema. */
export function schema<T>(jsonSchema: JsonSchema, read: Reader<T>): Schema<T> {
  return Object.assign((value: unknown, path: string) => read(value, path), { jsonSchema });
}

/**
 * `base` with a further check `check`, which JSON Schema cannot express (`description` says what it
 * is): it returns the value or throws a {@link ValidationError}.
 */
export function refine<T>(
  base: Schema<T>,
  description: string,
  check: (value: T, path: string) => T,
): Schema<T> {
  const text =
    base.jsonSchema.description === undefined
      ? description
      : `${base.jsonSchema.description}; ${description}`;
  return schema({ ...base.jsonSchema, description: text }, (value, path) => check(base(value, path), path));
}

/** Characters never allowed in free text: the Unicode control characters (C0, DEL, C1). */
const CONTROL_CHARACTERS = /\p{Cc}/u;

/** A string. */
export const readString: Schema<string> = schema({ type: 'string' }, (value, path) => {
  if (typeof value !== 'string') {
    throw new ValidationError(`${path} must be a string`);
  }
  return value;
});

/** A string of at most `maxLength` characters matching `pattern` (described as `description`). */
export function matching(pattern: RegExp, description: string, maxLength: number): Schema<string> {
  return schema({ type: 'string', pattern: pattern.source, maxLength, description }, (value, path) => {
    const found = readString(value, path);
    if (found.length > maxLength || !pattern.test(found)) {
      throw new ValidationError(`${path} must be ${description}`);
    }
    return found;
  });
}

/**
 * {@link CONTROL_CHARACTERS} as a JSON Schema pattern: the ranges are spelt out, because a validator
 * that compiles patterns without the `u` flag would read `\p{Cc}` as letters.
 */
const NOT_CONTROL = '[^\\u0000-\\u001F\\u007F-\\u009F]';
const TEXT_PATTERN = `^${NOT_CONTROL}*[^\\s\\u0000-\\u001F\\u007F-\\u009F]${NOT_CONTROL}*$`;

/** Free text: 1 to `maxLength` characters, not only blanks, no control characters. */
export function text(maxLength: number): Schema<string> {
  const description = `1 to ${maxLength} characters of text without control characters`;
  return schema(
    { type: 'string', minLength: 1, maxLength, pattern: TEXT_PATTERN, description },
    (value, path) => {
      const result = readString(value, path);
      if (result.trim() === '' || result.length > maxLength || CONTROL_CHARACTERS.test(result)) {
        throw new ValidationError(`${path} must be ${description}`);
      }
      return result;
    },
  );
}

/** One of the given string constants. */
export function oneOf<T extends string>(options: readonly T[]): Schema<T> {
  return schema({ type: 'string', enum: options }, (value, path) => {
    const found = options.find((option) => option === value);
    if (found === undefined) {
      throw new ValidationError(`${path} must be one of ${options.join(', ')}`);
    }
    return found;
  });
}

/** A safe integer within [min, max]. */
export function integer(min: number, max: number): Schema<number> {
  return schema({ type: 'integer', minimum: min, maximum: max }, (value, path) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new ValidationError(`${path} must be an integer from ${min} to ${max}`);
    }
    return value;
  });
}

/** A boolean. */
export const readBoolean: Schema<boolean> = schema({ type: 'boolean' }, (value, path) => {
  if (typeof value !== 'boolean') {
    throw new ValidationError(`${path} must be a boolean`);
  }
  return value;
});

/** An array of `min` to `max` items (no bound: `undefined`), each read with `item`. */
export function arrayOf<T>(item: Schema<T>, min: number, max?: number): Schema<T[]> {
  const bounds = { minItems: min, ...(max === undefined ? {} : { maxItems: max }) };
  return schema({ type: 'array', items: item.jsonSchema, ...bounds }, (value, path) => {
    if (!Array.isArray(value)) {
      throw new ValidationError(`${path} must be an array`);
    }
    const items: readonly unknown[] = value;
    if (items.length < min || (max !== undefined && items.length > max)) {
      throw new ValidationError(`${path} must have ${min} to ${max ?? 'any number of'} items`);
    }
    return items.map((entry, index) => item(entry, `${path}[${index}]`));
  });
}

/** `null`, or a value read with `read`. */
export function nullable<T>(read: Schema<T>): Schema<T | null> {
  return schema({ anyOf: [read.jsonSchema, { type: 'null' }] }, (value, path) =>
    value === null ? null : read(value, path),
  );
}

/** A field of a {@link record} that may be absent. */
export type Optional<T> = { readonly optional: Schema<T> };

/** Marks a field of a {@link record} as optional. */
export function optional<T>(read: Schema<T>): Optional<T> {
  return { optional: read };
}

/** The fields of a {@link record}, each required (a schema) or {@link optional}. */
export type Shape = { readonly [name: string]: Schema<unknown> | Optional<unknown> };

type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = Exclude<keyof S, RequiredKeys<S>>;

/** The object type a {@link Shape} describes. */
export type RecordOf<S extends Shape> = {
  readonly [K in RequiredKeys<S>]: Infer<S[K]>;
} & {
  readonly [K in OptionalKeys<S>]?: S[K] extends Optional<infer T> ? T : never;
} extends infer O
  ? { [K in keyof O]: O[K] }
  : never;

function isOptional(field: Schema<unknown> | Optional<unknown>): field is Optional<unknown> {
  return typeof field !== 'function';
}

/** A JSON object whose fields are read one by one; fields not declared are refused up front. */
export class Fields {
  private constructor(
    private readonly entries: ReadonlyMap<string, unknown>,
    private readonly path: string,
  ) {}

  /**
   * Checks that `value` is a JSON object with no field outside `allowed`.
   * @throws ValidationError otherwise.
   */
  public static of(value: unknown, path: string, allowed: readonly string[]): Fields {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw new ValidationError(`${path} must be a JSON object`);
    }
    // A member set to `undefined` is absent, as in the JSON the object stands for.
    const entries = new Map<string, unknown>(
      Object.entries(value).filter(([, member]) => member !== undefined),
    );
    const unknownField = [...entries.keys()].find((key) => !allowed.includes(key));
    if (unknownField !== undefined) {
      throw new ValidationError(`${path} has an unknown field ${unknownField}`);
    }
    return new Fields(entries, path);
  }

  /** The field `key`, which must be present. */
  public required<T>(key: string, read: Reader<T>): T {
    if (!this.entries.has(key)) {
      throw new ValidationError(`${this.path}.${key} is required`);
    }
    return read(this.entries.get(key), `${this.path}.${key}`);
  }

  /** The field `key`, or `undefined` when it is absent. */
  public optional<T>(key: string, read: Reader<T>): T | undefined {
    return this.entries.has(key) ? this.required(key, read) : undefined;
  }
}

/**
 * A JSON object of the fields of `shape`, read in the shape's order; other fields are refused, and
 * an optional field that is absent stays absent.
 */
export function record<S extends Shape>(shape: S): Schema<RecordOf<S>> {
  const names = Object.keys(shape);
  const properties = Object.fromEntries(
    names.map((name) => {
      const field = shape[name] as Schema<unknown> | Optional<unknown>;
      return [name, isOptional(field) ? field.optional.jsonSchema : field.jsonSchema];
    }),
  );
  const required = names.filter((name) => !isOptional(shape[name] as Schema<unknown> | Optional<unknown>));
  return schema({ type: 'object', properties, required, additionalProperties: false }, (value, path) => {
    const fields = Fields.of(value, path, names);
    const result: Record<string, unknown> = {};
    for (const name of names) {
      const field = shape[name] as Schema<unknown> | Optional<unknown>;
      const read = isOptional(field) ? fields.optional(name, field.optional) : fields.required(name, field);
      if (read !== undefined) {
        result[name] = read;
      }
    }
    return result as RecordOf<S>;
  });
}

/** A transaction argument holding JSON, parsed into an `unknown` for a schema to check. */
export const readJsonArgument: Reader<unknown> = (value, path) => {
  const source = readString(value, path);
  try {
    return parseJson(source);
  } catch {
    throw new ValidationError(`${path} must be valid JSON`);
  }
};

/** A transaction argument holding JSON that `read` accepts. */
export function jsonArgument<T>(read: Schema<T>): Schema<T> {
  return schema({ type: 'string', description: `JSON: ${JSON.stringify(read.jsonSchema)}` }, (value, path) =>
    read(readJsonArgument(value, path), path),
  );
}

/** An optional positional argument: `""` means "not given". */
export function optionalArgument<T>(read: Schema<T>): Schema<T | undefined> {
  return schema({ anyOf: [read.jsonSchema, { type: 'string', maxLength: 0 }] }, (value, path) =>
    value === '' ? undefined : read(value, path),
  );
}
