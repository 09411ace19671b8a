/**
 * The one deterministic JSON serializer: everything written to the ledger, emitted in an event or
 * returned goes through {@link toJson}, so every endorsing peer produces byte-identical output.
 */

/** A JSON value. Object properties that are `undefined` are left out, as `JSON.stringify` does. */
export type JsonValue = string | number | boolean | null | readonly JsonValue[] | JsonObject;

/** A JSON object (optional properties allowed). */
export type JsonObject = { readonly [key: string]: JsonValue | undefined };

/**
 * Serializes `value` as JSON with object keys sorted (by UTF-16 code units) at every level and no
 * whitespace.
 * @throws Error on a non-finite number, which JSON cannot represent.
 */
export function toJson(value: JsonValue): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new Error(`cannot serialize the non-finite number ${value}`);
    }
    return JSON.stringify(value);
  }
  if (isArray(value)) {
    return `[${value.map(toJson).join(',')}]`;
  }
  const members = Object.keys(value)
    .sort()
    .flatMap((key) => {
      const member = value[key];
      return member === undefined ? [] : [`${JSON.stringify(key)}:${toJson(member)}`];
    });
  return `{${members.join(',')}}`;
}

/** {@link toJson} encoded as UTF-8 bytes, the form written to the ledger and to events. */
export function toBytes(value: JsonValue): Uint8Array {
  return Buffer.from(toJson(value), 'utf8');
}

/**
 * Parses JSON text into an `unknown` value that a type guard must check before use.
 * @throws SyntaxError when `text` is not JSON.
 */
export function parseJson(text: string): unknown {
  const parsed: unknown = JSON.parse(text);
  return parsed;
}

/** Whether `value` is a {@link JsonValue}: what `JSON.parse` produces (finite numbers only). */
export function isJsonValue(value: unknown): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') {
    return true;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value);
  }
  if (Array.isArray(value)) {
    const items: readonly unknown[] = value;
    return items.every(isJsonValue);
  }
  return (
    typeof value === 'object' &&
    Object.getPrototypeOf(value) === Object.prototype &&
    Object.values(value).every((member) => member === undefined || isJsonValue(member))
  );
}

function isArray(value: readonly JsonValue[] | JsonObject): value is readonly JsonValue[] {
  return Array.isArray(value);
}
