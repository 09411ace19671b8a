/**
 * Structural type guards for untrusted values (transaction arguments, JSON arguments and ledger
 * bytes). Every reader takes an `unknown` and either returns a typed value or throws a
 * {@link ValidationError} naming the offending path.
 */
import { ValidationError } from './errors';
import { parseJson } from './serializer';

/** Reads an untrusted value at `path` (used in error messages) into a `T`, or throws. */
export type Reader<T> = (value: unknown, path: string) => T;

/** Characters never allowed in free text: the Unicode control characters (C0, DEL, C1). */
const CONTROL_CHARACTERS = /\p{Cc}/u;

/** A string. */
export const readString: Reader<string> = (value, path) => {
  if (typeof value !== 'string') {
    throw new ValidationError(`${path} must be a string`);
  }
  return value;
};

/** A string of at most `maxLength` characters matching `pattern` (described as `description`). */
export function matching(pattern: RegExp, description: string, maxLength: number): Reader<string> {
  return (value, path) => {
    const text = readString(value, path);
    if (text.length > maxLength || !pattern.test(text)) {
      throw new ValidationError(`${path} must be ${description}`);
    }
    return text;
  };
}

/** Free text: 1 to `maxLength` characters, not only blanks, no control characters. */
export function text(maxLength: number): Reader<string> {
  return (value, path) => {
    const result = readString(value, path);
    if (result.trim() === '' || result.length > maxLength || CONTROL_CHARACTERS.test(result)) {
      throw new ValidationError(
        `${path} must be 1 to ${maxLength} characters of text without control characters`,
      );
    }
    return result;
  };
}

/** One of the given string constants. */
export function oneOf<T extends string>(options: readonly T[]): Reader<T> {
  return (value, path) => {
    const found = options.find((option) => option === value);
    if (found === undefined) {
      throw new ValidationError(`${path} must be one of ${options.join(', ')}`);
    }
    return found;
  };
}

/** A safe integer within [min, max]. */
export function integer(min: number, max: number): Reader<number> {
  return (value, path) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw new ValidationError(`${path} must be an integer from ${min} to ${max}`);
    }
    return value;
  };
}

/** An array of `min` to `max` items, each read with `item`. */
export function arrayOf<T>(item: Reader<T>, min: number, max: number): Reader<T[]> {
  return (value, path) => {
    if (!Array.isArray(value)) {
      throw new ValidationError(`${path} must be an array`);
    }
    const items: readonly unknown[] = value;
    if (items.length < min || items.length > max) {
      throw new ValidationError(`${path} must have ${min} to ${max} items`);
    }
    return items.map((entry, index) => item(entry, `${path}[${index}]`));
  };
}

/** `null`, or a value read with `read`. */
export function nullable<T>(read: Reader<T>): Reader<T | null> {
  return (value, path) => (value === null ? null : read(value, path));
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
    const entries = new Map<string, unknown>(Object.entries(value));
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

/** A transaction argument holding JSON, parsed into an `unknown` for a guard to check. */
export const readJsonArgument: Reader<unknown> = (value, path) => {
  const source = readString(value, path);
  try {
    return parseJson(source);
  } catch {
    throw new ValidationError(`${path} must be valid JSON`);
  }
};

/** An optional positional argument: `""` means "not given". */
export function optionalArgument<T>(read: Reader<T>): Reader<T | undefined> {
  return (value, path) => (value === '' ? undefined : read(value, path));
}
